"""Preview benchmark: the time from a file write until the served page shows the new text.

    .venv/bin/python bench/preview.py [--items 2000] [--edits 5] [--kinds body,title] [--no-hugo] [--no-demo]

For a generated tree of N items in four languages (bench/generate.py, 4 N files) and for the demo content,
it starts `python -m ess_build serve` (under `nice -n 10`, like the builds of the other benchmarks) on a
free port, waits for the first build, then edits one French news item `--edits` times for each kind of
edit, each time with a new marker: `body` appends a sentence to the text, `title` gives the item a new
title in its front matter (which moves its page to a new address, and changes its listing, its tag pages,
the other items showing it as related and the other languages' links to it). It polls the page (for a
title, at its new address) over HTTP every 10 ms until the marker is there: the figure is the time from
the end of the write to the first response that shows it; the next edit waits until the build of the
last one has ended. The same edits of the same file are done with `hugo server` (Debian package `hugo`,
rendering to memory) on the same texts converted as bench/run.py converts them (under the same `nice -n
10`, every page rendered again on a change: --disableFastRender), in the same run, and the ratios are
printed. Times are wall-clock seconds on this machine: only the ratios travel.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))

from run import hugo_site  # noqa: E402

from ess_content.model import slugify  # noqa: E402
from generate import generate  # noqa: E402

POLL = 0.01  # seconds between two requests for the page
KINDS = ("body", "title")
FINISHED = "Preview updated in"  # what the build process prints when a build has ended (ESS_LANG=en)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen | None = None) -> float | None:
    """Seconds until ``url`` answers with ``text`` in it (None: not within ``timeout``, or ``server`` ended)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and (server is None or server.poll() is None):
        if text in get(url):
            return time.perf_counter() - started
        time.sleep(POLL)
    return None


def append(path: Path, original: str, marker: str) -> None:
    path.write_text(original + f"\n\n{marker} is the newest sentence.\n", encoding="utf-8")


def retitled(original: str, title: str) -> str:
    """The project's file (YAML front matter) or Hugo's (JSON front matter, bench/run.py) with a new title."""
    if original.startswith("---\n{"):
        return re.sub(r'"title": "(?:[^"\\]|\\.)*"', lambda _: f'"title": {json.dumps(title)}', original, count=1)
    return re.sub(r"^title: .*$", lambda _: f'title: "{title}"', original, count=1, flags=re.M)


def measure_edits(path: Path, url_for, kind: str, edits: int, timeout: float, settle) -> list[float]:
    """Seconds from each write to the page (``url_for(title)``: its address, None: where it was) showing it;
    the file is put back afterwards. ``settle()``: waits until the build the write started has ended."""
    original = path.read_text(encoding="utf-8")
    seconds = []
    try:
        for number in range(edits):
            marker = f"Previewmarker{number}x{time.time_ns() % 100000}"
            if kind == "title":
                title = f"{marker} est le nouveau titre"
                path.write_text(retitled(original, title), encoding="utf-8")
                url = url_for(title)
            else:
                append(path, original, marker)
                url = url_for(None)
            waited = wait_for(url, marker, timeout)
            if waited is None:
                raise SystemExit(f"{url} did not show the {kind} edit of {path} within {timeout} s")
            seconds.append(waited)
            settle()
    finally:
        path.write_text(original, encoding="utf-8")
        settle()
    return seconds


def project_page(output: Path, path: Path, port: int, timeout: float) -> str:
    """The URL of the page showing ``path``'s body: found by writing a marker once and looking for it."""
    original = path.read_text(encoding="utf-8")
    marker = f"Previewanchor{time.time_ns() % 100000}"
    started = time.time()
    append(path, original, marker)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for page in output.rglob("index.html"):
            if page.stat().st_mtime >= started - 1 and marker in page.read_text(encoding="utf-8"):
                path.write_text(original, encoding="utf-8")
                url = f"http://127.0.0.1:{port}/{page.parent.relative_to(output).as_posix()}/"
                while marker in get(url) and time.monotonic() < deadline:
                    time.sleep(0.1)  # the file put back is served again: that build is over
                time.sleep(1.5)
                return url
        time.sleep(0.5)
    raise SystemExit(f"no page of {output} showed the edit of {path}")


def project(content: Path, work: Path, name: str, kinds, edits: int, timeout: float) -> dict[str, list[float]]:
    output, port = work / f"output-{name}", free_port()
    log_path = work / f"serve-{name}.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "ess_build", "serve", "--content", str(content),
         "--output", str(output), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "ESS_CACHE_DIR": str(work / f"cache-{name}"), "ESS_LANG": "en"},
    )  # fmt: skip
    builds = [0]

    def settle() -> None:
        """Until the build process prints that one more build has ended (the next edit then starts from a
        server at rest, as an editor's next save usually does)."""
        deadline = time.monotonic() + min(timeout, 60)
        while time.monotonic() < deadline and server.poll() is None:
            ended = log_path.read_text(encoding="utf-8", errors="replace").count(FINISHED)
            if ended > builds[0]:
                builds[0] = ended
                time.sleep(0.3)
                return
            time.sleep(0.05)

    try:
        if wait_for(f"http://127.0.0.1:{port}/", "<html", timeout, server) is None:
            raise SystemExit(f"the preview server did not start; see {log.name}")
        edited = sorted(content.glob("news/*/fr.md"))[len(list(content.glob("news/*/fr.md"))) // 2]
        url = project_page(output, edited, port, timeout)
        builds[0] = log_path.read_text(encoding="utf-8", errors="replace").count(FINISHED)
        folder = url.rstrip("/").rsplit("/", 1)[0]
        moves = not re.search(r"^slug:", edited.read_text(encoding="utf-8"), re.M)  # (else its slug stays)

        def url_for(title: str | None) -> str:
            return f"{folder}/{slugify(title, 'fr')}/" if title is not None and moves else url

        return {kind: measure_edits(edited, url_for, kind, edits, timeout, settle) for kind in kinds}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def hugo(content: Path, work: Path, kinds, edits: int, timeout: float) -> dict[str, list[float]] | None:
    binary = shutil.which("hugo")
    if binary is None:
        return None
    site, port = hugo_site(content, work), free_port()
    log = (work / "hugo-server.log").open("w")
    server = subprocess.Popen(
        ["nice", "-n", "10", binary, "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
         "--baseURL", f"http://127.0.0.1:{port}/", "--disableFastRender"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        edited = sorted((site / "content" / "fr" / "news").glob("*.md"))
        edited = edited[len(edited) // 2]
        url = f"http://127.0.0.1:{port}/news/{edited.stem}/"  # (Hugo's address does not follow the title)
        if wait_for(url, "<h1>", timeout) is None:
            raise SystemExit(f"hugo server did not serve {url}; see {log.name}")
        return {
            kind: measure_edits(edited, lambda _title: url, kind, edits, timeout, lambda: time.sleep(1.5))
            for kind in kinds
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def describe(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds):6.3f} s, max {max(seconds):6.3f} s ({len(seconds)} edits)"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items of the generated tree (4 files each)")
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"kinds of edit, among {', '.join(KINDS)}")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a server or an edit")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args(argv)
    kinds = [kind for kind in args.kinds.split(",") if kind]
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--kinds: expected some of {', '.join(KINDS)}")
    work = Path(tempfile.mkdtemp(prefix="ess-bench-preview-"))
    try:
        content = generate(args.items, work / "content", seed=21, drafts=0.03, future=0.03)
        files = sum(1 for _ in content.rglob("*.md"))
        ours = project(content, work, "generated", kinds, args.edits, args.timeout)
        theirs = None if args.no_hugo else hugo(content, work, kinds, args.edits, args.timeout)
        demo = None
        if not args.no_demo:
            shutil.copytree(ROOT / "content", work / "demo")
            demo = project(work / "demo", work, "demo", kinds, args.edits, args.timeout)
        print(f"Preview benchmark: from a file write to the served page showing it ({files} source files)")
        for kind in kinds:
            print(f"  {kind} edit:")
            print(f"    project, {args.items} items:  {describe(ours[kind])}  [target ≤ 1.5 s]")
            if theirs:
                print(f"    hugo server, same texts:  {describe(theirs[kind])}")
                ratio = statistics.median(ours[kind]) / statistics.median(theirs[kind])
                print(f"    project / hugo (medians): {ratio:.1f}")
            if demo:
                print(f"    project, demo content:     {describe(demo[kind])}  [target ≤ 0.3 s]")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
