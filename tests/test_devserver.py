"""`make devserver`: builds, serves on 127.0.0.1, rebuilds on change and keeps the last good site on errors."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_devserver_rebuilds_on_save_and_survives_a_broken_file(tmp_path):
    """A broken file leaves the last good site served, with the build's problems above it in the editor's
    language (here German) until a build succeeds again."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ess_build", "serve", "--content", str(content), "--output", str(tmp_path / "out"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "LANGUAGE": "de"},
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/fr/"
        first = _wait_for(lambda: _get(url))
        assert first and "<h1>" in first
        assert '<script src="/livereload.js" defer></script>' in first  # external: allowed by the CSP

        home = content / "pages" / "home" / "fr.md"
        original = home.read_text(encoding="utf-8")
        home.write_text(original.replace("title: ", "title: Aperçu en direct — ", 1), encoding="utf-8")
        assert _wait_for(lambda: "Aperçu en direct" in (_get(url) or ""))

        home.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
        notice = '<div class="banner build-error" role="alert" lang="de">'
        # (retried: the failed rebuild takes a moment, and on a loaded machine one request may time out)
        page = _wait_for(lambda: notice in (_get(url) or "") and _get(url))
        assert page, "the failed build's problems are shown above the page"
        assert "Die letzte Änderung konnte nicht gebaut werden" in page and "fehlerhaftes YAML" in page
        assert "Aperçu en direct" in page, "a broken file must leave the last good site served"

        home.write_text(original, encoding="utf-8")
        assert _wait_for(lambda: "build-error" not in (_get(url) or "x") and "<h1>" in (_get(url) or ""))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "fehlerhaftes YAML" in output  # the terminal too
