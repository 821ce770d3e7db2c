"""Whole-build properties: deterministic output, atomic replacement, publish mode."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from conftest import ROOT, build, tree_digest
from generate import generate


def test_two_builds_of_the_same_input_are_byte_identical(generated_site, tmp_path):
    again = tmp_path / "again"
    result = build(generated_site.content, again, env={"SOURCE_DATE_EPOCH": "1782432000"})
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(generated_site.output)


def test_a_killed_build_leaves_the_previous_output_intact(tmp_path):
    content = generate(400, tmp_path / "content", seed=3)
    output = tmp_path / "output"
    small = generate(5, tmp_path / "small", seed=4)
    assert build(small, output).returncode == 0
    before = tree_digest(output)

    process = subprocess.Popen(
        [sys.executable, "-m", "ess_build", "build", "--content", str(content), "--output", str(output)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    staging = None
    while time.monotonic() < deadline:
        candidates = list(tmp_path.glob(".output.building-*"))
        if candidates and any(candidates[0].rglob("*.html")):
            staging = candidates[0]
            break
        time.sleep(0.01)
    assert staging is not None, "the build never started writing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree_digest(output) == before, "the killed build changed the previous output"

    # the next build cleans what the killed one left and succeeds
    assert build(small, output).returncode == 0
    assert not list(tmp_path.glob(".output.*"))
    assert tree_digest(output) == before


def test_publish_mode_uses_absolute_urls_from_siteurl(tmp_path):
    content = generate(10, tmp_path / "content", seed=5, partial=0.5)
    output = tmp_path / "output"
    result = build(content, output, "--publish", env={"SITEURL": "https://ess.example.org/site"})
    assert result.returncode == 0, result.stderr
    page = (output / "de" / "index.html").read_text()
    assert '<link rel="canonical" href="https://ess.example.org/site/de/">' in page
    assert 'hreflang="x-default" href="https://ess.example.org/site/"' in page
    assert 'href="/' not in page and 'src="/' not in page
    sitemap = (output / "sitemap.xml").read_text()
    assert "<loc>https://ess.example.org/site/fr/</loc>" in sitemap
    assert "http://127.0.0.1" not in sitemap + (output / "fr" / "feed.atom").read_text()


def test_content_folder_is_never_written(tmp_path):
    content = generate(10, tmp_path / "content", seed=6)
    before = tree_digest(content)
    stamp = {p: p.stat().st_mtime_ns for p in content.rglob("*")}
    assert build(content, tmp_path / "output").returncode == 0
    assert tree_digest(content) == before
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*")} == stamp


def test_help_explains_the_commands():
    result = subprocess.run([sys.executable, "-m", "ess_build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    for command in ("build", "check", "serve"):
        assert command in result.stdout


def test_the_two_page_processes_take_every_page_once_from_both_ends():
    """The page list is shared by two processes, one from each end (ess_pages.writer._taken): together they
    render every page once, the first a front part of the list, the second the rest, whatever their pace."""
    import multiprocessing

    from ess_pages.writer import _taken

    pages = list(range(1003))
    for pace in (1, 3, 17):  # pages the front process takes for each page the back one takes
        bounds = multiprocessing.get_context("fork").Array("q", [0, len(pages)])
        front, back = _taken(pages, bounds, from_back=False), _taken(pages, bounds, from_back=True)
        taken_front, taken_back, running = [], [], True
        while running:
            running = False
            for page in (next(front, None) for _ in range(pace)):
                if page is not None:
                    taken_front.append(page)
                    running = True
            page = next(back, None)
            if page is not None:
                taken_back.append(page)
                running = True
        assert taken_front == pages[: len(taken_front)]
        assert sorted(taken_back) == pages[len(taken_front) :]
        assert len(taken_front) > len(taken_back) if pace > 1 else abs(len(taken_front) - len(taken_back)) <= 8
