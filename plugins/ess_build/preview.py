"""The preview server's build process: one long-lived process that keeps the site in memory.

It builds once (as ``build`` does), then keeps what that build knew: the content files it read (by path and
lstat, ``ess_content.loader``), the state of the build (every output and the keys it read,
``ess_incremental``) and the list of files served. On every save in the content folder it builds again in
the same process: only what the save touched is read again (the bodies changed, else the items whose
folders it touched, else every file whose lstat changed: ``ess_content.reread``, ``ess_site.generator``),
the site map is made again unless only bodies changed, only the outputs whose recorded keys changed are
rendered, and those files are moved into the served folder one by one (each replaced in one step; outputs
no longer built are removed). The output is the same, byte for byte, as a build from nothing of the same
tree.

A change to the code, the theme, the settings or the catalogs ends the process with :data:`RESTART`: the
server (``serve.py``) starts a fresh one, whose first build renders everything again. Each build's outcome
is sent to the server as one JSON line on the ``--events`` descriptor: ``{"ok": true, "changed": N}`` or
``{"ok": false, "problems": "..."}`` (what the terminal showed, for the banner above the last good site),
and each page as soon as it is in the served folder: ``{"published": "fr/index.html"}`` (a page rendered
again is published before the slower outputs of the same build, such as the search index, are done).

    python -m ess_build.preview --content DIR --output DIR [--site DIR] --events FD
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import queue
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from ess_i18n.tools import _t, _tn

from .atomic import files_in
from .build import PROJECT_ROOT, build, build_in_place, settings_for

RESTART = 75  # exit code: the code, theme, settings or catalogs changed; the server starts a fresh process


class PreviewSite:
    """The site as the last successful build left it, and the next build from there."""

    def __init__(self, settings: dict):
        from ess_routes.digests import keep_page_digests

        keep_page_digests()  # every save's site map digests its pages again, most of them as they were
        self.settings = settings
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self.kept: dict = {}  # the content files read, compiled templates, catalogs (ess_site.generator)
        self.state: dict | None = None  # the last build's, for the next (ess_incremental)
        self.files: set[str] = set()  # what the served folder holds

    def first_build(self) -> dict:
        """A build as ``build`` does it (the state left on disk by any earlier build is used)."""
        from ess_incremental import state_of

        summary = build(dict(self.settings, ESS_KEPT=self.kept))
        self.state = state_of(summary["site"].reuse, self.output, in_memory=True)
        self.files = files_in(self.output)
        self.kept["changes"] = set()
        return summary

    def update(self, on_published=None, interrupted=None) -> dict | None:
        """The next build, in place. Raises what ``build`` raises (a content error leaves the served folder as it
        was; a failure after the first pages were served leaves them, known to the next build). None:
        ``interrupted()`` became true while the build waited for its helpers (a newer save is waiting); the
        pages it published stay served, and the next build, compared with the same state, finishes its work."""
        from ess_incremental.state import forget_replaced

        from ess_site.site import BuildInterrupted

        if self.state is None and not self.files and self.output.is_dir():
            self.files = files_in(self.output)  # the first build failed: a previous session's output is served
        prepared = self.kept.get("prepared")
        try:
            summary = build_in_place(self.settings, self.state, self.kept, self.files, on_published, interrupted)
        except BuildInterrupted:
            self._take_published(forget_replaced)
            behind, edited = self.kept.get("behind", set()), self.kept.get("edited")
            self.kept["behind"] = None if behind is None or edited is None else behind | edited
            return None
        except BaseException:
            self._take_published(forget_replaced)  # (a helper that failed after the first pages were served)
            if self.kept.get("prepared") is not prepared:  # the tree changed, but not the state: compare all keys
                self.kept["behind"] = None
            raise
        self.state, self.files = summary["state"], summary["files"]
        self.kept["changes"] = set()  # (what changed since the last build that succeeded)
        self.kept["behind"] = set()  # (keys changed by interrupted builds since that state: None for any)
        return summary

    def _take_published(self, forget_replaced) -> None:
        """After a build that did not finish: what it published stays served, known to the next build, which
        removes what it does not build and renders again what the last finished build's state no longer
        describes."""
        self.files = files_in(self.output)
        if self.state is not None:
            forget_replaced(self.state, self.output)

    def changed(self, paths) -> None:
        """Files the watcher saw change (ess_site.generator reads only these again when only bodies changed)."""
        self.kept.setdefault("changes", set()).update(paths)


def watched_code(site: Path) -> list[Path]:
    """The files whose change restarts the build process: the project's code, theme and locked packages
    (as ess_incremental counts them), the site's settings and catalogs."""
    from ess_incremental.fingerprint import code_files

    return [*code_files(PROJECT_ROOT, site / "translations"), site / "pelicanconf.py", site / "publishconf.py"]


def code_signature(site: Path) -> frozenset:
    signature = set()
    for path in watched_code(site):
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        signature.add((str(path), info.st_size, info.st_mtime_ns))
    return frozenset(signature)


class _Tee(io.TextIOBase):
    """The terminal's stream, and a copy of what was written (for the page's banner)."""

    def __init__(self, stream):
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text):
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()


@contextmanager
def _teed_stderr():
    tee = _Tee(sys.stderr)
    sys.stderr = tee
    try:
        yield tee.copy
    finally:
        sys.stderr = tee.stream


class Events:
    """One JSON line per build to the server."""

    def __init__(self, descriptor: int | None):
        self.stream = os.fdopen(descriptor, "w", buffering=1) if descriptor is not None else None

    def send(self, **event) -> None:
        if self.stream is not None:
            self.stream.write(json.dumps(event) + "\n")


def _attempt(events: Events, run) -> bool:
    """One build; its outcome to the server. True when it succeeded."""
    from .__main__ import EXIT_ENVIRONMENT, reported
    from .build import BuildError

    outcome = {}

    def counted() -> int:
        try:
            outcome.update(run())
        except BuildError as failure:
            print(_t("The build failed; the previous output is unchanged."), failure, sep="\n", file=sys.stderr)
            return EXIT_ENVIRONMENT
        return 0

    with _teed_stderr() as printed:
        code = reported(counted)
    if code == 0:
        events.send(ok=True, changed=len(outcome.get("changed", ())))
        return True
    events.send(ok=False, problems=printed.getvalue().strip() or "?", code=code)
    return False


def run(content: Path, output: Path, site: Path | None, events: Events) -> int:
    from .__main__ import print_summary

    settings = settings_for(publish=False, content=content, output=output, site=site)
    site_dir = Path(settings["ESS_SITE_DIR"])
    preview = PreviewSite(settings)
    code = code_signature(site_dir)

    def first():
        summary = preview.first_build()
        print_summary(summary, settings, publish=False)
        return summary

    def published(relative: str) -> None:
        if relative.endswith(".html"):
            events.send(published=relative)  # the browser reloads now (the build may go on for a while)

    def update():
        summary = preview.update(published, interrupted=lambda: not saves.empty())
        if summary is None:  # a newer save is waiting: its build finishes what this one left (search indexes)
            return {}
        print(
            _tn(
                "Preview updated in %(seconds)s s (%(count)s file rendered again).",
                "Preview updated in %(seconds)s s (%(count)s files rendered again).",
                summary["site"].reuse.rendered,
                count=summary["site"].reuse.rendered,
                seconds=round(summary["seconds"], 2),
            ),
            flush=True,
        )
        return summary

    saves = _watch(Path(settings["PATH"]))  # from now on: no save is missed, not even during the first build
    _attempt(events, first)
    while True:
        try:
            changes = saves.get(timeout=0.5)
        except queue.Empty:
            changes = set()
        if code_signature(site_dir) != code:
            print(_t("The code, theme, settings or catalogs changed: building the preview again from the start."))
            return RESTART
        while not saves.empty():  # what was saved while the last build ran: one build for all of it
            changes |= saves.get()
        if changes:
            preview.changed(path for _change, path in changes)
            _attempt(events, update if preview.state is not None else first)


def _watch(content: Path) -> queue.Queue:
    """The content folder's changes (sets of (change, path)), collected by a thread while builds run."""
    import watchfiles

    saves: queue.Queue = queue.Queue()

    def collect() -> None:
        for changes in watchfiles.watch(content, step=50, raise_interrupt=False):
            saves.put(changes)

    threading.Thread(target=collect, name="watch", daemon=True).start()
    return saves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--site", type=Path, default=None)
    parser.add_argument("--events", type=int, default=None, help="descriptor the build outcomes are written to")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from ess_content.children import die_with_parent

    die_with_parent(os.getppid())  # ends with the server, however the server ends
    try:
        return run(args.content, args.output, args.site, Events(args.events))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
