"""Helper processes (Markdown workers, the search step) never outlive the build that started them."""

from __future__ import annotations

import multiprocessing
import os


def can_fork() -> bool:
    """Helper processes are forked from the build (not where fork is missing, as on Windows: there every
    step runs in the build's own process)."""
    return "fork" in multiprocessing.get_all_start_methods()


def die_with_parent(parent: int) -> None:
    """In a forked helper: be killed when the process ``parent`` dies, however it dies (Linux prctl
    PR_SET_PDEATHSIG), so a killed build leaves no helper running or writing into its staging folder."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
