"""Search benchmark: index cost within the build, index sizes, bytes before the first result against
Pagefind on the same output, and query latency in Node.

    .venv/bin/python bench/search.py [--items 500] [--latency-docs 2000]

Prints ratios from one run on one machine; no absolute figure is a target on its own.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

LANGS = ("fr", "de", "lb", "en")
FIRST_RESULT_SCRIPTS = {
    "common": ["theme/js/search.js", "theme/js/vendor/lunr.min.js", "theme/js/vendor/lunr.stemmer.support.min.js",
               "theme/js/search-pipelines.js"],
    "fr": ["theme/js/vendor/lunr.fr.min.js"],
    "de": ["theme/js/vendor/lunr.de.min.js"],
}  # fmt: skip
LATENCY_QUERIES = ["économie", "economie sociale", "circuits courts", "coopératives", "d'insertion", "réemploi",
                   "Nancy", "éco-construction", "finan", "solidaire transfrontaliers", "emploi local", "z",
                   "artisanat régional", "achats responsables", "collectivités citoyens", "Longwy"]  # fmt: skip


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


BUILD_IN_A_FRESH_PROCESS = """
import json, sys
from pathlib import Path
from ess_build.build import build, settings_for
settings = settings_for(publish=False, content=Path(sys.argv[1]), output=Path(sys.argv[2]))
if sys.argv[3] == "without-search":
    settings["PLUGINS"] = [p for p in settings["PLUGINS"] if p != "ess_search"]
summary = build(settings)
from ess_site.site import cpu_seconds
print(json.dumps({"seconds": summary["seconds"], "cpu": cpu_seconds(), "timings": summary["timings"]}))
"""


def build_site(content: Path, output: Path, search: bool = True) -> dict:
    """One cold build (empty cache: nothing reused) in its own process (Pelican's plugin registrations
    are process-wide)."""
    with tempfile.TemporaryDirectory(prefix="ess-bench-cache-") as cache:
        result = subprocess.run(
            [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(content), str(output), "with-search" if search else "without-search"],
            capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "ESS_CACHE_DIR": cache},
        )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def index_sizes(output: Path) -> list[tuple]:
    rows = []
    for lang in LANGS:
        for kind in ("index", "store"):
            base = output / "search" / f"{lang}.{kind}.json"
            raw = base.read_bytes()
            rows.append(
                (lang, kind, len(raw), len(gzip.compress(raw, 9, mtime=0)), len(brotli.compress(raw, quality=11)))
            )
    return rows


def lunr_first_result_bytes(output: Path, lang: str) -> int:
    """gzip bytes a visitor downloads before the first result: scripts, this language's index and store."""
    files = FIRST_RESULT_SCRIPTS["common"] + FIRST_RESULT_SCRIPTS.get(lang, [])
    files += [f"search/{lang}.index.json", f"search/{lang}.store.json"]
    return sum(_gz((output / f).read_bytes()) for f in files)


def pagefind_first_result_bytes(output: Path, lang: str, query: str) -> tuple[int, list[str]]:
    """Runs Pagefind on the same output, then loads its UI-less API in Chromium and counts the bytes of
    every file it fetches until the first result's data is there (gzip size for files not compressed)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, StaticServer

    bundle = output / "_pagefind"
    subprocess.run(
        ["npx", "--no-install", "pagefind", "--site", str(output), "--output-path", str(bundle)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    server = StaticServer(output, policy=False)  # Pagefind needs WebAssembly, which the site's CSP forbids
    fetched = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.goto(f"{server.url}/{lang}/")  # Pagefind picks its index from <html lang>
            page.on("request", lambda r: fetched.append(r.url.removeprefix(server.url + "/")))
            page.evaluate(
                """async (query) => {
                    const pagefind = await import("/_pagefind/pagefind.js");
                    const search = await pagefind.search(query);
                    if (search.results.length) { await search.results[0].data(); }
                }""",
                query,
            )
            browser.close()
    finally:
        server.close()
    total = 0
    for name in fetched:
        data = (output / name.split("?")[0]).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" or name.endswith(".pf_fragment") else _gz(data)
    return total, fetched


def _latency_all(output: Path, lang: str, queries: list[str], repeat: int = 20) -> list[float]:
    """Every run of every query (the Node helper keys results by text, so queries are made unique)."""
    texts = [f"{q}{' ' * i}" for i in range(repeat) for q in queries]  # trailing spaces tokenise away
    request = {"indexes": {lang: str(output / "search" / f"{lang}.index.json")}, "queries": {lang: texts}}
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "search_parity.js"), str(ROOT / "node_modules"),
         str(ROOT / "theme" / "static" / "js" / "search-pipelines.js")],
        input=json.dumps(request), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return sorted(entry["micros"] / 1000 for entry in json.loads(result.stdout)[lang].values())


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--latency-docs", type=int, default=2000)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ess-bench-search-"))

    sites = {"demo": ROOT / "content", f"generated {args.items}": generate(args.items, work / "generated", seed=11)}
    print("== Index build as a share of the whole build ==")
    print("   (the indexes are built in a second process while the pages are written: the CPU time it")
    print("    costs against the whole build's CPU time, and what it adds to the build's duration)")
    outputs = {}
    for name, content in sites.items():
        output = work / name.replace(" ", "-") / "output"
        without = min(build_site(content, work / "no-search", search=False)["seconds"] for _ in range(3))
        runs = [build_site(content, output) for _ in range(3)]
        summary = min(runs, key=lambda run: run["seconds"])
        outputs[name] = output
        work_s = summary["timings"]["search (in parallel, CPU)"]
        print(
            f"{name:>16}: build {summary['seconds']:.2f} s (without search {without:.2f} s, "
            f"+{(summary['seconds'] - without) / summary['seconds']:.0%} of the build's time); index CPU "
            f"{work_s:.2f} s of the build's {summary['cpu']:.2f} s = {work_s / summary['cpu']:.0%} (target ≤ 20%)"
        )

    print("\n== Index and store bytes per language (raw / gzip / brotli) ==")
    for name, output in outputs.items():
        for lang, kind, raw, gz, br in index_sizes(output):
            print(f"{name:>16} {lang} {kind:<5}: {raw:>9,} / {gz:>8,} / {br:>8,}")

    print("\n== Bytes fetched before the first result, demo site, against Pagefind in the same run ==")
    demo = outputs["demo"]
    for lang, query in (("fr", "économie"), ("de", "Zusammenarbeit"), ("lb", "Lëtzebuerg"), ("en", "purchasing")):
        mine = lunr_first_result_bytes(demo, lang)
        theirs, _ = pagefind_first_result_bytes(demo, lang, query)
        print(f"  {lang}: lunr {mine:,} B, Pagefind {theirs:,} B, ratio {mine / theirs:.2f} (target ≤ 1.00)")

    print(f"\n== Query latency in Node, one index of {args.latency_docs} documents ==")
    latency_content = generate(args.latency_docs, work / "latency", seed=12)
    for path in latency_content.rglob("*.md"):  # keep one language: one index of N documents
        if path.stem != "fr":
            path.unlink()
    for folder in sorted(latency_content.glob("*/*")):
        if not any(folder.glob("*.md")):
            for leftover in folder.iterdir():
                leftover.unlink()
            folder.rmdir()
    latency_output = work / "latency-output"
    build_site(latency_content, latency_output)
    documents = len(json.loads((latency_output / "search" / "fr.store.json").read_text()))
    timings = _latency_all(latency_output, "fr", LATENCY_QUERIES)
    print(
        f"  {documents} documents, {len(timings)} queries: p50 {percentile(timings, 0.5):.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms (target p95 < 20 ms)"
    )
    print(f"\n(work folder: {work})")


if __name__ == "__main__":
    main()
