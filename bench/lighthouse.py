"""Lighthouse 12 (npm, mobile preset) on one page of every kind, plus the members directory and the search
page with a query in every language, of a published build of a content tree served on 127.0.0.1.

    .venv/bin/python bench/lighthouse.py [CONTENT]        # default: the demo content

Prints each page's scores, its layout shift (CLS), first and largest contentful paint and what the
render-blocking stylesheet costs by Lighthouse's estimate. The performance score depends on the machine:
it is reported here, never asserted; tests/test_lighthouse.py asserts the other categories and CLS.
"""

from __future__ import annotations

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


def site_languages(output: Path) -> list[str]:
    """The site's languages in its own order: the root page's language chooser."""
    return list(
        dict.fromkeys(re.findall(r'data-lang="([a-z-]+)"', (output / "index.html").read_text(encoding="utf-8")))
    )


def audit_paths(output: Path, languages: list[str], query: str = "cluster") -> list[tuple[str, str]]:
    """(label, path) pairs: every kind of page once in the first language (items and listings once per
    section), and in every language the members directory and the search page with ``?q=``."""
    first = languages[0]
    chosen: dict[str, str] = {}
    for page in sorted(output.rglob("index.html")) + sorted(output.rglob("404.html")):
        relative = page.relative_to(output)
        parts = relative.parts
        kind = _kind(page)
        if kind is None or (len(parts) > 1 and parts[0] != first):
            continue
        if kind in ("item", "listing"):
            if "page" in parts[2:]:  # a second page of a listing is the same kind
                continue
            label = f"{kind} {parts[1]}" if len(parts) > 3 or kind == "listing" else f"{kind} (free page)"
        else:
            label = kind
        path = "/" + str(relative).removesuffix("index.html")
        chosen.setdefault(label, path)
    for page in sorted((output / first).rglob("index.html")):  # a photo and its copies (ess_images)
        if b'<figure class="item-image"><picture>' in page.read_bytes():
            chosen.setdefault("item with a photo", "/" + str(page.relative_to(output)).removesuffix("index.html"))
            break
    pairs = sorted(chosen.items())
    shown = set(chosen.values())
    for lang in languages:
        for page in sorted((output / lang).glob("*/index.html")):
            path = "/" + str(page.relative_to(output)).removesuffix("index.html")
            if b'id="facet-territory"' in page.read_bytes() and path not in shown:  # the directory's first page
                pairs.append((f"members directory {lang}", path))
            if _kind(page) == "search":
                pairs.append((f"search ?q= {lang}", f"{path}?q={query}"))
    return pairs


def run_lighthouse(urls: list[str], processes: int = 2) -> list[dict]:
    """One Chromium per process, URLs shared out in turn; results in the order of ``urls``."""
    chunks = [urls[start::processes] for start in range(processes)]

    def run(chunk: list[str]) -> list[dict]:
        if not chunk:
            return []
        result = subprocess.run(
            ["node", str(RUNNER), *chunk],
            cwd=ROOT,
            env=dict(os.environ, CHROME_PATH=str(CHROMIUM)),
            capture_output=True,
            text=True,
            timeout=60 * len(chunk) + 60,
        )
        if result.returncode != 0:
            raise RuntimeError(f"lighthouse failed: {result.stderr[-2000:]}")
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    with ThreadPoolExecutor(processes) as pool:
        by_url = {entry["url"]: entry for results in pool.map(run, chunks) for entry in results}
    return [by_url[url] for url in urls]


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


def table(labels: list[str], results: list[dict]) -> str:
    def number(value, digits: int = 0) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        f"{'page':<26} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'FCP ms':>7} {'LCP ms':>7} {'CSS block ms':>12}"
    ]
    notes = []
    for label, entry in zip(labels, results, strict=True):
        score = {key: number(None if value is None else 100 * value) for key, value in entry["scores"].items()}
        lines.append(
            f"{label:<26} {score['performance']:>4} {score['accessibility']:>4} {score['best-practices']:>4} "
            f"{score['seo']:>4} {number(entry['cls'], 3):>6} {number(entry['fcp']):>7} {number(entry['lcp']):>7} "
            f"{number(entry['renderBlockingMs']):>12}"
        )
        notes += [f"  {label}: {note}" for note in entry["failing"] + [entry["runtimeError"] or ""] if note]
    return "\n".join(lines + notes)


@contextmanager
def serving_published(content: Path):
    """A published build of ``content`` served on 127.0.0.1 with its SITEURL: by Debian's nginx with the
    generated _nginx.conf (precompressed files, cache headers: as deployed) when nginx is installed, else
    by the tests' plain Python server. Yields (origin, output folder, server name)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import host_servers
    from browser import StaticServer

    with tempfile.TemporaryDirectory(prefix="ess-lighthouse-") as folder:
        Path(folder).chmod(0o755)
        output = Path(folder) / "output"
        if host_servers.available("nginx"):
            port = host_servers.free_port()
            published_site(content, output, f"http://127.0.0.1:{port}")
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
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    with serving_published(content) as (origin, output, server):
        pairs = audit_paths(output, site_languages(output))
        results = run_lighthouse([origin + path for _label, path in pairs])
    print(f"served by {server}")
    print(table([label for label, _path in pairs], results))
    performance = [entry["scores"]["performance"] for entry in results if entry["scores"]["performance"] is not None]
    print(f"performance: lowest {min(performance):.2f}, median {sorted(performance)[len(performance) // 2]:.2f}")


if __name__ == "__main__":
    main()
