"""Incremental builds: a rebuild that reuses files of the previous build must write exactly what a
fresh build writes, and must reuse them only when nothing they depend on changed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from conftest import ROOT, build, tree_digest
from generate import generate

EPOCH = {"SOURCE_DATE_EPOCH": "1782432000"}


class Workspace:
    """A copy of a content tree, an output folder rebuilt again and again, and fresh builds to compare."""

    def __init__(self, root: Path, source: Path):
        self.root = root
        self.content = root / "content"
        shutil.copytree(source, self.content)
        self.output = root / "output"
        self.fresh_builds = 0

    def rebuild(self, env=None) -> tuple[int, int]:
        """Builds into the same output folder; returns (files rendered, files kept)."""
        result = build(
            self.content, self.output, env={**EPOCH, "ESS_CACHE_DIR": str(self.root / "cache"), **(env or {})}
        )
        assert result.returncode == 0, result.stderr
        match = re.search(r"Rendered (\d+) files, kept (\d+) unchanged", result.stdout)
        assert match, result.stdout
        return int(match.group(1)), int(match.group(2))

    def fresh(self, env=None) -> dict[str, str]:
        """A build from nothing (new output folder, no cache) of the same content."""
        self.fresh_builds += 1
        output, cache = self.root / f"fresh-{self.fresh_builds}", self.root / f"fresh-cache-{self.fresh_builds}"
        result = build(self.content, output, env={**EPOCH, "ESS_CACHE_DIR": str(cache), **(env or {})})
        assert result.returncode == 0, result.stderr
        return tree_digest(output)

    def assert_same_as_fresh(self, what: str, env=None):
        rebuilt, fresh = tree_digest(self.output), self.fresh(env)
        differing = sorted(p for p in set(rebuilt) | set(fresh) if rebuilt.get(p) != fresh.get(p))
        assert not differing, f"after {what}, the rebuild differs from a fresh build in: {differing[:10]}"


def _append(path: Path, text: str):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _first(content: Path, pattern: str) -> Path:
    found = sorted(content.glob(pattern))
    assert found, f"the tree has no {pattern}"
    return found[0]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("incremental"), ROOT / "content")
    rendered, kept = space.rebuild()
    assert kept == 0 and rendered > 400
    space.total = rendered
    return space


def test_nothing_changed_reuses_every_page(workspace):
    rendered, kept = workspace.rebuild()
    assert rendered == 0  # the translation status pages too: their rows (file times, git history) are unchanged
    workspace.assert_same_as_fresh("a rebuild with nothing changed")


def test_body_edit_renders_only_the_pages_showing_it(workspace):
    _append(_first(workspace.content, "news/*/de.md"), "\nEin neuer Absatz, nachträglich ergänzt.\n")
    rendered, kept = workspace.rebuild()
    german_search = len([p for p in (workspace.output / "search" / "de").rglob("*") if p.is_file()]) + 1  # + entry
    assert rendered <= german_search + 6 < kept  # its page, the German search entry and parts, the status pages
    # (when the edited file is now newer than its translations)
    workspace.assert_same_as_fresh("a body edit")


def test_home_text_edit_renders_the_home_pages_that_show_it(workspace):
    _append(workspace.content / "pages/home/fr.md", "\nUne phrase de plus sur la page d'accueil.\n")
    rendered, kept = workspace.rebuild()
    assert rendered < 20 < kept
    workspace.assert_same_as_fresh("an edit of the home text")


def _set_field(path: Path, name: str, value: str):
    """Replaces (or adds, after the title) one front matter line."""
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{name}:", text, flags=re.M):
        text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, count=1, flags=re.M)
    else:
        text = re.sub(r"^(title: .*)$", rf"\1\n{name}: {value}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


FRONT_MATTER_EDITS = {
    "title": lambda content: _set_field(_first(content, "events/*/en.md"), "title", "'An updated title'"),
    "summary": lambda content: _set_field(_first(content, "news/*/lb.md"), "summary", "'Eng nei Zesummefassung'"),
    "tags": lambda content: _set_field(_first(content, "resources/*/de.md"), "tags", "[ganz-neues-thema, Kreislaufwirtschaft]"),
    "date": lambda content: [_set_field(p, "date", "2026-06-01") for p in _first(content, "news/*/fr.md").parent.glob("*.md")],
    "draft": lambda content: _set_field(_first(content, "members/*/fr.md"), "status", "draft"),
    "menu": lambda content: _set_field(_first(content, "pages/*/en.md"), "menu", "1"),
    # moves a member from one territory's list to another's (and changes the counts the directory links show)
    "territory": lambda content: [_set_field(p, "territory", "wallonia") for p in _first(content, "members/*/fr.md").parent.glob("*.md")],
}  # fmt: skip


@pytest.mark.parametrize("edit", sorted(FRONT_MATTER_EDITS))
def test_front_matter_edit_renders_the_pages_it_touches(workspace, edit):
    FRONT_MATTER_EDITS[edit](workspace.content)
    rendered, kept = workspace.rebuild()
    assert kept > 0, "nothing was kept: the edit re-rendered the whole site"
    workspace.assert_same_as_fresh(f"a {edit} edit")


def test_tags_of_another_item_reach_the_related_items_that_score_them(workspace):
    """A page's related items come from the candidates of its tags: another item given one of them joins the
    list, although the page itself did not change."""
    page, other = sorted(workspace.content.glob("news/*/fr.md"))[:2]
    _set_field(page, "tags", "[balise-unique-du-test]")
    workspace.rebuild()
    assert 'class="related"' not in _page_of(workspace, page)
    tags = yaml.safe_load(other.read_text(encoding="utf-8").split("---")[1]).get("tags", [])
    _set_field(other, "tags", json.dumps([*tags, "balise-unique-du-test"]))  # the language's tags stay the same
    workspace.rebuild()
    assert 'class="related"' in _page_of(workspace, page), "the other item did not join the related items"
    workspace.assert_same_as_fresh("another item's tags joining a page's related items")


def _page_of(workspace: Workspace, source: Path) -> str:
    """The HTML of a translation's page (found by its title: the address may come from it)."""
    title = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])["title"]
    heading = f"<h1>{escape(title)}</h1>"
    for path in sorted(workspace.output.glob(f"{source.stem}/*/*/index.html")):
        if heading in (html := path.read_text(encoding="utf-8")):
            return html
    raise AssertionError(f"no page shows {source}")


def test_title_edits_without_slugs_move_pages_and_everything_linking_them(tmp_path):
    space = Workspace(tmp_path, generate(40, tmp_path / "generated", seed=8, partial=0.4))
    total, _ = space.rebuild()
    for path in sorted(space.content.glob("*/*/*.md"))[::9]:  # no 'slug:' in these files: the URL follows the title
        _set_field(path, "title", f"'Retitled {path.parent.name} {path.stem}'")
    rendered, kept = space.rebuild()
    assert 0 < rendered < total
    space.assert_same_as_fresh("title edits that change addresses")


def test_new_and_removed_items(workspace):
    folder = workspace.content / "news" / "incremental-check"
    folder.mkdir()
    (folder / "lb.md").write_text("---\ntitle: Eng nei Noriicht\ndate: 2026-01-05\ntags: [Test]\n---\nText.\n", "utf-8")
    workspace.rebuild()
    workspace.assert_same_as_fresh("a new item")
    shutil.rmtree(folder)
    workspace.rebuild()
    workspace.assert_same_as_fresh("removing that item")


def test_attachment_replaced(workspace):
    attachment = next(p for p in sorted(workspace.content.rglob("*")) if p.is_file() and p.suffix != ".md")
    attachment.write_bytes(attachment.read_bytes() + b"\n" * 2048)
    rendered, kept = workspace.rebuild()
    assert kept == 0  # pages show attachment sizes
    workspace.assert_same_as_fresh("a replaced attachment")


def test_output_changed_by_hand_is_written_again(workspace):
    page = _first(workspace.output, "*/index.html")
    page.write_text("overwritten", encoding="utf-8")
    rendered, kept = workspace.rebuild()
    assert rendered <= 10
    workspace.assert_same_as_fresh("an output file edited by hand")


def test_another_build_date_renders_everything(workspace):
    env = {"SOURCE_DATE_EPOCH": "1790000000"}
    rendered, kept = workspace.rebuild(env)
    assert kept == 0
    workspace.assert_same_as_fresh("a build on another date", env)


def test_failed_build_keeps_output_and_what_the_next_build_reuses(workspace):
    workspace.rebuild()  # settle whatever an earlier test left
    before = tree_digest(workspace.output)
    broken = _first(workspace.content, "resources/*/fr.md")
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    result = build(workspace.content, workspace.output, env={**EPOCH, "ESS_CACHE_DIR": str(workspace.root / "cache")})
    assert result.returncode != 0
    assert tree_digest(workspace.output) == before
    broken.write_text(good, encoding="utf-8")
    rendered, kept = workspace.rebuild()
    assert rendered <= 4  # the translation status pages: the file put back is newer than its translations
    workspace.assert_same_as_fresh("a failed build followed by a good one")


def test_published_rebuild_takes_compressed_copies_and_matches_a_fresh_build(tmp_path):
    space = Workspace(tmp_path, ROOT / "content")
    env = {"SITEURL": "https://example.org"}
    result = build(space.content, space.output, "--publish", env={**EPOCH, **env, "ESS_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    page = _first(space.output, "fr/*/index.html")
    compressed_inode = page.with_name("index.html.br").stat().st_ino
    _append(_first(space.content, "news/*/en.md"), "\nOne more paragraph.\n")
    result = build(space.content, space.output, "--publish", env={**EPOCH, **env, "ESS_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    assert re.search(r"Rendered (\d+) files", result.stdout).group(1) != "0"
    assert page.with_name("index.html.br").stat().st_ino == compressed_inode  # taken over, not compressed again
    fresh = tmp_path / "fresh"
    result = build(space.content, fresh, "--publish", env={**EPOCH, **env, "ESS_CACHE_DIR": str(tmp_path / "c2")})
    assert result.returncode == 0, result.stderr
    assert tree_digest(space.output) == tree_digest(fresh)
