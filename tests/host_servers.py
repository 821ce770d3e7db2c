"""Debian's nginx and Apache started on 127.0.0.1 (an ephemeral port) with the host configuration a
build generated (_nginx.conf, .htaccess), for tests/test_hosts.py and bench/lighthouse.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
#: What Debian's Apache loads by default that .htaccess relies on (plus autoindex, whose 403 must not show).
APACHE_LOADED = ("mpm_event", "authz_core", "headers", "rewrite", "mime", "alias", "dir", "autoindex")


def available(kind: str) -> bool:
    if kind == "nginx":
        return os.path.exists(NGINX) and BROTLI_MODULE.exists()
    return os.path.exists(APACHE)


def _check(command: list[str]) -> None:
    check = subprocess.run(command, capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {check.stderr}")


def free_port() -> int:
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
    raise RuntimeError(f"the server did not start: {log.read_text() if log.exists() else ''}")


def _nginx(site: Path, prefix: Path, port: int):
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
    _check([NGINX, "-t", "-c", str(config), "-p", str(prefix)])
    return [NGINX, "-c", str(config), "-p", str(prefix)], prefix / "error.log"


def _apache(site: Path, prefix: Path, port: int):
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
    _check([APACHE, "-t", "-f", str(config)])
    return [APACHE, "-f", str(config), "-DFOREGROUND"], prefix / "error.log"


@contextmanager
def serving(kind: str, site: Path, port: int | None = None):
    """Runs ``kind`` ('nginx' or 'apache') on ``site`` (a folder every user may read); yields its port."""
    prefix = Path(tempfile.mkdtemp(prefix=f"ess-{kind}-"))
    port = port or free_port()
    command, log = (_nginx if kind == "nginx" else _apache)(site, prefix, port)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)
