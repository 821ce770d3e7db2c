"""Page weight: the largest HTML page of each kind at a given size of site, against a limit.

    python bench/pages.py --items 2000 [--items 500 ...] [--limit 150000] [--publish]
    python bench/pages.py --content DIR --output DIR      # measure a build already made from DIR

Each size gets a generated tree (bench/generate.py, four languages per item) built by the project's own
command; every HTML file of the output is then named by the site map (its kind, and its section for
listings and their facets) and weighed in bytes as written (before gzip/brotli). Prints, per kind, the
number of pages, the median and the largest with its path, then the pages over the limit (issue 16: no
page over 150 kB at 2,000 items). Exit status 1 when a page is over the limit.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))

from generate import generate  # noqa: E402

LIMIT = 150_000


def page_kinds(content: Path, publish: bool) -> dict[str, str]:
    """Output path (relative, as written) → 'kind' or 'kind:section', from the site map of ``content``."""
    from ess_pipeline import prepare_site

    from ess_build.build import settings_for, site_config

    config = site_config(settings_for(publish=publish, content=content))
    routes = prepare_site(config, content, render=False).routes
    return {
        page._save_as: f"{page._kind}:{page._section}" if page._section else str(page._kind) for page in routes.pages
    }


def weigh(output: Path, kinds: dict[str, str]) -> dict[str, list[tuple[int, str]]]:
    """Kind → [(bytes, path)] of every HTML file of ``output`` the site map names."""
    sizes: dict[str, list[tuple[int, str]]] = {}
    for path in output.rglob("*.html"):
        relative = str(path.relative_to(output))
        kind = kinds.get(relative)
        if kind is not None:
            sizes.setdefault(kind, []).append((path.stat().st_size, relative))
    return sizes


def report(sizes: dict[str, list[tuple[int, str]]], limit: int) -> list[tuple[int, str]]:
    print(f"{'kind':<24} {'pages':>6} {'median kB':>10} {'largest kB':>11}  largest page")
    for kind in sorted(sizes, key=lambda k: -max(sizes[k])[0]):
        rows = sizes[kind]
        largest = max(rows)
        median = statistics.median(size for size, _ in rows)
        print(f"{kind:<24} {len(rows):>6} {median / 1000:>10.1f} {largest[0] / 1000:>11.1f}  {largest[1]}")
    over = sorted((row for rows in sizes.values() for row in rows if row[0] > limit), reverse=True)
    print(f"pages over {limit / 1000:.0f} kB: {len(over)}")
    for size, path in over[:20]:
        print(f"  {size / 1000:8.1f} kB  {path}")
    return over


def build(content: Path, output: Path, publish: bool) -> None:
    command = [sys.executable, "-m", "ess_build", "build", "--content", str(content), "--output", str(output)]
    subprocess.run([*command, *(["--publish"] if publish else [])], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, action="append", help="size of a generated tree (repeatable)")
    parser.add_argument("--content", type=Path, help="measure the build of this tree (with --output)")
    parser.add_argument("--output", type=Path, help="an output folder already built from --content")
    parser.add_argument("--limit", type=int, default=LIMIT, help="bytes a page may weigh (default 150,000)")
    parser.add_argument("--publish", action="store_true", help="a published build (no drafts, no status page)")
    args = parser.parse_args(argv)
    over = []
    if args.content and args.output:
        over += report(weigh(args.output, page_kinds(args.content, args.publish)), args.limit)
    for count in args.items or ([] if args.content else [2000]):
        with tempfile.TemporaryDirectory(prefix="ess-pages-") as folder:
            content, output = generate(count, Path(folder) / "content"), Path(folder) / "output"
            build(content, output, args.publish)
            print(f"\n{count} items per language ({'published' if args.publish else 'preview'} build)")
            over += report(weigh(output, page_kinds(content, args.publish)), args.limit)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
