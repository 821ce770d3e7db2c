"""What every output needs: the validated content, the site map, the catalogs and the settings."""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ess_config import SiteConfig

from ess_content import ContentTree
from ess_i18n import Catalogs, Formats
from ess_routes import Routes

PROGRESS_FROM_PAGES = 500  # builds with fewer pages print only their summary


def _die_with_parent(parent: int) -> None:
    """A build killed midway must not leave its helper writing into the staging folder (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it has waited for (user + system)."""
    import resource

    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _timed(function, site, seconds, parent, results) -> None:
    _die_with_parent(parent)
    started = cpu_seconds()
    outcome = function(site)
    seconds.value = cpu_seconds() - started
    results.send(outcome)
    results.close()


@dataclass
class Site:
    config: SiteConfig
    tree: ContentTree
    routes: Routes
    catalogs: Catalogs
    settings: dict
    output_path: Path
    timings: dict[str, float] = field(default_factory=dict)  # seconds per build step
    background: list = field(default_factory=list)  # (name, process, seconds, results, on_result) run beside
    reuse: object = None  # ess_incremental.Reuse: which outputs of the previous build are still right
    warnings: list[str] = field(default_factory=list)  # for the editors, printed after the build
    counts: dict[str, int] = field(default_factory=dict)  # work done, for the summary (image copies encoded)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.codes

    @cached_property
    def formats(self) -> Formats:
        """Dates, numbers and names in each declared language's locale (Babel)."""
        return Formats({lang.code: lang.locale for lang in self.config.languages})

    @property
    def origin(self) -> str:
        """Scheme and host for the few outputs that need absolute URLs (feeds, sitemap) in preview."""
        return self.settings.get("PREVIEW_ORIGIN", "http://127.0.0.1:8000")

    def absolute(self, path: str) -> str:
        return self.routes.absolute(path, self.origin)

    def translate(self, lang: str, message: str, **variables) -> str:
        return self.catalogs.gettext(lang, message, **variables)

    @property
    def is_large(self) -> bool:
        return len(self.routes.pages) >= PROGRESS_FROM_PAGES

    def progress(self, message: str) -> None:
        """A line for editors watching a long build (quiet for small sites)."""
        if self.is_large:
            print(message, file=sys.stderr, flush=True)

    def run_in_background(self, name: str, function, on_result=None) -> None:
        """Run ``function(self)`` in a forked process on the other core (the build waits for it at the end);
        its return value is handed to ``on_result`` here. Runs it here where fork is not available."""
        if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
            outcome = function(self)
            if on_result is not None:
                on_result(outcome)
            return
        context = multiprocessing.get_context("fork")
        seconds = context.Value("d", 0.0)
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_timed, args=(function, self, seconds, os.getpid(), sending), name=name)
        process.start()
        sending.close()
        self.background.append((name, process, seconds, receiving, on_result))

    def wait_for_background(self) -> None:
        failed = []
        for name, process, seconds, results, on_result in self.background:
            try:
                outcome = results.recv()  # before join: a large result would otherwise block the helper
            except EOFError:
                outcome = None  # the helper failed; its exit code says so below
            results.close()
            process.join()
            if process.exitcode == 0 and on_result is not None:
                on_result(outcome)
            self.timings[f"{name} (in parallel, CPU)"] = seconds.value  # CPU seconds of that process and its children
            if process.exitcode != 0:
                failed.append(name)
        self.background.clear()
        if failed:
            raise RuntimeError(f"the {', '.join(failed)} step failed (see the messages above)")

    @cached_property
    def output_root(self) -> str:
        return str(self.output_path.resolve())

    def output_file(self, relative: str) -> Path:
        """A path inside the output folder; refuses anything that would land outside it."""
        root = self.output_root
        target = os.path.normpath(os.path.join(root, relative))  # the site's own paths have no symbolic links
        if os.path.commonpath([root, target]) != root:
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        return Path(target)
