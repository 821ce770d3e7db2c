"""Search benchmark at several site sizes: what the search index costs within the build, what a visitor
downloads before the first result against Pagefind on the same output, and query latency in Node.

    .venv/bin/python bench/search.py [--items 500,2000,10000] [--languages fr,de,lb,en] [--latency-only]
                                     [--work DIR]

For each size (items per language, bench/generate.py texts) and language: gzip bytes fetched in Chromium
from focusing the header's search field and typing a query until the results show, ours against
Pagefind's own API fetching its first result; the index build's CPU time as a share of the build's;
query time p50/p95 in Node on the French index, as the browser runs it and on the whole index loaded at
once. As the browser runs it is measured three ways: a fresh index fetching only the shards each query
needs, once they are parsed (the figure the target applies to); the same with the parsing of those
shards' JSON (a page's first query, less the network); and the next keystroke (the query on an index that
answered the text less its last letter); and in Chromium with the site's scripts, on a fresh index
fetching its parts from a local server, on one whose parts were fetched before, and as the next
keystroke. With --latency-only, no Pagefind and
no bytes measured: the build and the query times only; with --work, sites built in that folder by an
earlier run are reused as they are (the Node figures use this tree's scripts, the others the built ones:
rebuild after changing them). Prints figures from one run on one machine; no absolute figure is a target
on its own.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate  # noqa: E402

LANGS = ("fr", "de", "lb", "en")
#: Queries that find results in bench/generate.py's texts: a word, then two words as typed.
FIRST_RESULT_QUERIES = {
    "fr": ["économie", "circuits courts"],
    "de": ["Genossenschaften", "regionale Lieferketten"],
    "lb": ["Kooperativen", "kuerz Liwwerketten"],
    "en": ["cooperatives", "short supply chains"],
}
LATENCY_QUERIES = ["économie", "economie sociale", "circuits courts", "coopératives", "d'insertion", "réemploi",
                   "Nancy", "éco-construction", "finan", "solidaire transfrontaliers", "emploi local", "z", "é",
                   "ec", "artisanat régional", "achats responsables", "collectivités citoyens", "Longwy"]  # fmt: skip


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


BUILD_IN_A_FRESH_PROCESS = """
import json, sys
from pathlib import Path
from ess_build.build import build, settings_for
settings = settings_for(publish=False, content=Path(sys.argv[1]), output=Path(sys.argv[2]))
summary = build(settings)
from ess_site.site import cpu_seconds
print(json.dumps({"seconds": summary["seconds"], "cpu": cpu_seconds(), "timings": summary["timings"]}))
"""


def build_site(content: Path, output: Path) -> dict:
    """One cold build (empty cache: nothing reused) in its own process."""
    with tempfile.TemporaryDirectory(prefix="ess-bench-cache-") as cache:
        result = subprocess.run(
            [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(content), str(output)],
            capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "ESS_CACHE_DIR": cache},
        )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def _served_bytes(output: Path, names: list[str]) -> int:
    """gzip bytes of fetched files (Pagefind's are gzipped already, or fragments it compresses itself)."""
    total = 0
    for name in names:
        data = (output / name.split("?")[0]).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" or name.endswith(".pf_fragment") else _gz(data)
    return total


def first_result_bytes(output: Path, langs, queries: dict) -> dict:
    """(lang, query) → (our bytes, our files, Pagefind's bytes, Pagefind's files), measured in Chromium."""
    from browser import CHROMIUM_ARGS, StaticServer
    from playwright.sync_api import sync_playwright

    bundle = output / "_pagefind"
    subprocess.run(
        ["npx", "--no-install", "pagefind", "--site", str(output), "--output-path", str(bundle)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    server = StaticServer(output, policy=False)  # Pagefind needs WebAssembly, which the site's CSP forbids
    measured = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for lang in langs:
                for query in queries[lang]:
                    ours, theirs = [], []
                    context = browser.new_context(bypass_csp=True)
                    page = context.new_page()
                    page.goto(f"{server.url}/{lang}/")
                    page.on("request", lambda r, into=ours: into.append(r.url.removeprefix(server.url + "/")))
                    ours_only = ("search/", "theme/js/")  # (not the page's own icon, fetched meanwhile)
                    page.click("#site-search-q")
                    page.fill("#site-search-q", query)
                    page.wait_for_function(
                        "() => document.querySelectorAll('.site-search .search-result').length", timeout=180_000
                    )
                    context.close()
                    context = browser.new_context(bypass_csp=True)
                    page = context.new_page()
                    page.goto(f"{server.url}/{lang}/")  # Pagefind picks its index from <html lang>
                    page.on("request", lambda r, into=theirs: into.append(r.url.removeprefix(server.url + "/")))
                    page.evaluate(
                        """async (query) => {
                            const pagefind = await import("/_pagefind/pagefind.js");
                            const search = await pagefind.search(query);
                            if (search.results.length) { await search.results[0].data(); }
                        }""",
                        query,
                    )
                    context.close()
                    ours = [name for name in ours if name.startswith(ours_only)]
                    measured[lang, query] = (_served_bytes(output, ours), ours, _served_bytes(output, theirs), theirs)
            browser.close()
    finally:
        server.close()
    return measured


def latency(output: Path, lang: str, queries: list[str], repeat: int = 10) -> dict[str, list[float]]:
    """Milliseconds of every run of every query: 'parts' as the browser runs it ('cold' with the parsing
    of its shards, 'warm' as the next keystroke), 'whole' on the whole index (the Node helper keys results
    by text, so runs are made unique with trailing spaces)."""
    from ess_search.partition import load_published
    from ess_search.vendor import search_pipelines

    from ess_build.build import settings_for, site_config

    texts = [f"{q}{' ' * i}" for i in range(repeat) for q in queries]
    with tempfile.TemporaryDirectory(prefix="ess-bench-index-") as folder:
        whole = Path(folder) / "index.json"
        whole.write_text(json.dumps(load_published(output / "search" / f"{lang}.json")[0]), encoding="utf-8")
        request = {
            "pipelines": search_pipelines(site_config(settings_for(publish=False))),
            "sites": {lang: {"entry": str(output / "search" / f"{lang}.json"), "full": str(whole)}},
            "queries": {lang: texts},
        }
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "search_parity.js"), str(ROOT / "node_modules"),
             str(ROOT / "theme" / "static" / "js" / "search-pipelines.js")],
            input=json.dumps(request), capture_output=True, text=True, check=True,
        )  # fmt: skip
    answers = json.loads(result.stdout)[lang].values()
    return {
        kind: sorted(a[key] / 1000 for a in answers)
        for kind, key in (("parts", "micros"), ("cold", "coldMicros"), ("warm", "warmMicros"), ("whole", "fullMicros"))
    }


BROWSER_LATENCY = """async ([lang, texts]) => {
    const config = JSON.parse(document.querySelector(
        'body > script[type="application/json"][data-ess-config="search"]').textContent);
    for (const asset of config.scripts.common.concat(config.scripts[lang] || [])) {
        await new Promise((resolve, reject) => {
            const script = Object.assign(document.createElement("script"), {src: asset.src, integrity: asset.integrity});
            script.onload = resolve;
            script.onerror = reject;
            document.head.appendChild(script);
        });
    }
    const essSearch = window.essSearchSetup(window.lunr, config.pipelines);
    essSearch.ensure(lang);
    const url = new URL(config.indexes[lang], location.href);
    const entry = await (await fetch(url)).json();
    const PartialIndex = window.essSearchIndex(window.lunr, essSearch);
    const fetchPart = (name) => fetch(new URL(name, new URL(entry.base, url))).then((response) => response.json());
    const times = {fetched: [], first: [], next: []}, parsed = {};
    const time = async (kind, index, text) => {
        const started = performance.now();
        await index.query(text);
        times[kind].push(performance.now() - started);
    };
    for (const text of texts) {
        await time("fetched", new PartialIndex(lang, entry, fetchPart), text);
        const index = new PartialIndex(lang, entry, (name) => Promise.resolve(parsed[name]));
        for (const n of index.shardsForText(text)) { parsed[`t${n}.json`] = await fetchPart(`t${n}.json`); }
        await time("first", index, text);
        if (text.trim().length > 1) { await index.query(text.trim().slice(0, -1)); }
        await time("next", index, text);
    }
    return times;
}"""


def browser_latency(output: Path, lang: str, queries: list[str], repeat: int = 5) -> dict[str, list[float]]:
    """Milliseconds of every run of every query in Chromium, with the site's own scripts, as search.js
    runs them (without its 150 ms pause and the rendering): 'fetched' on a fresh index fetching its parts
    from a local server, 'first' on a fresh index once its parts are fetched, 'next' on that index after
    the text less its last letter."""
    from browser import CHROMIUM_ARGS, StaticServer
    from playwright.sync_api import sync_playwright

    server = StaticServer(output)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{server.url}/{lang}/")
            times = page.evaluate(BROWSER_LATENCY, [lang, queries * repeat])
            browser.close()
    finally:
        server.close()
    return {kind: sorted(values) for kind, values in times.items()}


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def search_files(output: Path, lang: str) -> tuple[int, int, int]:
    """(parts, their raw bytes, their gzip bytes) of one language."""
    entry = json.loads((output / "search" / f"{lang}.json").read_text(encoding="utf-8"))
    folder = output / "search" / entry["base"]
    files = [path for path in folder.iterdir() if path.suffix == ".json"]
    return len(files), sum(p.stat().st_size for p in files), sum(_gz(p.read_bytes()) for p in files)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="500,2000", help="items per language, comma-separated sizes")
    parser.add_argument("--languages", default=",".join(LANGS))
    parser.add_argument("--latency-only", action="store_true", help="no Pagefind, no bytes: query times only")
    parser.add_argument("--work", type=Path, help="folder of the sites built, reused when a size is there already")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.items.split(",")]
    langs = args.languages.split(",")
    work = args.work or Path(tempfile.mkdtemp(prefix="ess-bench-search-"))
    for size in sizes:
        output = work / f"output-{size}"
        print(f"\n== {size} items per language ==")
        if args.work and (output / "search" / "fr.json").is_file():
            print(f"  (site built by an earlier run: {output})")
        else:
            content = generate(size, work / f"content-{size}", seed=11)
            summary = build_site(content, output)
            search_cpu = summary["timings"]["search (in parallel, CPU)"]
            print(
                f"  build {summary['seconds']:.1f} s, {summary['cpu']:.1f} s CPU; index build {search_cpu:.1f} s "
                f"CPU = {search_cpu / summary['cpu']:.0%} of the build's CPU"
            )
        for lang in langs:
            parts, raw, gz = search_files(output, lang)
            print(f"  {lang} search files: {parts} parts, {raw:,} B raw, {gz:,} B gzip in all")
        if not args.latency_only:
            measured = first_result_bytes(output, langs, FIRST_RESULT_QUERIES)
            print("  gzip bytes before the first result, ours / Pagefind (files fetched):")
            for (lang, query), (mine, my_files, theirs, their_files) in measured.items():
                print(
                    f"    {lang} {query!r:>26}: {mine:>8,} / {theirs:>8,} B = {mine / theirs:.2f} "
                    f"({len(my_files)} / {len(their_files)} files) (target ≤ 1.00)"
                )
        times = latency(output, "fr", LATENCY_QUERIES)
        documents = json.loads((output / "search" / "fr.json").read_text(encoding="utf-8"))["documents"]
        for kind, label in (
            ("parts", "as the browser runs it"),
            ("cold", "the same with its shards' JSON parsing"),
            ("warm", "as the next keystroke"),
            ("whole", "on the whole index"),
        ):
            values = times[kind]
            print(
                f"  query time, fr, {documents} documents, {label}: p50 {percentile(values, 0.5):.2f} ms, "
                f"p95 {percentile(values, 0.95):.2f} ms" + (" (target p95 < 50 ms)" if kind != "whole" else "")
            )
        in_browser = browser_latency(output, "fr", LATENCY_QUERIES)
        for kind, label in (
            ("fetched", "its parts fetched from a local server"),
            ("first", "its parts fetched beforehand"),
            ("next", "as the next keystroke"),
        ):
            values = in_browser[kind]
            print(
                f"  query time, fr, {documents} documents, in Chromium, {label}: p50 {percentile(values, 0.5):.2f} "
                f"ms, p95 {percentile(values, 0.95):.2f} ms (target p95 < 50 ms)"
            )
    print(f"\n(work folder: {work})")


if __name__ == "__main__":
    main()
