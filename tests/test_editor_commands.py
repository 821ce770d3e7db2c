"""The editors' commands: new, check, translations, preview vs publish (drafts and scheduled items)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import LANGS, ROOT, build, run_cli, tree_digest

SECTIONS = ("news", "events", "resources", "members", "pages")


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "ess_build", *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("section", SECTIONS)
def test_new_items_pass_check_and_stay_drafts_until_published(tmp_path, section):
    content = tmp_path / "content"
    result = _cli("new", section, f"my-{section}", "--langs", "fr,de", "--content", content)
    assert result.returncode == 0, result.stderr
    files = sorted((content / section / f"my-{section}").glob("*.md"))
    assert [f.name for f in files] == ["de.md", "fr.md"]
    assert "status: draft" in files[1].read_text() and "#" in files[1].read_text()  # explained in comments
    check = _cli("check", "--content", content)
    assert check.returncode == 0, check.stderr
    preview = build(content, tmp_path / "preview")
    assert preview.returncode == 0, preview.stderr
    published = build(content, tmp_path / "published", "--publish", env={"SITEURL": "https://example.org"})
    assert published.returncode == 0, published.stderr
    pages = [
        p for p in (tmp_path / "preview" / "fr").rglob("index.html") if "<h1>Titre à compléter</h1>" in p.read_text()
    ]
    assert len(pages) == 1 and "banner-draft" in pages[0].read_text()
    assert not [p for p in (tmp_path / "published").rglob("index.html") if "Titre à compléter" in p.read_text()]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "blog", "x"), "unknown section 'blog'"),
        (("new", "news", "Bad_Key"), "the key 'Bad_Key'"),
        (("new", "news", "ok", "--langs", "fr,lu"), "languages must be among fr, de, lb, en"),
    ],
)
def test_new_refuses_bad_requests_and_creates_nothing(tmp_path, args, message):
    result = _cli(*args, "--content", tmp_path / "content")
    assert result.returncode == 2
    assert message in result.stderr and "Nothing was created" in result.stderr
    assert not (tmp_path / "content").exists()


def test_new_never_overwrites(tmp_path):
    content = tmp_path / "content"
    assert _cli("new", "news", "twice", "--content", content).returncode == 0
    (content / "news" / "twice" / "fr.md").write_text("---\ntitle: Mon texte\ndate: 2020-01-01\n---\nprécieux\n")
    result = _cli("new", "news", "twice", "--content", content)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert "précieux" in (content / "news" / "twice" / "fr.md").read_text()


def test_make_new_wraps_the_command(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "new", "SECTION=events", "KEY=meetup", "LANGS=lb", f"CONTENT={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "events" / "meetup" / "lb.md").is_file()
    usage = subprocess.run(["make", "--no-print-directory", "new"], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode != 0 and "usage: make new SECTION=" in usage.stdout


def test_check_gives_exactly_the_build_errors(tmp_path):
    content = tmp_path / "content"
    (content / "news" / "a").mkdir(parents=True)
    (content / "news" / "a" / "fr.md").write_text("---\ntitle: A\ndate: 26/06/2018\n---\n")
    (content / "pages" / "clash").mkdir(parents=True)
    (content / "pages" / "clash" / "fr.md").write_text("---\ntitle: Actualités\nslug: actualites\n---\n")
    checked, built = _cli("check", "--content", content), build(content, tmp_path / "out")
    assert checked.returncode == built.returncode == 1
    first_check = [line for line in checked.stderr.splitlines() if line.startswith("content") or "/content/" in line]
    assert first_check == [
        line for line in built.stderr.splitlines() if line.startswith("content") or "/content/" in line
    ]
    assert any("field 'date'" in line for line in first_check)
    content_lines = checked.stderr
    assert "field 'date'" in content_lines
    # the address clash is found by check too, once the date is fixed
    (content / "news" / "a" / "fr.md").write_text("---\ntitle: A\ndate: 2018-06-26\n---\n")
    clash = _cli("check", "--content", content)
    assert clash.returncode == 1 and "/fr/actualites/" in clash.stderr


def _git(folder, *args, when: int):
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{when} +0000", GIT_COMMITTER_DATE=f"@{when} +0000")
    env.update(
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="e@example.org",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="e@example.org",
    )
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def test_translation_report_names_missing_and_outdated_translations(tmp_path):
    content = tmp_path / "content"
    item = content / "news" / "report"
    item.mkdir(parents=True)
    for lang in ("fr", "de", "en"):
        (item / f"{lang}.md").write_text(
            f"---\ntitle: {lang}\ndate: 2020-01-01\n---\nv1\n" if lang == "fr" else f"---\ntitle: {lang}\n---\nv1\n"
        )
    _git(tmp_path, "init", "-q", when=1_600_000_000)
    _git(tmp_path, "add", ".", when=1_600_000_000)
    _git(tmp_path, "commit", "-qm", "first", when=1_600_000_000)
    (item / "fr.md").write_text("---\ntitle: fr\ndate: 2020-01-01\n---\nv2, corrected\n")
    _git(tmp_path, "commit", "-qam", "French corrected", when=1_700_000_000)
    report = _cli("translations", "--content", content)
    assert report.returncode == 0, report.stderr
    line = next(line for line in report.stdout.splitlines() if "news/report" in line)
    assert "missing lb" in line
    assert "older than another translation: de, en" in line
    for lang in LANGS:
        assert f"  {lang}: " in report.stdout and " translated" in report.stdout

    # without history, file times decide
    plain = tmp_path / "plain"
    (plain / "news" / "x").mkdir(parents=True)
    for lang, stamp in (("fr", 2_000_000_000), ("de", 1_000_000_000)):
        path = plain / "news" / "x" / f"{lang}.md"
        path.write_text(f"---\ntitle: {lang}\ndate: 2020-01-01\n---\n")
        os.utime(path, (stamp, stamp))
    outside_git = _cli("translations", "--content", plain, cwd=plain)
    line = next(line for line in outside_git.stdout.splitlines() if "news/x" in line)
    assert "older than another translation: de" in line


def test_publish_hides_items_dated_after_the_build_date(tmp_path):
    content = tmp_path / "content"
    for key, date in (("past", "2020-01-01"), ("future", "2999-01-01")):
        (content / "news" / key).mkdir(parents=True)
        (content / "news" / key / "en.md").write_text(f"---\ntitle: News {key}\ndate: {date}\n---\n")
    published = build(content, tmp_path / "published", "--publish", env={"SITEURL": "https://example.org"})
    assert published.returncode == 0, published.stderr
    listing = (tmp_path / "published" / "en" / "news" / "index.html").read_text()
    assert "News past" in listing and "News future" not in listing
    assert build(content, tmp_path / "preview").returncode == 0
    page = (tmp_path / "preview" / "en" / "news" / "news-future" / "index.html").read_text()
    assert "Scheduled" in page


def test_build_ends_with_a_summary(tmp_path):
    result = run_cli("build", "--content", ROOT / "content", "--output", tmp_path / "out")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Built ") and " s." in lines[0]
    header = next(line for line in lines if line.split() == list(LANGS))
    assert header
    assert any(line.startswith("news ") for line in lines) and " warnings; " in result.stdout


def test_long_builds_show_progress(tmp_path):
    from generate import generate

    content = generate(140, tmp_path / "content", seed=9)
    result = build(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Read and checked" in result.stderr and "pages to write" in result.stderr
    steps = [line for line in result.stderr.splitlines() if line.startswith("Writing pages: ")]
    # about every tenth of the pages, as the main process sees both processes' count between its own pages
    # (while it renders a slow page, or waits for a core, the other may take more than a tenth: one line less)
    counts = [tuple(map(int, line.removeprefix("Writing pages: ").split("/"))) for line in steps]
    total = counts[0][1]
    assert len(counts) >= 6 and all(done < later for (done, _), (later, _) in zip(counts, counts[1:], strict=False)), (
        steps
    )
    assert counts[0][0] <= total // 5 and counts[-1][0] >= total * 7 // 10, steps
    small = build(ROOT / "tests" / "does-not-exist", tmp_path / "none")
    assert "Writing pages" not in small.stderr
    # a site this large is converted and written on two processes: still byte-identical
    again = build(content, tmp_path / "again")
    assert again.returncode == 0 and tree_digest(tmp_path / "again") == tree_digest(tmp_path / "out")
