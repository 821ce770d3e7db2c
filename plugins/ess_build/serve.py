"""Preview server: build, serve the output on 127.0.0.1, rebuild and reload the browser on change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ess_i18n.tools import _t

from .build import PROJECT_ROOT

WATCHED = ("theme", "plugins", "translations", "pelicanconf.py")


def _rebuild_command(content: Path | None, output: Path | None) -> list[str]:
    command = [sys.executable, "-m", "ess_build", "build"]
    if content:
        command += ["--content", str(content.resolve())]
    if output:
        command += ["--output", str(output.resolve())]
    return command


def _inject_external_reload_script():
    """livereload injects an inline script, which the site's Content-Security-Policy forbids;
    inject an external one instead (served by livereload itself at /livereload.js)."""
    from livereload import server as livereload_server

    tag = b'<script src="/livereload.js" defer></script>'

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", tag + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(tag))
        return status_code, headers, chunk

    livereload_server.LiveScriptInjector.transform_first_chunk = transform_first_chunk


def serve(content: Path | None, output: Path | None, port: int) -> int:
    from livereload import Server

    _inject_external_reload_script()

    command = _rebuild_command(content, output)
    # A fresh process per build: edits to plugins and templates take effect, and a content
    # error is printed without stopping the server (the last good site stays served).
    first = subprocess.run(command, cwd=PROJECT_ROOT)
    output_dir = (output or PROJECT_ROOT / "output").resolve()
    if first.returncode != 0 and not output_dir.exists():
        print(_t("Fix the problems above; the server starts once a build succeeds."), file=sys.stderr)
        return first.returncode

    def rebuild():
        subprocess.run(command, cwd=PROJECT_ROOT)

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
