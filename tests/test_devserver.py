"""`make devserver`: builds, serves on 127.0.0.1, rebuilds on change and keeps the last good site on errors."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def _start_devserver(tmp_path, env=None, **output) -> tuple[subprocess.Popen, Path, int]:
    """`serve` on a copy of the demo content at a free port: (process, content folder, port)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ess_build", "serve", "--content", str(content), "--output", str(tmp_path / "out"), "--port", str(port)],
        cwd=ROOT, text=True, env={**os.environ, **(env or {})}, **output,
    )  # fmt: skip
    return server, content, port


def test_devserver_rebuilds_on_save_and_survives_a_broken_file(tmp_path):
    """A broken file leaves the last good site served, with the build's problems above it in the editor's
    language (here German) until a build succeeds again."""
    server, content, port = _start_devserver(
        tmp_path, env={"LANGUAGE": "de"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
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


def _request(port: int, path: str, **headers) -> tuple[int, dict]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()


def test_devserver_answers_only_its_own_host_and_sends_the_sites_headers(tmp_path):
    from ess_headers.policy import HEADERS

    server, _content, port = _start_devserver(tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        own = f"127.0.0.1:{port}"
        assert _wait_for(lambda: _get(f"http://{own}/fr/"))
        status, headers = _request(port, "/fr/", Host=own)
        assert status == 200
        for name, value in HEADERS:
            assert headers[name.lower()] == value
        assert _request(port, "/fr/", Host=f"localhost:{port}")[0] == 200
        assert _request(port, "/fr/", Host=f"rebinding.example:{port}")[0] == 403  # DNS rebinding
        assert _request(port, "/fr/", Host="127.0.0.1")[0] == 403
        svg = next((tmp_path / "out").rglob("logo.svg")).relative_to(tmp_path / "out").as_posix()
        status, headers = _request(port, f"/{svg}", Host=own)
        assert status == 200 and headers["content-security-policy"].startswith("sandbox")
        assert _request(port, "/forcereload", Host=own, Origin="https://evil.example")[0] == 403
        assert _request(port, "/forcereload", Host=own, **{"Sec-Fetch-Site": "cross-site"})[0] == 403
        assert _request(port, "/forcereload", Host=own, Origin=f"http://{own}")[0] == 200
    finally:
        server.terminate()
        server.communicate(timeout=10)
