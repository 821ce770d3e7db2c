"""Image benchmark: a cold build with phone photos, a warm rebuild, and the bytes a page with one photo
costs a phone and a desktop.

    .venv/bin/python bench/images.py [--photos 50]

The photos are made here: 4000 × 3000 JPEGs as a phone writes them (stored sideways with EXIF orientation 6,
a GPS position and a camera serial number), with noise at several scales so that they weigh 3-6 MB and
their reduced copies stay as hard to compress as a real scene (an upper bound for real photos). Bytes per
page are measured in headless Chromium (Debian's /usr/bin/chromium, through Playwright) at 390 px and
device pixel ratio 2 (a phone) and 1280 px at ratio 1 (a desktop), and computed from the page's
srcset/sizes by the HTML selection rules as a cross-check. Prints figures from one run on one machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import mimetypes
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lxml import html as lxml_html
from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
REM = 16
VIEWPORTS = {"phone (390 px, DPR 2)": (390, 844, 2), "desktop (1280 px, DPR 1)": (1280, 800, 1)}
BUDGETS = {"phone (390 px, DPR 2)": 150_000, "desktop (1280 px, DPR 1)": 300_000}  # the figures


def phone_photo(seed: int, base: Image.Image) -> bytes:
    """A 4000 × 3000 scene, stored as a phone held upright stores it, with EXIF orientation and GPS."""
    rnd = random.Random(seed)
    width, height = base.size
    scene = Image.effect_noise((width // 4, height // 4), 60).convert("RGB")  # detail that survives reduction
    scene = scene.resize((width, height), Image.Resampling.BICUBIC)
    scene = Image.blend(scene, ImageChops.offset(base, rnd.randrange(width), rnd.randrange(height)), 0.5)
    draw = ImageDraw.Draw(scene)
    for _ in range(30):
        x, y = rnd.randrange(width), rnd.randrange(height)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rnd.randrange(100, 900), y + rnd.randrange(100, 700)), fill=colour)
    scene = Image.blend(scene, base, 0.25)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = f"SERIAL-{seed:05d}"
    exif.get_ifd(0x8825).update({1: "N", 2: (49.0, 36.0, float(seed % 60)), 3: "E", 4: (6.0, 7.0, 44.0)})
    out = io.BytesIO()
    scene.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


NEWS = """---
title: Photo report {n}
date: 2024-05-{day:02d}
image: photo-{n}.jpg
image_alt: A market stall, photo {n}
---
A short report with one photo.
"""


def make_tree(root: Path, count: int) -> int:
    base = Image.effect_noise((4000, 3000), 48).convert("RGB")
    total = 0
    for n in range(1, count + 1):
        folder = root / "news" / f"photo-report-{n}"
        folder.mkdir(parents=True)
        data = phone_photo(n, base)
        (folder / f"photo-{n}.jpg").write_bytes(data)
        (folder / "en.md").write_text(NEWS.format(n=n, day=1 + n % 28), encoding="utf-8")
        total += len(data)
    return total


def build(content: Path, output: Path, cache: Path) -> tuple[float, str]:
    env = dict(os.environ, ESS_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1782432000")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "ess_build", "build", "--content", str(content), "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return time.perf_counter() - started, result.stdout


def encoded(stdout: str) -> str:
    found = re.search(r"Image copies: (\d+) encoded, (\d+) taken from the cache", stdout)
    return f"{found.group(1)} copies encoded, {found.group(2)} from the cache" if found else "0 copies encoded"


# -- bytes per page, by the HTML selection rules ----------------------------------------------------------


def _length(text: str, viewport: int) -> float:
    text = text.strip()
    calc = re.fullmatch(r"calc\(100vw - ([\d.]+)rem\)", text)
    if calc:
        return viewport - float(calc.group(1)) * REM
    unit = re.fullmatch(r"([\d.]+)(rem|px|vw)", text)
    value, kind = float(unit.group(1)), unit.group(2)
    return value * REM if kind == "rem" else value if kind == "px" else viewport * value / 100


def slot_width(sizes: str, viewport: int) -> float:
    """The first entry of ``sizes`` whose media condition matches (only min-width conditions are used here)."""
    for entry in sizes.split(","):
        condition = re.match(r"\s*\(min-width: ([\d.]+)rem\)\s*(.*)", entry)
        if condition is None:
            return _length(entry, viewport)
        if viewport >= float(condition.group(1)) * REM:
            return _length(condition.group(2), viewport)
    return viewport


def chosen(srcset: str, sizes: str, viewport: int, ratio: float) -> str:
    """The smallest candidate at least as wide as the slot in device pixels, else the largest."""
    needed = slot_width(sizes, viewport) * ratio
    candidates = sorted((int(w), url) for url, w in re.findall(r"(\S+) (\d+)w", srcset))
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


def computed_bytes(output: Path, page: Path) -> dict[str, tuple[str, int]]:
    source = lxml_html.fromstring(page.read_bytes()).xpath("//figure//source[@type='image/avif']")[0]
    found = {}
    for name, (width, _height, ratio) in VIEWPORTS.items():
        url = chosen(source.get("srcset"), source.get("sizes"), width, ratio)
        found[name] = (url.rsplit("/", 1)[-1], (output / url.lstrip("/")).stat().st_size)
    return found


# -- bytes per page, measured in Chromium -----------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measured_bytes(output: Path, page: Path) -> dict[str, tuple[str, int]] | None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.is_file():
        return None
    from playwright.sync_api import sync_playwright

    mimetypes.add_type("image/avif", ".avif")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/{page.parent.relative_to(output).as_posix()}/"
    found = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            for name, (width, height, ratio) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=ratio)
                tab = context.new_page()
                images = []
                tab.on(
                    "response",
                    lambda r, images=images: images.append(r) if r.request.resource_type == "image" else None,
                )
                tab.goto(address, wait_until="networkidle")
                files = [(r.url.rsplit("/", 1)[-1], len(r.body())) for r in images]
                found[name] = (", ".join(f for f, _ in files), sum(size for _, size in files))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ess-bench-images-"))
    try:
        started = time.perf_counter()
        originals = make_tree(work / "content", args.photos)
        print(f"{args.photos} phone photos of 4000 × 3000 made in {time.perf_counter() - started:.0f} s: "
              f"{originals / args.photos / 1e6:.1f} MB each on average")  # fmt: skip
        cache, output = work / "cache", work / "output"
        cold, stdout = build(work / "content", output, cache)
        print(f"cold build (empty cache):                 {cold:6.1f} s   {encoded(stdout)}")
        warm, stdout = build(work / "content", output, cache)
        print(f"rebuild, nothing changed:                 {warm:6.1f} s   {encoded(stdout)}")
        other, stdout = build(work / "content", work / "output-2", cache)
        print(f"build into a new folder, warm cache:      {other:6.1f} s   {encoded(stdout)}")
        print(f"cold / rebuild: {cold / warm:.1f}x")
        published = sum(p.stat().st_size for p in (output / "files").rglob("*") if p.is_file())
        print(f"published image bytes: {published / 1e6:.1f} MB for {originals / 1e6:.1f} MB committed")
        page = next((output / "en" / "news").glob("photo-report-1/index.html"))
        print("bytes of image for a page with one photo (issue's budget: phone 150 kB, desktop 300 kB):")
        computed = computed_bytes(output, page)
        measured = measured_bytes(output, page)
        for name in VIEWPORTS:
            line = f"  {name:<26} by srcset rules: {computed[name][1] / 1000:6.1f} kB ({computed[name][0]})"
            if measured is not None:
                line += f"; in Chromium: {measured[name][1] / 1000:6.1f} kB ({measured[name][0]})"
            print(line + ("" if computed[name][1] <= BUDGETS[name] else "  OVER BUDGET"))
        if measured is None:
            print("  (Chromium not found at /usr/bin/chromium: bytes computed only)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
