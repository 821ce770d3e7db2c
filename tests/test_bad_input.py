"""Every bad-input case of the contract: a clear error naming file, line, field and expectation;
a non-zero exit; the previous output untouched; content/ never written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build, tree_digest, write_tree

BASE = {
    "news/launch/fr.md": "---\ntitle: Lancement\ndate: 2018-06-26\ntags: [lancement]\n---\nTexte.\n",
    "news/launch/de.md": "---\ntitle: Gründung\n---\nText.\n",
    "members/uless/fr.md": "---\ntitle: ULESS\nterritory: luxembourg\nkind: support-organisation\n---\nUnion.\n",
    "events/convention/fr.md": "---\ntitle: Convention\nstart: 2019-06-06 09:00\nend: 2019-06-06 18:00\norganisers: [uless]\n---\nRencontres.\n",
    "resources/guide/fr.md": "---\ntitle: Guide\ndate: 2020-01-01\ntype: guide\nurl: https://example.org/guide\n---\n",
    "pages/about/fr.md": "---\ntitle: À propos\nmenu: 1\n---\nLe cluster.\n",
}

# name → (files to write on top of BASE (None deletes), expected fragments of the error output)
CASES = {
    "unknown section": (
        {"blog/post/fr.md": BASE["news/launch/fr.md"]},
        ["content/blog", "unknown section folder 'blog'"],
    ),
    "unknown language": (
        {"news/launch/lu.md": BASE["news/launch/fr.md"]},
        ["news/launch/lu.md", "unknown language 'lu'", "lb.md"],
    ),
    "malformed yaml": (
        {"news/launch/fr.md": "---\ntitle: Lancement\ndate: [2018-06-26\n---\n"},
        ["news/launch/fr.md:3", "malformed YAML", "opened on this line is not closed"],  # where the list opened
    ),
    "unclosed quote": (
        {"news/launch/fr.md": '---\ntitle: "Lancement : [le cluster\ndate: 2018-06-26\ntags: [a]\n---\n'},
        ["news/launch/fr.md:2", "malformed YAML", "opened on this line is not closed"],
    ),
    "unclosed list before other fields": (
        {"news/launch/fr.md": "---\ntitle: Lancement\ntags: [a, b\ndate: 2018-06-26\n---\n"},
        ["news/launch/fr.md:3", "malformed YAML", "opened on this line is not closed"],
    ),
    "unquoted colon": (
        {"news/launch/fr.md": "---\ntitle: Lancement : le cluster\ndate: 2018-06-26\n---\n"},
        ["news/launch/fr.md:2", "malformed YAML", 'title: "Webinaire : clauses sociales"'],
    ),
    "no front matter": ({"news/launch/fr.md": "Lancement\n"}, ["news/launch/fr.md:1", "must start with a line '---'"]),
    "unclosed front matter": ({"news/launch/fr.md": "---\ntitle: x\n"}, ["news/launch/fr.md", "not closed"]),
    "missing title": (
        {"news/launch/de.md": "---\nsummary: Kein Titel\n---\n"},
        ["news/launch/de.md", "field 'title'", "required"],
    ),
    "missing date": (
        {"news/launch/fr.md": "---\ntitle: Lancement\n---\n"},
        ["news/launch/fr.md", "field 'date'", "required"],
    ),
    "bad date": (
        {"news/launch/fr.md": "---\ntitle: Lancement\ndate: 26/06/2018\n---\n"},
        ["news/launch/fr.md:3", "field 'date'", "YYYY-MM-DD"],
    ),
    "impossible date": (
        {"news/launch/fr.md": "---\ntitle: Lancement\ndate: 2018-02-30\n---\n"},
        ["news/launch/fr.md:3", "field 'date'", "not a real calendar date"],
    ),
    "unknown field": (
        {"news/launch/de.md": "---\ntitle: Gründung\ntitel: x\n---\n"},
        ["news/launch/de.md:3", "field 'titel'", "unknown field"],
    ),
    "bad resource type": (
        {"resources/guide/fr.md": BASE["resources/guide/fr.md"].replace("type: guide", "type: book")},
        ["resources/guide/fr.md:4", "field 'type'", "guide, study, report"],
    ),
    "resource without file or url": (
        {"resources/guide/fr.md": "---\ntitle: Guide\ndate: 2020-01-01\ntype: guide\n---\n"},
        ["resources/guide/fr.md", "'file'", "'url'"],
    ),
    "end before start": (
        {
            "events/convention/fr.md": BASE["events/convention/fr.md"].replace(
                "end: 2019-06-06 18:00", "end: 2019-06-05 18:00"
            )
        },
        ["events/convention/fr.md:4", "field 'end'", "before start"],
    ),
    "end of another form": (
        {
            "events/convention/fr.md": BASE["events/convention/fr.md"].replace(
                "end: 2019-06-06 18:00", "end: 2019-06-07"
            )
        },
        ["events/convention/fr.md:4", "field 'end'", "same form"],
    ),
    "bad timezone": (
        {
            "events/convention/fr.md": BASE["events/convention/fr.md"].replace(
                "---\nRencontres", "timezone: Europe/Echternach\n---\nRencontres"
            )
        },
        ["events/convention/fr.md:6", "field 'timezone'", "IANA"],
    ),
    "bad country": (
        {
            "events/convention/fr.md": BASE["events/convention/fr.md"].replace(
                "---\nRencontres", "country: Lux\n---\nRencontres"
            )
        },
        ["events/convention/fr.md:6", "field 'country'", "ISO 3166-1"],
    ),
    "unknown member key": (
        {"events/convention/fr.md": BASE["events/convention/fr.md"].replace("[uless]", "[uless, cress]")},
        ["events/convention/fr.md:5", "field 'organisers'", "unknown member key 'cress'"],
    ),
    "unknown territory": (
        {"members/uless/fr.md": BASE["members/uless/fr.md"].replace("luxembourg", "lux")},
        ["members/uless/fr.md:3", "field 'territory'", "rhineland-palatinate"],
    ),
    "unknown theme": (
        {"members/uless/fr.md": BASE["members/uless/fr.md"].replace("---\nUnion", "themes: [banking]\n---\nUnion")},
        ["members/uless/fr.md:5", "field 'themes'", '"banking"', "circular-economy"],
    ),
    "bad geo": (
        {"members/uless/fr.md": BASE["members/uless/fr.md"].replace("---\nUnion", "geo: [49.5]\n---\nUnion")},
        ["members/uless/fr.md:5", "field 'geo'", "latitude"],
    ),
    "missing attachment": (
        {
            "news/launch/fr.md": BASE["news/launch/fr.md"].replace(
                "---\nTexte", "image: photo.jpg\nimage_alt: Photo\n---\nTexte"
            )
        },
        ["news/launch/fr.md:5", "field 'image'", "'photo.jpg' is not in the folder"],
    ),
    "image without alt": (
        {
            "news/launch/photo.jpg": "jpeg",
            "news/launch/fr.md": BASE["news/launch/fr.md"].replace(
                "---\nTexte", "image: photo.jpg\nimage_alt: Photo\n---\nTexte"
            ),
        },
        ["news/launch/de.md", "field 'image_alt'", "describe the image"],
    ),
    "body link to missing file": (
        {"news/launch/de.md": "---\ntitle: Gründung\n---\nSiehe [Programm](programm.pdf).\n"},
        ["news/launch/de.md", "field 'body'", "programm.pdf"],
    ),
    "neutral field conflict": (
        {"news/launch/de.md": "---\ntitle: Gründung\ndate: 2018-06-27\n---\n"},
        ["news/launch/de.md:3", "field 'date'", "differs from", "news/launch/fr.md"],
    ),
    "duplicate slug": (
        {"news/other/fr.md": "---\ntitle: Autre\nslug: lancement\ndate: 2018-01-01\n---\n"},
        ["news/other/fr.md:3", "field 'slug'", "slug 'lancement'", "news/launch/fr.md"],
    ),
    "page slug takes a section address": (
        {"pages/news/fr.md": "---\ntitle: Actualités\nslug: actualites\n---\n"},
        ["pages/news/fr.md", "field 'slug'", "/fr/actualites/"],
    ),
    "bad key": ({"news/Launch_2/fr.md": BASE["news/launch/fr.md"]}, ["news/Launch_2", "item key 'Launch_2'"]),
    "bad slug": (
        {"news/launch/de.md": "---\ntitle: Gründung\nslug: Gründung\n---\n"},
        ["news/launch/de.md:3", "field 'slug'", "lower-case"],
    ),
    "bad status": (
        {"news/launch/de.md": "---\ntitle: Gründung\nstatus: hidden\n---\n"},
        ["news/launch/de.md:3", "field 'status'", "published, draft"],
    ),
    "not utf-8": (
        {"news/launch/de.md": "---\ntitle: Gr\xfcndung\n---\n".encode("latin-1")},
        ["news/launch/de.md:2", "UTF-8"],
    ),
    "control character": (
        {"news/launch/de.md": "---\ntitle: Gründung\n---\nText\n\x1b mit Steuerzeichen.\n"},
        ["news/launch/de.md:5", "control character (U+001B)"],
    ),
    "duplicate field": (
        {"news/launch/de.md": "---\ntitle: A\ntitle: B\n---\n"},
        ["news/launch/de.md:3", "given twice"],
    ),
    "empty item folder": ({"news/empty/notes.txt": "x"}, ["news/empty", "no translation found"]),
}


def _write_tree(root: Path, overrides: dict):
    write_tree(root, {**BASE, **overrides})


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("base")
    _write_tree(root / "content", {})
    result = build(root / "content", root / "output")
    assert result.returncode == 0, result.stderr
    return root / "output"


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_loses_nothing(case, tmp_path, previous_output):
    overrides, expected = CASES[case]
    _write_tree(tmp_path / "content", overrides)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before, content_before = tree_digest(output), tree_digest(tmp_path / "content")

    result = _build_in(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    for fragment in expected:
        assert fragment in result.stderr, f"{fragment!r} missing from:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "Nothing was published; the previous site is unchanged." in result.stderr
    assert tree_digest(output) == before
    assert tree_digest(tmp_path / "content") == content_before
    assert not list(tmp_path.glob(".output*")), "the staging folder was left behind"


def _build_in(folder: Path):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "ess_build", "build", "--content", "content", "--output", "output"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def test_all_problems_are_reported_in_one_run(tmp_path):
    overrides = {}
    for case in ("bad date", "unknown field", "bad resource type", "unknown member key", "bad key"):
        overrides.update(CASES[case][0])
    _write_tree(tmp_path / "content", overrides)
    result = _build_in(tmp_path)
    assert result.returncode == 1
    assert len(_problems(result)) == 5, result.stderr
    assert "5 problems in the content" in result.stderr


def _problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("content/")]


def test_an_unreadable_translation_hides_no_problem_and_adds_none(tmp_path):
    """The news item's date is in fr.md only. fr.md unreadable: its one problem is listed, not also the date
    as missing from de.md (it may be in fr.md); a member or a page unreadable: not also the event naming it
    or the link to it. fr.md read but without a title: both its problems are."""
    _write_tree(tmp_path / "content", CASES["malformed yaml"][0])
    problems = _problems(_build_in(tmp_path))
    assert len(problems) == 1 and problems[0].startswith("content/news/launch/fr.md:"), problems
    assert "malformed YAML" in problems[0]

    unreadable = "---\ntitle: [Sans fin\n---\n"
    linking = {
        "members/uless/fr.md": unreadable,  # an organiser of the event
        "pages/about/fr.md": unreadable,  # linked from news/launch/de.md
        "news/launch/de.md": "---\ntitle: Gründung\n---\nSiehe [Über uns](../../pages/about/fr.md).\n",
    }
    _write_tree(tmp_path / "content", linking)
    problems = _problems(_build_in(tmp_path))
    assert sorted(line.split(":")[0] for line in problems) == [
        "content/members/uless/fr.md",
        "content/pages/about/fr.md",
    ], problems

    _write_tree(tmp_path / "content", {"news/launch/fr.md": "---\nsummary: Sans titre\n---\n"})
    problems = _problems(_build_in(tmp_path))
    assert len(problems) == 2, problems
    assert any("fr.md" in line and "field 'title'" in line for line in problems), problems
    assert any("field 'date'" in line for line in problems), problems


def test_check_reports_the_same_problems_without_writing(tmp_path):
    _write_tree(tmp_path / "content", CASES["bad date"][0])
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "ess_build", "check", "--content", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "news/launch/fr.md:3: field 'date'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_pathological_markdown_is_rejected_in_bounded_time(tmp_path):
    import time

    _write_tree(tmp_path / "content", {"news/launch/de.md": "---\ntitle: Gründung\n---\n" + "[" * 200000 + "\n"})
    started = time.monotonic()
    result = _build_in(tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "news/launch/de.md:4: field 'body': the text could not be converted within 5 seconds" in result.stderr
    assert elapsed < 30


def test_four_thousand_brackets_still_build(tmp_path):
    _write_tree(tmp_path / "content", {"news/launch/de.md": "---\ntitle: Gründung\n---\n" + "[" * 4000 + "\n"})
    result = _build_in(tmp_path)
    assert result.returncode == 0, result.stderr
