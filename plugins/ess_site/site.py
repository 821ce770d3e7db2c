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
from ess_content.children import can_fork, die_with_parent
from ess_i18n import Catalogs, Formats
from ess_routes import Routes

PROGRESS_FROM_PAGES = 500  # builds with fewer pages print only their summary
INTERRUPT_POLL = 0.05  # seconds between two looks at whether a build in place should stop waiting


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it has waited for (user + system)."""
    import resource

    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


class BuildInterrupted(Exception):  # noqa: N818 - not an error: a newer save is waiting
    """A build in place (the preview server) stopped while its helpers were still at work, because a newer
    save is waiting: what it published stays served, the next build finishes the rest."""


class BackgroundStepError(Exception):
    """A step run in a helper process failed; ``error`` is what it raised (an OSError is rebuilt as one)."""

    def __init__(self, name: str, error: BaseException, details: str):
        super().__init__(f"the {name} step failed: {error}")
        self.name = name
        self.error = error
        self.details = details  # the helper's traceback, for the internal-error report


#: a file created by this call, never one that is there (os.open's flags; binary where that means something)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _timed(function, site, seconds, parent, results) -> None:
    die_with_parent(parent)
    started = cpu_seconds()
    if site.reuse is not None:
        site.reuse.forget_inherited()  # (the main process hands its own records to the build's state)
    try:
        outcome = function(site)
    except BaseException as error:  # noqa: BLE001 - reported to the build, which decides what it means
        import traceback

        if isinstance(error, OSError):
            sent = OSError(error.errno, error.strerror, error.filename)
        else:
            sent = RuntimeError(f"{type(error).__name__}: {error}")
        results.send(("failed", sent, traceback.format_exc()))
        results.close()
        os._exit(1)
    seconds.value = cpu_seconds() - started
    results.send(("done", outcome, None))
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
    warnings: list = field(default_factory=list)  # for the editors (tools messages), printed after the build
    counts: dict[str, int] = field(default_factory=dict)  # work done, for the summary (image copies encoded)
    _folders: set[str] = field(default_factory=set, repr=False)  # made by output_file() in this build

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

    def progress(self, message) -> None:
        """A line (a tools message, in the editor's language) for editors watching a long build (quiet for small sites)."""
        if self.is_large:
            print(message, file=sys.stderr, flush=True)

    def run_in_background(self, name: str, function, on_result=None) -> None:
        """Run ``function(self)`` in a forked process on the other core (the build waits for it at the end);
        its return value is handed to ``on_result`` here. Runs it here where fork is not available."""
        if not can_fork():  # pragma: no cover - Windows
            outcome = function(self)
            if on_result is not None:
                on_result(outcome)
            return
        context = multiprocessing.get_context("fork")
        seconds = context.Value("d", 0.0)
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_timed, args=(function, self, seconds, os.getpid(), sending), name=name, daemon=True
        )  # daemon: never waited for by a main process that is ending on an error
        process.start()
        sending.close()
        self.background.append((name, process, seconds, receiving, on_result))

    def wait_for_background(self, interrupted=None) -> None:
        """Waits for each helper's result; the first that failed is raised as BackgroundStepError.
        ``interrupted()``: asked before each helper's result and while waiting for it; when true, the helpers
        are ended, what they published kept, and BuildInterrupted raised."""
        failure = None
        try:
            for name, process, seconds, results, on_result in self.background:
                while interrupted is not None:
                    if interrupted():
                        raise BuildInterrupted(name)
                    if results.poll(INTERRUPT_POLL):
                        break
                try:
                    status, outcome, details = results.recv()  # before join: a large result would block the helper
                except EOFError:  # it died without a word (killed)
                    status, outcome, details = "failed", RuntimeError(f"exit code {process.exitcode}"), ""
                results.close()
                process.join()
                if status == "done" and process.exitcode == 0:
                    if on_result is not None:
                        on_result(outcome)
                elif failure is None:
                    if process.exitcode and process.exitcode < 0:
                        outcome = RuntimeError(f"the process was killed by signal {-process.exitcode}")
                    failure = BackgroundStepError(name, outcome, details or "")
                self.timings[f"{name} (in parallel, CPU)"] = seconds.value  # CPU seconds of it and its children
        finally:
            self.stop_background()
        if failure is not None:
            raise failure

    def stop_background(self) -> None:
        """Ends every helper still running (the build failed elsewhere): none is left waiting to write its
        result into a pipe nobody reads, and none outlives the build."""
        for _name, process, _seconds, results, _on_result in self.background:
            if process.is_alive():
                process.kill()
            process.join()
            results.close()
        self.background.clear()

    @cached_property
    def output_root(self) -> str:
        return str(self.output_path.resolve())

    def output_file(self, relative: str) -> Path:
        """A path inside the output folder; refuses anything that would land outside it."""
        return Path(self._output_path(relative))

    def _output_path(self, relative: str) -> str:
        root = self.output_root
        target = os.path.normpath(os.path.join(root, relative))  # the site's own paths have no symbolic links
        if os.path.commonpath([root, target]) != root:
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        folder = os.path.dirname(target)
        if folder not in self._folders:  # (made once: a folder holds a page and its calendar, or many parts)
            try:
                os.mkdir(folder)  # (a page's own folder, in one that is there: without makedirs' stat first)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def write_output(self, relative: str, text: str) -> None:
        """Writes a text file of the site (UTF-8, its newlines as they are) at ``relative`` (write_bytes)."""
        self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Writes a file of the site at ``relative`` as a new file: never through a hard link to the previous
        build's file (ess_incremental's reused files), which is unlinked first if it is there. With os.open and
        os.write: Python's open() asks a new file's size, whether it is a terminal and its position (3 system
        calls, and the unlink before it a fourth, for each of the 15,000 files at 2,000 items)."""
        path = self._output_path(relative)
        try:
            descriptor = os.open(path, _NEW_FILE, 0o666)
        except FileExistsError:
            os.unlink(path)
            descriptor = os.open(path, _NEW_FILE, 0o666)
        try:
            left = memoryview(data)
            while left:
                left = left[os.write(descriptor, left) :]
        finally:
            os.close(descriptor)

    def published_file(self, relative: str) -> Path:
        """A file this build publishes, written already: in the output folder, or, in an in-place build (the
        preview server), where it was kept or moved."""
        path = self.output_file(relative)
        if self.reuse is not None and self.reuse.in_place and not path.exists():
            return self.reuse.previous_output / relative
        return path
