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


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _settled(log: Path, output: Path) -> bool:
    """A build after the broken save's has reported and no build is under way (a build cut short by a newer
    save reports nothing; the last save's build is never cut short)."""
    text = log.read_text(encoding="utf-8")
    building = list(output.parent.glob(f".{output.name}.building-*"))
    return "Preview updated" in text.rsplit("Nothing was published", 1)[-1] and not building


def _page_showing(output: Path, path: Path) -> str:
    word = f"Mot{path.parent.name.replace('-', '')}"
    return next(p.parent.relative_to(output).as_posix() for p in output.rglob("index.html") if word in p.read_text())


def test_devserver_keeps_the_site_in_memory_and_serves_what_a_fresh_build_writes(tmp_path):
    """Edits, an added and a deleted item, a broken and a fixed file on a generated tree: the served pages
    follow, and the served folder ends byte for byte as a fresh `build` of the same tree writes it."""
    from generate import generate

    content = generate(12, tmp_path / "content", seed=5, partial=0.3)
    news = sorted(content.glob("news/*/fr.md"))
    edited, removed = news[0], news[-1]
    for path in (edited, removed):  # a word only that page shows, to find it in the output
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nMot{path.parent.name.replace('-', '')}.\n", encoding="utf-8"
        )
    output, port, log = tmp_path / "out", _free_port(), tmp_path / "serve.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1782432000", "LANGUAGE": "en", "ESS_CACHE_DIR": str(tmp_path / "cache")}
    with log.open("w") as written:
        server = subprocess.Popen(
            [sys.executable, "-m", "ess_build", "serve", "--content", str(content), "--output", str(output),
             "--port", str(port)],
            cwd=ROOT, env=env, stdout=written, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: _get(f"{base}/fr/"), 300)
        url, gone_url = (f"{base}/{_page_showing(output, path)}/" for path in (edited, removed))

        # a body edited: its page shows the new text
        edited.write_text(
            edited.read_text(encoding="utf-8") + "\nUne phrase ajoutée pendant l'aperçu.\n", encoding="utf-8"
        )
        assert _wait_for(lambda: "Une phrase ajoutée pendant l" in (_get(url) or ""), 300)

        # an item added: its page appears, in a listing too
        added = content / "news" / "added-during-preview"
        added.mkdir()
        (added / "fr.md").write_text(
            "---\ntitle: Ajoutée pendant l'aperçu\nsummary: Un résumé.\ndate: 2026-01-01\n---\nLe texte de la nouvelle.\n",
            encoding="utf-8",
        )
        assert _wait_for(lambda: "Ajoutée pendant l" in (_get(f"{base}/fr/actualites/") or ""), 300)

        # an item deleted: its page is gone
        assert _get(gone_url)
        shutil.rmtree(removed.parent)
        assert _wait_for(lambda: _get(gone_url) is None, 300)

        # a broken save: the last good site stays, with the problems above it; the next good save clears them
        before = edited.read_text(encoding="utf-8")
        edited.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
        assert _wait_for(lambda: "build-error" in (_get(url) or ""), 300)
        page = _wait_for(lambda: _get(url), 300)  # (retried: on a loaded machine one request may time out)
        assert "build-error" in page and "Une phrase ajoutée pendant l" in page, "the last good page stays served"
        edited.write_text(before.replace("Une phrase ajoutée", "Une phrase corrigée"), encoding="utf-8")
        assert _wait_for(
            lambda: "Une phrase corrigée" in (_get(url) or "") and "build-error" not in (_get(url) or "build-error"),
            300,
        )
        assert _wait_for(lambda: _settled(log, output), 300), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    fresh = tmp_path / "fresh"
    subprocess.run(
        [sys.executable, "-m", "ess_build", "build", "--content", str(content), "--output", str(fresh)],
        cwd=ROOT, env={**env, "ESS_CACHE_DIR": str(tmp_path / "fresh-cache")}, check=True, capture_output=True,
    )  # fmt: skip
    served, built = _files(output), _files(fresh)
    assert sorted(served) == sorted(built)
    assert [name for name in built if served[name] != built[name]] == []


def test_devserver_starts_a_fresh_build_when_a_catalog_changes(tmp_path):
    """A change to the site's catalogs (like one to its settings, the code or the theme) ends the build
    process: a fresh one builds everything again, and the pages show the new wording."""
    from generate import generate

    site = tmp_path / "site"
    site.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    shutil.copytree(ROOT / "translations", site / "translations")
    generate(6, site / "content", seed=3)
    port = _free_port()
    env = {**os.environ, "LANGUAGE": "en", "ESS_CACHE_DIR": str(tmp_path / "cache")}
    server = subprocess.Popen(
        [sys.executable, "-m", "ess_build", "serve", "--site", str(site), "--output", str(tmp_path / "out"),
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/fr/"
        assert _wait_for(lambda: '<span class="brand-name">' in (_get(url) or ""), 300)
        catalog = site / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
        text = catalog.read_text(encoding="utf-8")
        name = 'msgid "ESS Cluster Greater Region"\nmsgstr "'
        assert name in text
        catalog.write_text(text.replace(name, name + "Nouveau nom · ", 1), encoding="utf-8")
        assert _wait_for(lambda: "Nouveau nom · " in (_get(url) or ""), 300)
    finally:
        server.terminate()
        server.wait(timeout=30)
