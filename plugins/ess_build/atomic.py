"""Build into a fresh folder beside the output, and swap it in only when the build succeeded.

A failed or killed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".building-"


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
    retired = output.parent / f".{output.name}.retired-{os.getpid()}"
    if output.exists():
        os.replace(output, retired)
    os.replace(staging, output)
    shutil.rmtree(retired, ignore_errors=True)
