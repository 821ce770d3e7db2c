"""A real headless Chromium (Debian's, driven by Playwright) against a built site served on 127.0.0.1.

The server sends the same Content-Security-Policy header as the deployment files, and serves
axe-core from the site's own origin so the audit runs under `script-src 'self'`.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

from ess_headers.policy import HEADERS, extension_headers

from conftest import ROOT, require

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _Handler(http.server.SimpleHTTPRequestHandler):
    send_policy = True

    def end_headers(self):
        if self.send_policy:
            for name, value in HEADERS:
                if name != "Content-Security-Policy" or not extension_headers(self.path.split("?")[0]):
                    self.send_header(name, value)
            for name, value in extension_headers(self.path.split("?")[0]):
                self.send_header(name, value)
        super().end_headers()

    def _send(self, code: int, content_type: str, body: bytes):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == AXE_URL:
            self._send(200, "text/javascript", AXE.read_bytes())
            return
        super().do_GET()

    def send_error(self, code, message=None, explain=None):
        if code == 404 and (Path(self.directory) / "404.html").is_file():
            self._send(404, "text/html; charset=utf-8", (Path(self.directory) / "404.html").read_bytes())
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class _PlainHandler(_Handler):
    send_policy = False


class StaticServer:
    def __init__(self, root: Path, policy: bool = True):
        handler = functools.partial(_Handler if policy else _PlainHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def launch_browser(playwright):
    require(CHROMIUM.is_file() or shutil.which("chromium") is not None, "Debian's chromium (/usr/bin/chromium)")
    require(AXE.is_file(), "node_modules/axe-core (npm ci)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def run_axe(page) -> list[dict]:
    """axe-core violations for WCAG 2.0/2.1/2.2 A and AA on the current page."""
    page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
