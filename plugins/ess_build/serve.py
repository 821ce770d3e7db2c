"""Preview server: build, serve the output on 127.0.0.1, rebuild and reload the browser on change."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from ess_i18n.tools import _t, editor_language

from .build import PROJECT_ROOT

WATCHED = ("theme", "plugins", "translations", "pelicanconf.py")


def _rebuild_command(content: Path | None, output: Path | None, site: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "ess_build", "build"]
    if site:
        command += ["--site", str(site.resolve())]
    if content:
        command += ["--content", str(content.resolve())]
    if output:
        command += ["--output", str(output.resolve())]
    return command


class LastBuild:
    """What the latest build printed when it failed (None after a success): shown above every page."""

    problems: str | None = None


def _build(command: list[str]) -> int:
    """One build in a fresh process; its messages go to the terminal as they come (progress lines of a large
    site included) and are kept for the page when the build fails."""
    lines = []
    with subprocess.Popen(command, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True) as process:
        for line in process.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            lines.append(line)
    LastBuild.problems = ("".join(lines).strip() or "?") if process.returncode else None
    return process.returncode


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

    _inject_external_reload_script()
    _guard(port)

    command = _rebuild_command(content, output, site)
    # A fresh process per build: edits to plugins and templates take effect, and a content
    # error is printed without stopping the server (the last good site stays served, the error above it).
    first = _build(command)
    output_dir = (output or PROJECT_ROOT / "output").resolve()
    if first != 0 and not output_dir.exists():
        print(_t("Fix the problems above; the server starts once a build succeeds."), file=sys.stderr)
        return first

    def rebuild():
        _build(command)

    server = Server()
    server.watch(str((content or PROJECT_ROOT / "content").resolve()), rebuild, delay=0.3)
    for path in WATCHED:
        server.watch(str(PROJECT_ROOT / path), rebuild, delay=0.3)
    print(
        _t(
            "Serving %(folder)s on %(address)s (Ctrl+C to stop)",
            folder=str(output_dir),
            address=f"http://127.0.0.1:{port}/",
        )
    )
    server.serve(root=str(output_dir), host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    return 0
