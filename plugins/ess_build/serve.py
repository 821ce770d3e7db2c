"""Preview server: build, serve the output on 127.0.0.1, rebuild and reload the browser on change."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from ess_i18n.tools import _t, editor_language

from .build import PROJECT_ROOT
from .preview import RESTART

RELOAD_AFTER = 0.05  # seconds: the pages a build publishes at about the same time reach the browser in one reload


class LastBuild:
    """What the latest build printed when it failed (None after a success): shown above every page."""

    problems: str | None = None


class BuildProcess:
    """The long-lived build process (``ess_build.preview``): started again whenever it ends asking for it
    (the code, theme, settings or catalogs changed). ``on_build`` is called with each build's outcome."""

    def __init__(self, content: Path | None, output: Path | None, site: Path | None, on_build):
        self.command = [sys.executable, "-m", "ess_build.preview"]
        self.command += ["--content", str((content or (site or PROJECT_ROOT) / "content").resolve())]
        self.command += ["--output", str((output or PROJECT_ROOT / "output").resolve())]
        if site:
            self.command += ["--site", str(site.resolve())]
        self.on_build = on_build
        self.process: subprocess.Popen | None = None
        self.stopped = False

    def start(self) -> None:
        receiving, sending = os.pipe()
        self.process = subprocess.Popen(
            [*self.command, "--events", str(sending)], cwd=PROJECT_ROOT, pass_fds=(sending,)
        )
        os.close(sending)
        threading.Thread(target=self._listen, args=(self.process, receiving), daemon=True).start()

    def _listen(self, process: subprocess.Popen, receiving: int) -> None:
        with os.fdopen(receiving, encoding="utf-8") as events:
            for line in events:
                self.on_build(json.loads(line))
        if process.wait() == RESTART and not self.stopped:
            self.start()  # a fresh process: the changed code, theme, settings or catalogs take effect
        elif not self.stopped:
            self.on_build({"ok": False, "ended": process.returncode})

    def stop(self) -> None:
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def error_notice(problems: str, lang: str) -> bytes:
    """The failed build's messages, above the last good page, in the editor's language."""
    title = _t("The last change could not be built: below is the previous version. Fix these problems and save again.")
    return (
        f'<div class="banner build-error" role="alert" lang="{lang}"><p><strong>{html.escape(title.render(lang))}'
        f"</strong></p><pre>{html.escape(problems)}</pre></div>"
    ).encode()


_BODY = re.compile(rb"<body[^>]*>")


def _inject_external_reload_script():
    """livereload injects an inline script, which the site's Content-Security-Policy forbids;
    inject an external one instead (served by livereload itself at /livereload.js). While the latest
    build has failed, its messages are shown at the top of every page."""
    from livereload import server as livereload_server

    tag = b'<script src="/livereload.js" defer></script>'

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            added = len(chunk)
            chunk = chunk.replace(b"</head>", tag + b"</head>", 1)
            body = _BODY.search(chunk)
            if LastBuild.problems and body:
                notice = error_notice(LastBuild.problems, editor_language())
                chunk = chunk[: body.end()] + notice + chunk[body.end() :]
            added = len(chunk) - added
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + added)
        return status_code, headers, chunk

    livereload_server.LiveScriptInjector.transform_first_chunk = transform_first_chunk


def allowed_hosts(port: int) -> frozenset[str]:
    """The Host headers the preview answers: its own address only (a page elsewhere that makes a name
    resolve to 127.0.0.1, "DNS rebinding", gets nothing)."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def _guard(port: int) -> None:
    """Every request must name the preview's own host; reloading (/forcereload, the live-reload socket) is
    refused to other origins; files carry the published site's security headers (ess_headers.policy)."""
    from ess_headers.policy import HEADERS, extension_headers
    from livereload import handlers
    from tornado import web

    hosts = allowed_hosts(port)
    origins = frozenset(f"http://{host}" for host in hosts)

    def prepare(self):
        if self.request.host not in hosts:
            raise web.HTTPError(403, "unknown Host")
        if isinstance(self, handlers.ForceReloadHandler | handlers.LiveReloadHandler):
            origin = self.request.headers.get("Origin")
            fetched_from = self.request.headers.get("Sec-Fetch-Site")
            if (origin and origin not in origins) or (fetched_from and fetched_from not in ("same-origin", "none")):
                raise web.HTTPError(403, "cross-origin reload")

    def set_default_headers(self):
        for name, value in HEADERS:
            self.set_header(name, value)
        for name, value in extension_headers(self.request.path):
            self.set_header(name, value)

    for handler in (handlers.ForceReloadHandler, handlers.LiveReloadHandler, handlers.LiveReloadJSHandler,
                    handlers.StaticFileHandler):  # fmt: skip
        handler.prepare = prepare
    handlers.StaticFileHandler.set_default_headers = set_default_headers
    handlers.LiveReloadHandler.check_origin = lambda self, origin: origin in origins


def serve(content: Path | None, output: Path | None, port: int, site: Path | None = None) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    _inject_external_reload_script()
    _guard(port)
    output_dir = (output or PROJECT_ROOT / "output").resolve()

    # One build process holds the site in memory and rebuilds on every save; a content error is printed
    # there and sent here, and the last good site stays served with the error above it.
    first = threading.Event()
    loop: list[IOLoop] = []

    reload_pending = threading.Event()

    def reload() -> None:
        reload_pending.clear()
        LiveReloadHandler.reload_waiters("*")

    def on_build(event: dict) -> None:
        if "published" in event:  # a page changed while the build goes on: one reload for the pages of a moment
            if loop and not reload_pending.is_set():
                reload_pending.set()
                loop[0].add_callback(loop[0].call_later, RELOAD_AFTER, reload)
            return
        LastBuild.problems = None if event.get("ok") else event.get("problems", "?")
        first.set()
        if loop:
            loop[0].add_callback(reload)

    builder = BuildProcess(content, output, site, on_build)
    builder.start()
    first.wait()
    if LastBuild.problems is not None and not output_dir.exists():
        builder.stop()
        print(_t("Fix the problems above; the server starts once a build succeeds."), file=sys.stderr)
        return 1

    server = Server(watcher=_no_watcher())
    print(
        _t(
            "Serving %(folder)s on %(address)s (Ctrl+C to stop)",
            folder=str(output_dir),
            address=f"http://127.0.0.1:{port}/",
        ),
        flush=True,
    )
    loop.append(IOLoop.current())
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve(root=str(output_dir), host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    finally:
        builder.stop()
    return 0


def _stop(signum, frame):
    raise SystemExit(0)  # the build process is stopped on the way out


def _no_watcher():
    """livereload's watcher, told that the build process watches the files: it polls nothing (reloads are
    sent when a build reports)."""
    from livereload.watcher import Watcher

    class NoWatcher(Watcher):
        def __init__(self):
            super().__init__()
            self._tasks = {"(the build process)": None}

        def start(self, callback):
            return True

        def examine(self):
            return None, None

    return NoWatcher()
