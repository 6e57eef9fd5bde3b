#!/usr/bin/env bash
# Installs the Debian packages the test suite uses, when they are missing and we may.
# libharfbuzz-subset0: WeasyPrint subsets fonts with it (without it: a warning per render).
# chromium: the HTML report is opened headless at desktop and phone width.
set -euo pipefail
need=()
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]}; install them with apt-get (as root)" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
