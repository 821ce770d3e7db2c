"""The generated host configurations, served by a real nginx (Debian's, installed by .ci/run) on
127.0.0.1 with an ephemeral port: headers, encodings, charsets, caching, 404 pages, hidden files.
The expected answers are data here, not read back from the policy under test."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import brotli
import pytest

from conftest import IN_CI, LANGS, ROOT, build, require

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

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
def published_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published") / "output"
    result = build(ROOT / "content", output, "--publish", env={"SITEURL": "https://ess.example.org"})
    assert result.returncode == 0, result.stderr
    (output / "fr" / ".hidden").write_text("a file no host may serve\n")
    return output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def nginx(published_site, tmp_path_factory):
    require(os.path.exists(NGINX), "nginx (Debian package nginx-light)")
    require(BROTLI_MODULE.exists(), "nginx's brotli_static module (libnginx-mod-http-brotli-static)")
    prefix = tmp_path_factory.mktemp("nginx")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir()
    port = _free_port()
    config = prefix / "nginx.conf"
    config.write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
load_module {BROTLI_MODULE};
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {published_site};
        include {published_site}/_nginx.conf;
    }}
}}
"""
    )
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(prefix)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(prefix)], stderr=subprocess.PIPE)
    for _ in range(100):  # bounded: 10 s at most
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {(prefix / 'error.log').read_text()}")
    yield port
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, encoding: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_no_server_version(nginx):
    response, _ = get(nginx, "/fr/")
    assert response.getheader("Server") == "nginx"


@pytest.mark.parametrize("path", ["/fr/", "/", "/de/nothing-here/", "/theme/"])
def test_security_headers_on_every_answer(nginx, path):
    response, _ = get(nginx, path)
    for name, part in SECURITY_HEADERS.items():
        assert part in (response.getheader(name) or ""), (path, name)


@pytest.mark.parametrize(("encoding", "expected"), [("br", "br"), ("gzip", "gzip"), ("br, gzip", "br"), (None, None)])
def test_precompressed_copies_are_served_with_vary(nginx, published_site, encoding, expected):
    response, body = get(nginx, "/fr/", encoding)
    assert response.status == 200
    assert response.getheader("Content-Encoding") == expected
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[expected](body)
    assert decoded == (published_site / "fr" / "index.html").read_bytes()


def test_every_text_format_carries_its_charset(nginx, published_site):
    checked = set()
    for extension, content_type in CHARSETS.items():
        sample = next(
            path for path in sorted(published_site.rglob(f"*.{extension}")) if not path.name.startswith(("_", "."))
        )
        response, _ = get(nginx, "/" + str(sample.relative_to(published_site)), "gzip")
        assert response.status == 200, sample
        assert response.getheader("Content-Type") == content_type, sample
        checked.add(extension)
    assert checked == set(CHARSETS)


def test_fingerprinted_files_are_immutable_and_pages_revalidate(nginx, published_site):
    stylesheet = next((published_site / "theme" / "css").glob("site.*.css"))
    response, _ = get(nginx, f"/theme/css/{stylesheet.name}", "br")
    assert response.getheader("Cache-Control") == YEAR_IMMUTABLE
    assert response.getheader("Content-Encoding") == "br"
    for path in ("/fr/", "/fr/feed.atom", "/search/fr.index.json"):
        response, _ = get(nginx, path)
        assert response.getheader("Cache-Control") == "no-cache", path


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_answers_with_its_own_404(nginx, lang):
    for path in (f"/{lang}/no-such-page/", f"/{lang}/no-such-file.html", f"/{lang}/nothing/deeper"):
        response, body = get(nginx, path)
        assert response.status == 404, path
        assert f'<html lang="{lang}"'.encode() in body, path


def test_elsewhere_the_multilingual_404(nginx, published_site):
    for path in ("/no-such-page", "/theme/no-such-file.css"):
        response, body = get(nginx, path)
        assert response.status == 404
        assert body == (published_site / "404.html").read_bytes()


@pytest.mark.parametrize("path", HIDDEN)
def test_dot_files_and_host_files_are_not_served(nginx, path):
    response, body = get(nginx, path)
    assert response.status == 404
    assert b"a file no host may serve" not in body and b"Header" not in body and b"add_header" not in body


def test_folders_without_a_page_answer_the_site_404_not_the_server_403(nginx):
    for path in ("/theme/", "/search/", "/theme/css/"):
        response, body = get(nginx, path)
        assert response.status == 404, path
        assert b"<!doctype html>" in body.lower()[:100], path
        assert b"nginx" not in body


def test_a_folder_without_its_slash_is_redirected_relatively(nginx):
    response, _ = get(nginx, "/fr")
    assert response.status == 301
    assert response.getheader("Location") == "/fr/"


def test_ci_installs_nginx():
    text = (ROOT / ".ci" / "run").read_text()
    assert "nginx" in text and "libnginx-mod-http-brotli-static" in text
    if IN_CI:
        assert os.path.exists(NGINX)
