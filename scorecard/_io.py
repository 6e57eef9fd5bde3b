"""Atomic output: a file is either its old self or completely the new one.

The data is written to an *unnamed* temporary file in the target's folder
(Linux ``O_TMPFILE``), synced, given a hidden name and renamed over the target.
A process killed while writing leaves nothing behind: an unnamed file vanishes
with its last descriptor. Only the instant between naming and renaming (no data
is written then) could leave a hidden ``.NAME.*.part`` file. Where ``O_TMPFILE``
is not available (other systems, some file systems) a named temporary file is
used instead, removed on any failure the process lives through.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from scorecard.errors import ScorecardError

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an
    ``os.replace``: a failure or a kill leaves any earlier file intact and no partial
    file behind."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    if not folder.is_dir():
        raise ScorecardError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise ScorecardError(f"{target}: is a folder, not a file")
    try:
        _write(target, payload)
    except OSError as exc:
        raise ScorecardError(f"{target}: cannot write the file ({exc.strerror or exc})") from exc
    return target


def _write(target: Path, payload: bytes) -> None:
    fd = _unnamed(target.parent)
    if fd is not None:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            tmp = _name(handle.fileno(), target.parent, target.name)
        if tmp is not None:
            _publish(tmp, target)
            return
    # no unnamed files here: a named temporary file, removed on any failure
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _publish(tmp, target)


def _publish(tmp: str, target: Path) -> None:
    try:
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _unnamed(folder: Path) -> int | None:
    """A descriptor of an unnamed file in ``folder``, or ``None`` if unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:  # file system without O_TMPFILE support
        return None


def _name(fd: int, folder: Path, name: str) -> str | None:
    """Give the unnamed file behind ``fd`` a hidden, unique name in ``folder``;
    ``None`` if the system refuses to link it."""
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N; CPython calls plain link() (which
    # does not follow the magic link) unless a directory descriptor is given.
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(100):
            tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.part")
            try:
                os.link(str(fd), tmp, src_dir_fd=proc, follow_symlinks=True)
            except FileExistsError:
                continue
            except OSError:
                return None
            return tmp
    finally:
        os.close(proc)
    raise FileExistsError(f"no free temporary name for {name} in {folder}")
