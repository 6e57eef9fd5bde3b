#!/usr/bin/env bash
# Installs the Debian packages the test suite uses, when they are missing and we may.
# libharfbuzz-subset0: WeasyPrint subsets fonts with it (without it: a warning per render).
# chromium: the HTML report is opened headless at desktop and phone width.
# Under CI (the CI variable set, as .ci/run sets it) a package that cannot be installed
# is an error: the browser tests would otherwise fail later with a less helpful message.
set -euo pipefail
need=()
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
strict=0
if [ -n "${CI:-}" ]; then strict=1; fi
fail() {
  echo "system-deps: $*" >&2
  if [ "$strict" -eq 1 ]; then
    echo "system-deps: CI is set, so this is an error: the tests need ${need[*]}" >&2
    exit 1
  fi
  exit 0
}
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  fail "missing ${need[*]}; install them with apt-get (as root)"
fi
echo "system-deps: installing ${need[*]}"
if ! apt-get update -qq >/dev/null; then
  fail "apt-get update failed; cannot install ${need[*]}"
fi
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${need[@]}" >/dev/null; then
  fail "apt-get install ${need[*]} failed"
fi
for package in "${need[@]}"; do
  case "$package" in
    chromium) command -v chromium >/dev/null 2>&1 || fail "chromium installed but not on PATH" ;;
    *) dpkg -s "$package" >/dev/null 2>&1 || fail "$package is still not installed" ;;
  esac
done
