"""Faults injected into real builds (issue 12): a failure in the main process, a Markdown worker or the search
process ends the build within seconds with its documented exit code and a message without a traceback; no
helper process is left; a kill at any instant of the output swap loses no site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_bad_input import BASE

from conftest import ROOT, build, tree_digest, write_tree

EXIT_CONTENT, EXIT_ENVIRONMENT, EXIT_INTERNAL = 1, 2, 3


def _faulty_build(root: Path, patch: str, *, wait: bool = True, timeout: float = 60):
    """`python -m ess_build build` in a process where ``patch`` (Python) runs first; a fresh cache, so the
    search step and Markdown conversion really run."""
    script = (
        "import errno, os, signal, sys, time, pathlib\n"
        + textwrap.dedent(patch)
        + "\nfrom ess_build.__main__ import main\n"
        + f"sys.exit(main(['build', '--content', {str(root / 'content')!r}, '--output', {str(root / 'output')!r}]))\n"
    )
    env = dict(os.environ, ESS_CACHE_DIR=str(root / "cache"), PELICAN_NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if not wait:
        return process
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this file guards against
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the build did not end within {timeout} s:\n{err}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture
def site_root(tmp_path):
    """A content tree with a previous output built from it."""
    files = dict(BASE)
    files["news/launch/logo.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    write_tree(tmp_path / "content", files)
    result = build(tmp_path / "content", tmp_path / "output", env={"ESS_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    shutil.rmtree(tmp_path / "cache")
    return tmp_path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def _gone(pids, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _assert_failed_cleanly(result, code: int, root: Path, before: dict, *fragments: str):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "The previous output is unchanged." in result.stderr
    assert tree_digest(root / "output") == before
    assert not list(root.glob(".output*")), "the staging folder was left behind"


ENVIRONMENT_ERRORS = {
    "ENOSPC": "the disk is full",
    "EROFS": "the file system is read-only",
    "EACCES": "permission denied",
    "ENAMETOOLONG": "a file name is too long",
}


@pytest.mark.parametrize("name", sorted(ENVIRONMENT_ERRORS))
def test_environment_errors_in_the_main_process_are_said_as_such(name, site_root):
    before = tree_digest(site_root / "output")
    patch = f"""
        original = os.open  # (how the site's files are written: ess_site.Site.write_bytes)
        def failing(file, flags, *args, **kwargs):
            if os.path.basename(str(file)) == "sitemap.xml" and flags & os.O_WRONLY:
                raise OSError(errno.{name}, os.strerror(errno.{name}), str(file))
            return original(file, flags, *args, **kwargs)
        os.open = failing
    """
    result = _faulty_build(site_root, patch)
    _assert_failed_cleanly(
        result, EXIT_ENVIRONMENT, site_root, before, ENVIRONMENT_ERRORS[name], "sitemap.xml", os.strerror(getattr(__import__("errno"), name))
    )  # fmt: skip


def test_a_bug_in_the_main_process_is_an_internal_error(site_root):
    before = tree_digest(site_root / "output")
    patch = """
        original = os.open  # (how the site's files are written: ess_site.Site.write_bytes)
        def failing(file, flags, *args, **kwargs):
            if os.path.basename(str(file)) == "robots.txt" and flags & os.O_WRONLY:
                raise ValueError("injected bug")
            return original(file, flags, *args, **kwargs)
        os.open = failing
    """
    result = _faulty_build(site_root, patch)
    _assert_failed_cleanly(result, EXIT_INTERNAL, site_root, before, "Internal error", "ValueError: injected bug")
    report = Path(result.stderr.split("Details for the developers: ")[1].strip())
    assert "Traceback" in report.read_text() and "injected bug" in report.read_text()
    report.unlink()


@pytest.mark.parametrize(
    ("raised", "code", "fragment"),
    [
        ("RuntimeError('injected search bug')", EXIT_INTERNAL, "the search step failed"),
        ("OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'search/fr.index.json')", EXIT_ENVIRONMENT, "disk is full"),
    ],
)
def test_a_failure_in_the_search_process_ends_the_build(raised, code, fragment, site_root):
    before = tree_digest(site_root / "output")
    patch = f"""
        import ess_search
        def failing(*args, **kwargs):
            raise {raised}
        ess_search.index_rows = failing
    """
    started = time.monotonic()
    result = _faulty_build(site_root, patch)
    assert time.monotonic() - started < 60
    _assert_failed_cleanly(result, code, site_root, before, fragment)


def test_main_crash_while_the_search_process_writes_does_not_hang(site_root):
    """The search process blocks writing a large result into its pipe while the main process fails: the
    build still ends at once and the search process with it."""
    before = tree_digest(site_root / "output")
    pid_file = site_root / "search.pid"
    patch = f"""
        import ess_search, ess_site.site
        def large(site, languages=None):
            pathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))
            return b"x" * (64 * 1024 * 1024)
        ess_search.build_search_files = large
        def crash(self, *args, **kwargs):
            while not pathlib.Path({str(pid_file)!r}).exists():
                time.sleep(0.05)
            time.sleep(0.5)
            raise RuntimeError("injected crash in the main process")
        ess_site.site.Site.wait_for_background = crash
    """
    started = time.monotonic()
    result = _faulty_build(site_root, patch, timeout=60)
    assert time.monotonic() - started < 60
    _assert_failed_cleanly(result, EXIT_INTERNAL, site_root, before, "injected crash in the main process")
    assert _gone([int(pid_file.read_text())]), "the search process outlived the build"


def test_a_markdown_worker_that_dies_ends_the_build(site_root):
    before = tree_digest(site_root / "output")
    patch = """
        import ess_content.loader as loader
        MAIN = os.getpid()
        loader.PARALLEL_FROM_FILES = 1
        def dying(body, renderer=None):
            if os.getpid() != MAIN:
                os.kill(os.getpid(), signal.SIGKILL)
            return ("", (), ())
        loader._render_one = dying
    """
    started = time.monotonic()
    result = _faulty_build(site_root, patch)
    assert time.monotonic() - started < 60
    _assert_failed_cleanly(result, EXIT_INTERNAL, site_root, before, "Internal error")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found += [int(x) for x in children.read_text().split()]
    return found


@pytest.mark.parametrize("step", ["markdown", "search"])
def test_a_killed_build_leaves_no_helper_process(step, site_root):
    before = tree_digest(site_root / "output")
    if step == "markdown":
        patch = """
            import ess_content.loader as loader
            MAIN = os.getpid()
            loader.PARALLEL_FROM_FILES = 1
            def slow(body, renderer=None):
                if os.getpid() != MAIN:
                    time.sleep(120)
                return ("", (), ())
            loader._render_one = slow
        """
    else:
        patch = """
            import ess_search
            def slow(*args, **kwargs):
                time.sleep(120)
            ess_search.build_search_files = slow
        """
    process = _faulty_build(site_root, patch, wait=False)
    deadline = time.monotonic() + 60
    helpers: list[int] = []
    while time.monotonic() < deadline and not helpers:
        helpers = [pid for pid in _children(process.pid) if _alive(pid)]
        time.sleep(0.1)
    assert helpers, "no helper process was started"
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert _gone(helpers), "a helper process outlived the killed build"
    assert tree_digest(site_root / "output") == before
    result = build(site_root / "content", site_root / "output")  # the next build cleans up after it
    assert result.returncode == 0, result.stderr
    assert not list(site_root.glob(".output.building-*"))


def test_the_swap_exchanges_in_one_step_where_the_system_can(tmp_path):
    from ess_build.atomic import exchange

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two").write_text("b")
    if exchange(tmp_path / "a", tmp_path / "b"):
        assert (tmp_path / "a" / "two").is_file() and (tmp_path / "b" / "one").is_file()
    else:  # pragma: no cover - a file system without RENAME_EXCHANGE: nothing moved, the fallback is used
        assert (tmp_path / "a" / "one").is_file() and (tmp_path / "b" / "two").is_file()


def test_a_kill_between_the_two_renames_loses_nothing(site_root):
    """Where folders cannot be exchanged, the swap takes two renames; killed between them, the next build,
    even one that fails, puts the previous site back instead of deleting it."""
    before = tree_digest(site_root / "output")
    (site_root / "content" / "news" / "launch" / "fr.md").write_text(
        "---\ntitle: Lancement modifié\ndate: 2018-06-26\n---\nTexte.\n", encoding="utf-8"
    )
    patch = """
        import ess_build.atomic as atomic
        atomic.exchange = lambda first, second: False
        original = os.replace
        def cut(source, target):
            original(source, target)
            if ".retired-" in str(target):
                os.kill(os.getpid(), signal.SIGKILL)
        atomic.os.replace = cut
    """
    result = _faulty_build(site_root, patch)
    assert result.returncode == -signal.SIGKILL
    assert not (site_root / "output").exists()
    assert list(site_root.glob(".output.retired-*"))

    (site_root / "content" / "news" / "launch" / "de.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    failing = build(site_root / "content", site_root / "output")
    assert failing.returncode == EXIT_CONTENT, failing.stderr
    assert tree_digest(site_root / "output") == before, "the previous site was not put back"
    assert not list(site_root.glob(".output.retired-*"))


def test_a_kill_right_after_the_exchange_leaves_the_new_site(site_root):
    patch = """
        import ess_build.atomic as atomic
        original = atomic.exchange
        def cut(first, second):
            if not original(first, second):
                os.kill(os.getpid(), signal.SIGKILL)  # not supported here: the previous test covers it
            os.kill(os.getpid(), signal.SIGKILL)
        atomic.exchange = cut
    """
    result = _faulty_build(site_root, patch)
    assert result.returncode == -signal.SIGKILL
    assert (site_root / "output" / "index.html").is_file()
    again = build(site_root / "content", site_root / "output")
    assert again.returncode == 0, again.stderr
    assert not [p for p in site_root.iterdir() if p.name.startswith(".output")]


def test_an_attachment_swapped_for_a_link_during_the_build_is_not_published(site_root):
    """The loader checked a regular file; a link put in its place before it is copied is refused too."""
    before = tree_digest(site_root / "output")
    attachment = site_root / "content" / "news" / "launch" / "logo.svg"
    patch = f"""
        import ess_pipeline
        original = ess_pipeline.prepare_site
        def swapping(*args, **kwargs):
            prepared = original(*args, **kwargs)
            os.unlink({str(attachment)!r})
            os.symlink("/etc/passwd", {str(attachment)!r})
            return prepared
        ess_pipeline.prepare_site = swapping
        import ess_site.generator
        ess_site.generator.prepare_site = swapping
    """
    result = _faulty_build(site_root, patch)
    assert result.returncode == EXIT_CONTENT, result.stderr
    assert "news/launch/logo.svg: is a symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(site_root / "output") == before
