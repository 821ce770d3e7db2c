"""Shared fixtures: the demo site and a generated site are each built once per test session."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

# The site's declaration, read as data from its settings file (tests compare outputs with it, never with
# what the code under test computes from it).
DECLARED = __import__("runpy").run_path(str(ROOT / "pelicanconf.py"))["LANGUAGES"]
LANGS = tuple(DECLARED)
PATHS = {lang: entry["paths"] for lang, entry in DECLARED.items()}  # lang → section/'tags'/'search' → segment
FALLBACKS = {lang: tuple(entry["fallbacks"]) for lang, entry in DECLARED.items()}


IN_CI = os.environ.get("CI") == "true"

# The tools speak the editor's language (plugins/ess_i18n/tools.py); tests read English unless they ask for
# another (env={"LANGUAGE": "fr"}), whatever the developer's own locale.
os.environ.pop("ESS_LANG", None)
os.environ["LANGUAGE"] = "en"

# What builds keep for the next build goes to a folder of this test run, not the project's .cache/.
if "ESS_CACHE_DIR" not in os.environ:
    os.environ["ESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="ess-test-cache-")
    atexit.register(shutil.rmtree, os.environ["ESS_CACHE_DIR"], True)


def require(condition: bool, what: str):
    """Skip on a developer's machine without the tool; in CI a missing tool is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (see .ci/run)")
    pytest.skip(f"{what} is not installed here")


def run_cli(*args, env=None, cwd=ROOT, timeout=300) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "ess_build", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build(content: Path, output: Path, *extra, env=None) -> subprocess.CompletedProcess:
    result = run_cli("build", "--content", content, "--output", output, *extra, env=env)
    return result


def write_tree(root: Path, files: dict) -> Path:
    """Write {relative path: text or bytes} under root (None skips a file); returns root."""
    for relative, data in files.items():
        if data is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def build_files(tmp_path_factory, name: str, files: dict) -> Path:
    """Build a site from {relative path: text} in a fresh folder; returns its output folder."""
    root = tmp_path_factory.mktemp(name)
    write_tree(root / "content", files)
    result = build(root / "content", root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under folder."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class BuiltSite:
    def __init__(self, content: Path, output: Path):
        self.content = content
        self.output = output
        self._cache: dict[str, object] = {}

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def page(self, relative: str):
        """Parsed page by its path in the output ('fr/actualites/' or 'fr/404.html')."""
        path = self.output / relative
        if relative.endswith("/") or relative == "":
            path = path / "index.html"
        key = str(path)
        if key not in self._cache:
            self._cache[key] = lxml_html.fromstring(path.read_bytes())
        return self._cache[key]

    def page_for_href(self, href: str):
        return self.page(href.lstrip("/").split("#")[0])

    def broken_links(self) -> list[str]:
        """Every internal href/src of every page that points to no file of the output."""
        broken = []
        for page in self.html_files():
            doc = self.page(str(page.relative_to(self.output)))
            for element in doc.iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute)
                    if value and not urlparse(value).scheme and not value.startswith("#") and not self.exists(value):
                        broken.append(f"{page.relative_to(self.output)} → {value}")
        return broken

    def exists(self, href: str) -> bool:
        target = self.output / href.lstrip("/").split("#")[0]
        return (target / "index.html").is_file() if href.split("#")[0].endswith("/") else target.is_file()


def _build_site(tmp_path_factory, name: str, content: Path) -> BuiltSite:
    output = tmp_path_factory.mktemp(name) / "output"
    result = build(content, output, env={"SOURCE_DATE_EPOCH": "1782432000"})
    assert result.returncode == 0, result.stderr
    return BuiltSite(content, output)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuiltSite:
    return _build_site(tmp_path_factory, "demo", ROOT / "content")


@pytest.fixture(scope="session")
def generated_content(tmp_path_factory) -> Path:
    from generate import generate

    return generate(60, tmp_path_factory.mktemp("generated") / "content", seed=7, partial=0.4)


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory, generated_content) -> BuiltSite:
    return _build_site(tmp_path_factory, "generated-out", generated_content)


@pytest.fixture(scope="session", params=["demo", "generated"])
def site(request) -> BuiltSite:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def served_demo(demo_site):
    from browser import StaticServer

    server = StaticServer(demo_site.output)
    yield server
    server.close()


@pytest.fixture(scope="session")
def served_generated(generated_site):
    from browser import StaticServer

    server = StaticServer(generated_site.output)
    yield server
    server.close()


@pytest.fixture(scope="session")
def chromium():
    from browser import launch_browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page that records console errors and CSP violations."""
    context = chromium.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """Print the quality-gate tables the browser tests wrote (works with pytest-xdist too)."""
    reports = sorted((ROOT / ".cache" / "quality").glob("*.txt"))
    if reports:
        terminalreporter.section("quality gates")
        for report in reports:
            terminalreporter.write(report.read_text(encoding="utf-8"))


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller clears last run's tables
        shutil.rmtree(ROOT / ".cache" / "quality", ignore_errors=True)
