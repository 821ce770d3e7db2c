"""The generated host configurations, served by real servers (Debian's nginx with _nginx.conf and Apache
2.4 with .htaccess, installed by .ci/run) on 127.0.0.1 with ephemeral ports: headers, encodings, charsets,
caching, 404 pages, hidden files. Both answer every check alike. The expected answers are data here, not
read back from the policy under test."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import brotli
import pytest

from conftest import IN_CI, LANGS, ROOT, build, require

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
#: What Debian's Apache loads by default that .htaccess relies on (plus autoindex, whose 403 must not show).
APACHE_LOADED = ("mpm_event", "authz_core", "headers", "rewrite", "mime", "alias", "dir", "autoindex")

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process, log: Path):
    for _ in range(100):  # bounded: 10 s at most
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"the server did not start: {log.read_text() if log.exists() else ''}")


def _nginx(site: Path, prefix: Path, port: int):
    require(os.path.exists(NGINX), "nginx (Debian package nginx)")
    require(BROTLI_MODULE.exists(), "nginx's brotli_static module (libnginx-mod-http-brotli-static)")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir()
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
        root {site};
        include {site}/_nginx.conf;
    }}
}}
"""
    )
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(prefix)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    return [NGINX, "-c", str(config), "-p", str(prefix)], prefix / "error.log"


def _apache(site: Path, prefix: Path, port: int):
    require(os.path.exists(APACHE), "Apache (Debian package apache2-bin)")
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE_LOADED)
    config = prefix / "httpd.conf"
    config.write_text(
        f"""ServerRoot {prefix}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {prefix}/httpd.pid
ErrorLog {prefix}/error.log
{modules}
{"User nobody" if os.geteuid() == 0 else ""}
{"Group nogroup" if os.geteuid() == 0 else ""}
TypesConfig /dev/null
# what deploying.md asks of the server configuration (.htaccess cannot say it)
ServerTokens Prod
ServerSignature Off
DocumentRoot {site}
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
"""
    )
    check = subprocess.run([APACHE, "-t", "-f", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    return [APACHE, "-f", str(config), "-DFOREGROUND"], prefix / "error.log"


@pytest.fixture(scope="session", params=["nginx", "apache"])
def server(request, published_site, tmp_path_factory):
    """(name, port) of a running server with the generated configuration."""
    prefix = Path(tempfile.mkdtemp(prefix=f"ess-{request.param}-"))
    port = _free_port()
    command, log = (_nginx if request.param == "nginx" else _apache)(published_site, prefix, port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(port, process, log)
    yield request.param, port
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(prefix, ignore_errors=True)


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


def test_fingerprinted_files_are_immutable_and_pages_revalidate(server, published_site):
    stylesheet = next((published_site / "theme" / "css").glob("site.*.css"))
    response, _ = get(server[1], f"/theme/css/{stylesheet.name}", "br")
    assert response.getheader("Cache-Control") == YEAR_IMMUTABLE
    assert response.getheader("Content-Encoding") == "br"
    for path in ("/fr/", "/fr/feed.atom", "/search/fr.index.json"):
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
