"""Build into a fresh folder beside the output, and swap it in only when the build succeeded.

A failed or killed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".building-"
RETIRED = ".retired-"
DELETE_IN_BACKGROUND_FROM = 2000  # files: a large previous output is deleted after the build has returned


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    return True


def clean_leftovers(output: Path):
    """Remove folders left by builds that were killed before they could clean up."""
    for leftover in output.parent.glob(f".{output.name}{PREFIX}*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in output.parent.glob(f".{output.name}{RETIRED}*"):
        _delete(leftover)  # a previous output whose deletion was interrupted


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
    retired = output.parent / f".{output.name}{RETIRED}{os.getpid()}-{time.time_ns()}"
    if output.exists():
        os.replace(output, retired)
    os.replace(staging, output)
    if retired.exists():
        _delete(retired)


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
