"""The generated host configurations, served by real servers (Debian's nginx with _nginx.conf and Apache
2.4 with .htaccess, installed by .ci/run) on 127.0.0.1 with ephemeral ports: headers, encodings, charsets,
caching, 404 pages, hidden files. Both answer every check alike. The expected answers are data here, not
read back from the policy under test."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import tempfile
from pathlib import Path

import brotli
import pytest
from host_servers import APACHE, BROTLI_MODULE, NGINX, serving

from conftest import IN_CI, LANGS, ROOT, build, require

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",  # a part of the value that only a header can carry
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CHARSETS = {  # extension → Content-Type a host must send
    "ics": "text/calendar; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
}
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"
HIDDEN = ("/.htaccess", "/_headers", "/_redirects", "/_nginx.conf", "/fr/.hidden")


@pytest.fixture(scope="session")
def published_site():
    """A published build in a folder every user may read (Apache's workers run as nobody)."""
    folder = Path(tempfile.mkdtemp(prefix="ess-hosts-"))
    folder.chmod(0o755)
    output = folder / "output"
    result = build(ROOT / "content", output, "--publish", env={"SITEURL": "https://ess.example.org"})
    assert result.returncode == 0, result.stderr
    (output / "fr" / ".hidden").write_text("a file no host may serve\n")
    yield output
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", params=["nginx", "apache"])
def server(request, published_site):
    """(name, port) of a running server with the generated configuration."""
    if request.param == "nginx":
        require(os.path.exists(NGINX), "nginx (Debian package nginx)")
        require(BROTLI_MODULE.exists(), "nginx's brotli_static module (libnginx-mod-http-brotli-static)")
    else:
        require(os.path.exists(APACHE), "Apache (Debian package apache2-bin)")
    with serving(request.param, published_site) as port:
        yield request.param, port


def get(port: int, path: str, encoding: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_no_server_version(server):
    name, port = server
    response, _ = get(port, "/fr/")
    assert response.getheader("Server") == {"nginx": "nginx", "apache": "Apache"}[name]


@pytest.mark.parametrize("path", ["/fr/", "/", "/de/nothing-here/", "/theme/"])
def test_security_headers_on_every_answer(server, path):
    response, _ = get(server[1], path)
    for name, part in SECURITY_HEADERS.items():
        assert part in (response.getheader(name) or ""), (path, name)


@pytest.mark.parametrize(("encoding", "expected"), [("br", "br"), ("gzip", "gzip"), ("br, gzip", "br"), (None, None)])
def test_precompressed_copies_are_served_with_vary(server, published_site, encoding, expected):
    response, body = get(server[1], "/fr/", encoding)
    assert response.status == 200
    assert response.getheader("Content-Encoding") == expected
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[expected](body)
    assert decoded == (published_site / "fr" / "index.html").read_bytes()


def test_every_text_format_carries_its_charset(server, published_site):
    checked = set()
    for extension, content_type in CHARSETS.items():
        sample = next(
            path for path in sorted(published_site.rglob(f"*.{extension}")) if not path.name.startswith(("_", "."))
        )
        response, _ = get(server[1], "/" + str(sample.relative_to(published_site)), "gzip")
        assert response.status == 200, sample
        assert response.getheader("Content-Type") == content_type, sample
        checked.add(extension)
    assert checked == set(CHARSETS)


def test_fingerprinted_files_and_search_parts_are_immutable_and_pages_revalidate(server, published_site):
    stylesheet = next((published_site / "theme" / "css").glob("site.*.css"))
    response, _ = get(server[1], f"/theme/css/{stylesheet.name}", "br")
    assert response.getheader("Cache-Control") == YEAR_IMMUTABLE
    assert response.getheader("Content-Encoding") == "br"
    for lang in LANGS:  # a search part's name never changes meaning: its folder is the digest of all parts
        part = next((published_site / "search" / lang).glob("*/t0.json"))
        response, _ = get(server[1], "/" + str(part.relative_to(published_site)), "gzip")
        assert (response.status, response.getheader("Cache-Control")) == (200, YEAR_IMMUTABLE), part
    for path in ("/fr/", "/fr/feed.atom", "/search/fr.json"):
        response, _ = get(server[1], path)
        assert response.getheader("Cache-Control") == "no-cache", path


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_answers_with_its_own_404(server, lang):
    for path in (f"/{lang}/no-such-page/", f"/{lang}/no-such-file.html", f"/{lang}/nothing/deeper"):
        response, body = get(server[1], path)
        assert response.status == 404, path
        assert f'<html lang="{lang}"'.encode() in body, path


def test_elsewhere_the_multilingual_404(server, published_site):
    for path in ("/no-such-page", "/theme/no-such-file.css"):
        response, body = get(server[1], path)
        assert response.status == 404
        assert body == (published_site / "404.html").read_bytes()


@pytest.mark.parametrize("path", HIDDEN)
def test_dot_files_and_host_files_are_not_served(server, path):
    response, body = get(server[1], path)
    assert response.status == 404
    assert b"a file no host may serve" not in body and b"Header" not in body and b"add_header" not in body


def test_folders_without_a_page_answer_the_site_404_not_the_server_403(server):
    for path in ("/theme/", "/search/", "/theme/css/"):
        response, body = get(server[1], path)
        assert response.status == 404, path
        assert b"<!doctype html>" in body.lower()[:100], path
        assert b"nginx" not in body and b"Apache" not in body


def test_a_folder_without_its_slash_is_redirected(server):
    response, _ = get(server[1], "/fr")
    assert response.status == 301
    assert response.getheader("Location") in ("/fr/", f"http://127.0.0.1:{server[1]}/fr/")


def test_ci_installs_the_servers():
    text = (ROOT / ".ci" / "run").read_text()
    assert "nginx" in text and "libnginx-mod-http-brotli-static" in text and "apache2-bin" in text
    if IN_CI:
        assert os.path.exists(NGINX) and os.path.exists(APACHE)
