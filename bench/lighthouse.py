"""Lighthouse 12 (npm, mobile preset) on one page of every kind, plus the members directory and the search
page with a query in every language, of a published build of a content tree served on 127.0.0.1.

    .venv/bin/python bench/lighthouse.py [CONTENT] [--turns] [--only=REGEX] [--runs=N]   # default: the demo

Every type of page in every language (--turns: the tests' selection; --only: the pages whose label
matches, e.g. --only='search|home' to run a low page again and tell noise from cause; --runs: each page N
times, the median kept and every run's score shown; --processes=N: Chromiums at a time, 2 by default (two
on two cores slow each other's main thread, which the simulated throttling multiplies); --inline-css: the critical-CSS experiment, site.css in
every page with its hash in the Content-Security-Policy). Prints each page's scores, its layout shift (CLS), first and largest contentful paint and what the
render-blocking stylesheet costs by Lighthouse's estimate, its total blocking time, the element of its
largest paint with that paint's phases and the performance audits that did not pass.
LIGHTHOUSE_REPORTS=<folder> keeps each full report there. The performance score depends on the machine:
it is reported here, never asserted; tests/test_lighthouse.py asserts the other categories and CLS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "bench" / "lighthouse.mjs"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
_KIND = re.compile(rb'<body class="kind-([a-z]+)"')


def _kind(page: Path) -> str | None:
    found = _KIND.search(page.read_bytes()[:20000])
    return found.group(1).decode() if found else None


def site_config(settings: Path = ROOT / "pelicanconf.py"):
    """The site's declaration (languages, their URL segments, sections), read as the build reads it."""
    import runpy

    from ess_config import SiteConfig

    return SiteConfig.from_settings(runpy.run_path(str(settings)))


def _path(output: Path, page: Path) -> str:
    return "/" + str(page.relative_to(output)).removesuffix("index.html")


def page_types(output: Path, config, query: str = "cluster") -> dict[str, dict[str, str]]:
    """Page type → language → the path of the first page of that type ("" for the two pages outside the
    languages, / and /404.html). Types: every kind of page; a listing and an item of every section (the
    members' listing is the members directory; free pages are the items of "pages"); an item with a
    photo; the search page with ``?q=``."""
    types: dict[str, dict[str, str]] = {"root": {"": "/"}, "rootnotfound": {"": "/404.html"}}
    for lang in config.codes:
        folder = output / lang
        section_of = {config.path(lang, name): name for name in config.sections}
        found: dict[str, str] = {"home": f"/{lang}/"}
        if (folder / "404.html").is_file():
            found["notfound"] = f"/{lang}/404.html"
        for page in sorted(folder.rglob("index.html")):
            parts = page.relative_to(folder).parts
            kind = _kind(page)
            if kind == "listing" and len(parts) == 2:
                found.setdefault(
                    "members directory" if section_of[parts[0]] == "members" else f"listing {section_of[parts[0]]}",
                    _path(output, page),
                )
            elif kind == "item":
                section = section_of.get(parts[0]) if len(parts) == 3 else "pages"
                if section:
                    found.setdefault(f"item {section}", _path(output, page))
                if b'<figure class="item-image"><picture>' in page.read_bytes():
                    found.setdefault("item with a photo", _path(output, page))
            elif kind in ("tags", "tag", "search"):
                found.setdefault(kind, _path(output, page))
        if "search" in found:
            found["search ?q="] = f"{found['search']}?q={query}"
        for label, path in found.items():
            types.setdefault(label, {})[lang] = path
    return dict(sorted(types.items()))


def audit_paths(output: Path, config, every_language: bool = True, query: str = "cluster") -> list[tuple[str, str]]:
    """(label, path) pairs. Every type of page in every language; or, ``every_language=False``, every type
    once, the languages taken in turn from one type to the next (so every language is audited), and the
    members directory and the search page with ``?q=`` in every language."""
    pairs = []
    turn = 0
    for label, by_lang in page_types(output, config, query).items():
        langs = list(by_lang)
        if not every_language and label not in ("members directory", "search ?q=") and len(langs) > 1:
            langs = [langs[turn % len(langs)]]
            turn += 1
        pairs += [(f"{label} {lang}".strip(), by_lang[lang]) for lang in langs]
    return pairs


def run_lighthouse(urls: list[str], processes: int = 2, quick: bool = False, runs: int = 1) -> list[dict]:
    """One Chromium per process, URLs shared out in turn; results in the order of ``urls``. ``quick``: only
    accessibility, best practices, SEO, the layout shift and the audits about images (no performance score).
    ``runs``: each URL that many times, the run with the median performance score kept (as Lighthouse's
    documentation advises against a loaded machine's noise), with every run's score in ``runs``."""
    chunks = [(urls * runs)[start::processes] for start in range(processes)]

    def run(chunk: list[str]) -> list[dict]:
        if not chunk:
            return []
        result = subprocess.run(
            ["node", str(RUNNER), *(["--quick"] if quick else []), *chunk],
            cwd=ROOT,
            env=dict(os.environ, CHROME_PATH=str(CHROMIUM)),
            capture_output=True,
            text=True,
            timeout=60 * len(chunk) + 60,
        )
        if result.returncode != 0:
            raise RuntimeError(f"lighthouse failed: {result.stderr[-2000:]}")
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    by_url: dict[str, list[dict]] = {}
    with ThreadPoolExecutor(processes) as pool:
        for results in pool.map(run, chunks):
            for entry in results:
                by_url.setdefault(entry["url"], []).append(entry)
    chosen = []
    for url in urls:
        entries = sorted(by_url[url], key=lambda entry: entry["scores"]["performance"] or 0)
        median = dict(entries[len(entries) // 2])
        median["runs"] = [entry["scores"]["performance"] for entry in by_url[url]]
        chosen.append(median)
    return chosen


def published_site(content: Path, output: Path, siteurl: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ess_build", "build", "--publish", "--content", str(content), "--output", str(output)],
        cwd=ROOT,
        env=dict(os.environ, SITEURL=siteurl, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1782432000")),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)


def table(labels: list[str], results: list[dict], details: bool = False) -> str:
    def number(value, digits: int = 0) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        f"{'page':<28} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'FCP ms':>7} {'LCP ms':>7} "
        f"{'TBT ms':>6} {'CSS block ms':>12}"
    ]
    notes = []
    for label, entry in zip(labels, results, strict=True):
        score = {key: number(None if value is None else 100 * value) for key, value in entry["scores"].items()}
        lines.append(
            f"{label:<28} {score['performance']:>4} {score['accessibility']:>4} {score['best-practices']:>4} "
            f"{score['seo']:>4} {number(entry['cls'], 3):>6} {number(entry['fcp']):>7} {number(entry['lcp']):>7} "
            f"{number(entry.get('tbt')):>6} {number(entry['renderBlockingMs']):>12}"
        )
        notes += [f"  {label}: {note}" for note in entry["failing"] + [entry["runtimeError"] or ""] if note]
        if details:
            phases = ", ".join(f"{phase} {ms}" for phase, ms in entry.get("lcpPhases", {}).items())
            runs = "/".join(number(None if score is None else 100 * score) for score in entry.get("runs", []))
            notes.append(
                f"  {label}: runs {runs}; LCP {entry.get('lcpElement')} [{phases}]; {', '.join(entry.get('perfFailing', []))}"
            )
    return "\n".join(lines + notes)


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*/(theme/css/site\.[0-9a-f]+\.css)" integrity="[^"]*">')


def inline_stylesheet(output: Path) -> None:
    """The critical-CSS experiment (``--inline-css``): every page carries site.css in a <style> element
    allowed by its hash in the Content-Security-Policy (page and server), instead of linking it."""
    from ess_precompress.compress import write_compressed_copies

    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = _STYLESHEET.search(text)
        if not found:
            continue
        css = (output / found.group(1)).read_bytes()
        digest = base64.b64encode(hashlib.sha256(css).digest()).decode()
        text = text.replace(found.group(0), f"<style>{css.decode()}</style>").replace(
            "style-src &#39;self&#39;", f"style-src &#39;self&#39; &#39;sha256-{digest}&#39;"
        )
        page.write_text(text, encoding="utf-8")
        write_compressed_copies(page, text.encode())
    nginx = output / "_nginx.conf"
    if nginx.is_file():
        nginx.write_text(nginx.read_text().replace("style-src 'self';", f"style-src 'self' 'sha256-{digest}';"))


@contextmanager
def serving_published(content: Path, inline_css: bool = False):
    """A published build of ``content`` served on 127.0.0.1 with its SITEURL: by Debian's nginx with the
    generated _nginx.conf (precompressed files, cache headers: as deployed) when nginx is installed, else
    by the tests' plain Python server. Yields (origin, output folder, server name). ``inline_css``: see
    inline_stylesheet (nginx only)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import host_servers
    from browser import StaticServer

    with tempfile.TemporaryDirectory(prefix="ess-lighthouse-") as folder:
        Path(folder).chmod(0o755)
        output = Path(folder) / "output"
        if host_servers.available("nginx"):
            port = host_servers.free_port()
            published_site(content, output, f"http://127.0.0.1:{port}")
            if inline_css:
                inline_stylesheet(output)
            with host_servers.serving("nginx", output, port):
                yield f"http://127.0.0.1:{port}", output, "nginx"
            return
        output.mkdir()
        server = StaticServer(output)  # serves the folder by name: the build swaps it in
        try:
            published_site(content, output, server.url)
            yield server.url, output, "python http.server"
        finally:
            server.close()


def main() -> None:
    """Every type of page in every language; ``--turns``: the tests' selection (each type in one language);
    ``--only=REGEX``: the pages whose label matches; ``--runs=N``: the median of N runs per page;
    ``--processes=N``: Chromiums at a time (2; 1 when the performance score of every single run matters)."""
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    only = re.compile(next((argument[7:] for argument in sys.argv if argument.startswith("--only=")), ""))
    runs = int(next((argument[7:] for argument in sys.argv if argument.startswith("--runs=")), "1"))
    processes = int(next((argument[12:] for argument in sys.argv if argument.startswith("--processes=")), "2"))
    content = Path(arguments[0]) if arguments else ROOT / "content"
    with serving_published(content, inline_css="--inline-css" in sys.argv) as (origin, output, server):
        pairs = audit_paths(output, site_config(), every_language="--turns" not in sys.argv)
        pairs = [(label, path) for label, path in pairs if only.search(label)]
        results = run_lighthouse([origin + path for _label, path in pairs], processes=processes, runs=runs)
    print(f"served by {server}; the median of {runs} run(s) per page")
    print(table([label for label, _path in pairs], results, details=True))
    performance = [entry["scores"]["performance"] for entry in results if entry["scores"]["performance"] is not None]
    print(f"performance: lowest {min(performance):.2f}, median {sorted(performance)[len(performance) // 2]:.2f}")
    if runs > 1:  # a busy machine only ever slows a run down: the best run is the closest to a quiet one
        best = {label: max(entry["runs"]) for label, entry in zip([label for label, _ in pairs], results, strict=True)}
        print(f"best of {runs} runs: lowest {min(best.values()):.2f} ({min(best, key=best.get)})")


if __name__ == "__main__":
    main()
