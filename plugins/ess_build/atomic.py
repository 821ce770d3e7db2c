"""Build into a fresh folder beside the output, and swap it in only when the build succeeded.

A failed or killed build leaves the previous output exactly as it was. The swap exchanges the two folders
in one step (Linux renameat2 RENAME_EXCHANGE), so at no instant is there no site; where the file system
cannot exchange, it takes two renames, and a build killed between them leaves the previous site under a
`.retired-` name, which the next build puts back before anything else (never deletes it).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".building-"
RETIRED = ".retired-"  # a previous output until the swap is complete (put back if the swap was cut)
TRASH = ".deleting-"  # a previous output being deleted (never put back)
DELETE_IN_BACKGROUND_FROM = 200  # files (counting more takes as long as deleting them): a large previous output is deleted after the build has returned


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    return True


def _retired_time(folder: Path) -> int:
    stamp = folder.name.rsplit("-", 1)[-1]
    return int(stamp) if stamp.isdigit() else 0


def clean_leftovers(output: Path):
    """Put back a previous output a killed swap left retired, then remove what killed builds left."""
    retired = sorted(output.parent.glob(f".{output.name}{RETIRED}*"), key=_retired_time)
    if retired and not os.path.lexists(output):
        os.replace(retired.pop(), output)  # the newest previous site: the swap was cut between its renames
    for leftover in output.parent.glob(f".{output.name}{PREFIX}*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in [*retired, *output.parent.glob(f".{output.name}{TRASH}*")]:
        _delete(leftover)  # a previous output whose deletion was interrupted (a newer site is in place)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one step (Linux renameat2); False where the system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - not Linux, or an old C library
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):  # not supported here
        return False
    raise OSError(error, os.strerror(error), str(second))


def swap_in(staging: Path, output: Path) -> Path | None:
    """Make ``staging`` the output; returns where the previous output went (to delete), if there was one."""
    if not os.path.lexists(output):
        os.replace(staging, output)
        return None
    retired = output.parent / f".{output.name}{RETIRED}{os.getpid()}-{time.time_ns()}"
    if exchange(staging, output):
        os.replace(staging, retired)  # staging now holds the previous site
    else:
        os.replace(output, retired)  # a kill right here is undone by the next build's clean_leftovers()
        os.replace(staging, output)
    return retired


@contextmanager
def staged_output(output: Path):
    """Yield a temporary folder to build into; on success it replaces ``output``."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(output)
    staging = output.parent / f".{output.name}{PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = swap_in(staging, output)
    if retired is not None:
        trash = retired.with_name(retired.name.replace(RETIRED, TRASH, 1))
        os.replace(retired, trash)
        _delete(trash)


def _delete(folder: Path) -> None:
    """Removes a previous output. Thousands of page folders take seconds to delete and nobody needs to wait
    for that: a large one is left to `rm` in a process of its own (a later build removes what it missed)."""
    rm = shutil.which("rm")
    if rm and os.name == "posix" and _has_files(folder, DELETE_IN_BACKGROUND_FROM):
        subprocess.Popen([rm, "-rf", "--", str(folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        return
    shutil.rmtree(folder, ignore_errors=True)


def _has_files(folder: Path, count: int) -> bool:
    """Does the folder hold at least ``count`` files (stops counting there)?"""
    seen = 0
    for _, _, files in os.walk(folder):
        seen += len(files)
        if seen >= count:
            return True
    return False
