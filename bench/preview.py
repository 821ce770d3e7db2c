"""Preview benchmark: the time from a file write until the served page shows the new text.

    .venv/bin/python bench/preview.py [--items 2000] [--edits 5] [--no-hugo] [--no-demo]

For a generated tree of N items in four languages (bench/generate.py, 4 N files) and for the demo content,
it starts `python -m ess_build serve` (under `nice -n 10`, like the builds of the other benchmarks) on a
free port, waits for the first build, then edits one French news item's body `--edits` times (appending a
sentence with a new marker each time) and polls the page over HTTP every 10 ms until the marker is there:
the figure is the time from the end of the write to the first response that shows it. The same is done with
`hugo server` (Debian package `hugo`, rendering to memory) on the same texts converted as bench/run.py
converts them (under the same `nice -n 10`, every page rendered again on a change: --disableFastRender),
in the same run, and the ratios are printed. Times are wall-clock seconds on this machine:
only the ratios travel.
"""

from __future__ import annotations

import argparse
import os
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

from run import hugo_site  # noqa: E402

from generate import generate  # noqa: E402

POLL = 0.01  # seconds between two requests for the page


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


def measure_edits(path: Path, url: str, edits: int, timeout: float) -> list[float]:
    """Seconds from each write to the page showing it; the file is put back afterwards."""
    original = path.read_text(encoding="utf-8")
    seconds = []
    try:
        for number in range(edits):
            marker = f"Previewmarker{number}x{time.time_ns() % 100000}"
            append(path, original, marker)
            waited = wait_for(url, marker, timeout)
            if waited is None:
                raise SystemExit(f"{url} did not show the edit of {path} within {timeout} s")
            seconds.append(waited)
            time.sleep(1.5)  # let the server finish whatever else the save started
    finally:
        path.write_text(original, encoding="utf-8")
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


def project(content: Path, work: Path, name: str, edits: int, timeout: float) -> list[float]:
    output, port = work / f"output-{name}", free_port()
    log = (work / f"serve-{name}.log").open("w")
    server = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "ess_build", "serve", "--content", str(content),
         "--output", str(output), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ESS_CACHE_DIR": str(work / f"cache-{name}")},
    )  # fmt: skip
    try:
        if wait_for(f"http://127.0.0.1:{port}/", "<html", timeout, server) is None:
            raise SystemExit(f"the preview server did not start; see {log.name}")
        edited = sorted(content.glob("news/*/fr.md"))[len(list(content.glob("news/*/fr.md"))) // 2]
        url = project_page(output, edited, port, timeout)
        return measure_edits(edited, url, edits, timeout)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def hugo(content: Path, work: Path, edits: int, timeout: float) -> list[float] | None:
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
        url = f"http://127.0.0.1:{port}/news/{edited.stem}/"
        if wait_for(url, "<h1>", timeout) is None:
            raise SystemExit(f"hugo server did not serve {url}; see {log.name}")
        return measure_edits(edited, url, edits, timeout)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def describe(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds):6.3f} s, max {max(seconds):6.3f} s ({len(seconds)} edits)"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items of the generated tree (4 files each)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a server or an edit")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ess-bench-preview-"))
    try:
        content = generate(args.items, work / "content", seed=21, drafts=0.03, future=0.03)
        files = sum(1 for _ in content.rglob("*.md"))
        ours = project(content, work, "generated", args.edits, args.timeout)
        theirs = None if args.no_hugo else hugo(content, work, args.edits, args.timeout)
        demo = None
        if not args.no_demo:
            shutil.copytree(ROOT / "content", work / "demo")
            demo = project(work / "demo", work, "demo", args.edits, args.timeout)
        print(f"Preview benchmark: from a file write to the served page showing it ({files} source files)")
        print(f"  project, {args.items} items:  {describe(ours)}  [target ≤ 1.5 s]")
        if theirs:
            print(f"  hugo server, same texts:  {describe(theirs)}")
            ratio = statistics.median(ours) / statistics.median(theirs)
            print(f"  project / hugo (medians): {ratio:.1f}")
        if demo:
            print(f"  project, demo content:     {describe(demo)}  [target ≤ 0.3 s]")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
