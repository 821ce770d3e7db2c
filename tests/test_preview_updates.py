"""The preview server's build process (ess_build.preview.PreviewSite), driven in this process: each save
renders only the outputs its changed keys reach (looked up in the record of who read what, kept in memory),
and the served folder is then byte for byte what a fresh build of the same tree writes, so a page left stale
by a shortcut (a listing, a tag page, another translation's switcher, an item's related entries, the
translation status) fails here."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import PATHS, build, tree_digest
from generate import generate

EPOCH = "1782432000"
THRESHOLDS = gc.get_threshold()  # the collector's, before the preview's first build
STATUS = "fr/translation-status/index.html"  # the editors' translation status page (preview builds only)


class Preview:
    def __init__(self, root: Path):
        from ess_build.build import settings_for
        from ess_build.preview import PreviewSite

        self.root = root
        self.content = generate(30, root / "content", seed=17)
        self.output = root / "served"
        self.site = PreviewSite(settings_for(publish=False, content=self.content, output=self.output))
        self.site.first_build()
        self.fresh_builds = 0

    def save(self, path: Path, text: str) -> set[str]:
        """Writes ``path`` as the editor's save would, builds again; returns the files rendered again."""
        path.write_text(text, encoding="utf-8")
        self.site.changed([str(path)])
        published = []
        summary = self.site.update(published.append)
        reuse = summary["site"].reuse
        rendered = set(reuse.outputs) - reuse.reused
        assert {page for page in published if page.endswith(".html")} <= rendered
        return rendered

    def assert_same_as_fresh(self, what: str) -> None:
        self.fresh_builds += 1
        fresh = self.root / f"fresh-{self.fresh_builds}"
        cache = {"ESS_CACHE_DIR": str(self.root / f"fresh-cache-{self.fresh_builds}")}
        result = build(self.content, fresh, env={"SOURCE_DATE_EPOCH": EPOCH, **cache})
        assert result.returncode == 0, result.stderr
        served, built = tree_digest(self.output), tree_digest(fresh)
        differing = sorted(p for p in set(served) | set(built) if served.get(p) != built.get(p))
        assert not differing, f"after {what}, the served folder differs from a fresh build in: {differing[:10]}"

    def pages_showing(self, text: str) -> set[str]:
        return {
            page.relative_to(self.output).as_posix()
            for page in self.output.rglob("*.html")
            if text in page.read_text(encoding="utf-8")
        }


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        root = tmp_path_factory.mktemp("preview-updates")
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("ESS_CACHE_DIR", str(root / "cache"))
        yield Preview(root)


def _tagged_news(content: Path) -> Path:
    """A French news text with tags whose item has every translation."""
    for path in sorted(content.glob("news/*/fr.md")):
        if len(list(path.parent.glob("*.md"))) == 4 and re.search(r"^tags: \[.+\]", path.read_text("utf-8"), re.M):
            return path
    raise AssertionError("the generated tree has no tagged news item in every language")


def test_body_edit_renders_its_page_only(preview):
    path = _tagged_news(preview.content)
    original = path.read_text(encoding="utf-8")
    for number in (1, 2):  # the first save may also change the translation status (this file is now the newest)
        marker = f"Phrasedapercu{number}"
        rendered = preview.save(path, original + f"\n{marker} ajoutée pendant l'aperçu.\n")
        page = preview.pages_showing(marker)
        assert len(page) == 1
        html = {relative for relative in rendered if relative.endswith(".html")}
        status = {relative for relative in html if relative.endswith(STATUS.removeprefix("fr"))}
        assert html - status == page, "a body edit renders the page showing that body, nothing else"
    assert not status, "a second edit of the same file leaves the translation status as it was"
    assert not [relative for relative in rendered if relative.startswith(("de/", "lb/", "en/"))]
    preview.assert_same_as_fresh("body edits")
    path.write_text(original, encoding="utf-8")


def test_the_collector_is_left_as_it_was_after_a_build(preview):
    """The output phase freezes the model and collects the young generation less often; the preview's
    process goes on after it, so both are undone at its end."""
    path = _tagged_news(preview.content)
    original = path.read_text(encoding="utf-8")
    preview.save(path, original + "\nPhrasecollecteur ajoutée.\n")
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() == 0
    preview.save(path, original)


def test_title_edit_reaches_listing_tags_switchers_and_related_items(preview):
    path = _tagged_news(preview.content)
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title: \"?(.*?)\"?$", text, re.M).group(1)
    (old_page,) = {page for page in preview.pages_showing(f"<title>{title[:20]}") if page.startswith("fr/")}
    rendered = preview.save(
        path, re.sub(r"^title: .*$", 'title: "Titre renouvelé pendant l\'aperçu"', text, count=1, flags=re.M)
    )
    showing = preview.pages_showing("Titre renouvelé pendant l")
    news, tags = PATHS["fr"]["news"], PATHS["fr"]["tags"]
    item = [page for page in showing if re.fullmatch(rf"fr/{news}/titre-renouvele[^/]*/index\.html", page)]
    assert item, f"the item's page moved to its new address: {sorted(showing)}"
    assert [page for page in showing if re.fullmatch(rf"fr/{news}/(page/\d+/)?index\.html", page)], "listing"
    assert [page for page in showing if page.startswith(f"fr/{tags}/")], "tag pages"
    others = [page for page in showing if re.fullmatch(r"fr/[^/]+/[^/]+/index\.html", page) and page not in item]
    assert [page for page in others if not page.startswith(f"fr/{tags}/")], "another item's related entries"
    address = "/" + item[0].removesuffix("index.html")
    for lang in ("de", "lb", "en"):  # the other translations' switchers and alternates link the new address
        linking = [page for page in preview.pages_showing(f'href="{address}"') if page.startswith(f"{lang}/")]
        assert linking, f"no {lang} page links {address}"
    assert not (preview.output / old_page).exists(), "the page at the old address is gone"
    assert len(rendered) < len(tree_digest(preview.output)) / 4, "a title edit renders what it reaches, not all"
    preview.assert_same_as_fresh("a title edit")


def test_draft_changes_the_translation_status(preview):
    path = _tagged_news(preview.content)
    text = path.read_text(encoding="utf-8")
    rendered = preview.save(path, re.sub(r"^(title: .*)$", r"\1\nstatus: draft", text, count=1, flags=re.M))
    assert STATUS in rendered
    preview.assert_same_as_fresh("a translation made a draft")
    preview.save(path, text)
    preview.assert_same_as_fresh("the draft published again")


def _items_read_again(preview) -> bool:
    """The last build read again only the items the save touched (ess_content.reread.reread_items), not the
    whole tree: the keys it compared are those items' and the site map's."""
    edited = preview.site.kept.get("edited")
    return edited is not None and any(key.startswith("i:") for key in edited)


def test_tag_and_date_edits_read_only_their_item(preview):
    path = _tagged_news(preview.content)
    original = path.read_text(encoding="utf-8")
    title = re.search(r"^title: \"?(.*?)\"?$", original, re.M).group(1)
    tags = PATHS["fr"]["tags"]
    retagged = re.sub(r"^tags: .*$", 'tags: ["étiquette d\'aperçu"]', original, count=1, flags=re.M)
    preview.site.changed([str(path.with_name("4913")), str(path.with_name(".fr.md.swp"))])  # (vim's, gone)
    rendered = preview.save(path, retagged)
    assert _items_read_again(preview)
    assert f"fr/{tags}/etiquette-d-apercu/index.html" in rendered
    assert str(escape(title)) in (preview.output / f"fr/{tags}/etiquette-d-apercu/index.html").read_text("utf-8")
    preview.assert_same_as_fresh("a tag edit")
    redated = re.sub(r"^date: .*$", "date: 2026-06-25", retagged, count=1, flags=re.M)
    preview.save(path, redated)  # the newest item now: first in its listing, the others one place further
    assert _items_read_again(preview)
    listing = (preview.output / f"fr/{PATHS['fr']['news']}/index.html").read_text("utf-8")
    others = [listing.find(str(escape(other))) for other in _other_news_titles(preview, path)]
    assert -1 < listing.find(str(escape(title))) < min(found for found in others if found >= 0)
    preview.assert_same_as_fresh("a date edit that reorders the listing")
    preview.save(path, original)
    assert _items_read_again(preview)


def _other_news_titles(preview, path: Path) -> list[str]:
    return [
        re.search(r"^title: \"?(.*?)\"?$", other.read_text("utf-8"), re.M).group(1)
        for other in sorted(preview.content.glob("news/*/fr.md"))
        if other != path
    ]


def test_translation_and_item_added_and_removed(preview):
    path = _tagged_news(preview.content)
    translation = path.with_name("lb.md")
    text = translation.read_text(encoding="utf-8")
    translation.unlink()  # removed: links to it are checked again, by reading the whole tree
    preview.site.changed([str(translation)])
    assert preview.site.update() is not None
    assert not _items_read_again(preview)
    preview.assert_same_as_fresh("a translation removed")
    preview.save(translation, text)  # added back: only its item read again
    assert _items_read_again(preview)
    preview.assert_same_as_fresh("a translation added")
    folder = path.parent.with_name("news-09999")
    folder.mkdir()
    added = folder / "fr.md"
    preview.site.changed([str(folder)])  # (the watcher names the new folder and its file)
    rendered = preview.save(
        added,
        re.sub(r"^title: .*$", 'title: "Nouvelle rencontre ajoutée"', path.read_text("utf-8"), count=1, flags=re.M),
    )
    assert _items_read_again(preview)
    assert [page for page in rendered if "nouvelle-rencontre-ajoutee" in page]
    preview.assert_same_as_fresh("an item added")
    added.unlink()
    folder.rmdir()
    preview.site.changed([str(added), str(folder)])
    assert preview.site.update() is not None
    assert not preview.pages_showing("Nouvelle rencontre ajoutée")
    preview.assert_same_as_fresh("an item removed")


def test_front_matter_error_keeps_the_site_served_until_fixed(preview):
    from ess_content import ContentError

    path = _tagged_news(preview.content)
    original = path.read_text(encoding="utf-8")
    served = tree_digest(preview.output)
    path.write_text(re.sub(r"^date: .*$", "date: 2026-13-45", original, count=1, flags=re.M), encoding="utf-8")
    preview.site.changed([str(path)])
    with pytest.raises(ContentError) as failure:
        preview.site.update()
    assert "fr.md" in str(failure.value) and "date" in str(failure.value)
    assert tree_digest(preview.output) == served, "a broken save leaves the last good site served"
    retitled = re.sub(r"^title: .*$", 'title: "Titre corrigé après erreur"', original, count=1, flags=re.M)
    preview.save(path, retitled)  # fixed, and edited again
    assert _items_read_again(preview)
    assert preview.pages_showing("Titre corrigé après erreur")
    preview.assert_same_as_fresh("a front matter error, then fixed")
    preview.save(path, original)


def test_a_newer_save_ends_the_wait_for_the_search_and_the_next_build_finishes(preview):
    """A save arriving while a build waits for its helpers (the search indexes) ends that build there: the
    pages it published stay served, and the next build, compared with the last finished one, does what the
    interrupted ones left, including a title edit that read the tree again (whose keys it must count as
    changed: putting the title back afterwards renders its pages again)."""
    retitled, edited = sorted(preview.content.glob("news/*/fr.md"))[-2:]
    title = retitled.read_text("utf-8")
    retitled.write_text(title.replace('title: "', 'title: "Titre interrompu ', 1), "utf-8")
    preview.site.changed([str(retitled)])
    assert preview.site.update(interrupted=lambda: True) is None
    body = edited.read_text(encoding="utf-8")
    edited.write_text(body + "\nPhraseinterrompue pendant l'index.\n", encoding="utf-8")
    preview.site.changed([str(edited)])
    assert preview.site.update(interrupted=lambda: True) is None
    assert preview.pages_showing("Phraseinterrompue"), "the edited page was published before the wait"
    edited.write_text(body, encoding="utf-8")  # back as the last finished build read it
    preview.site.changed([str(edited)])
    assert preview.site.update(interrupted=lambda: False) is not None
    assert not preview.pages_showing("Phraseinterrompue"), "the page an interrupted build published is redone"
    preview.assert_same_as_fresh("two interrupted builds and one that finished")
    preview.save(retitled, title)
    assert not preview.pages_showing("Titre interrompu")
    preview.assert_same_as_fresh("the title put back")


def test_a_build_failing_after_serving_pages_leaves_them_known_to_the_next(preview):
    """A build that fails once its first pages are served (here: while it waits for the search indexes)
    leaves them served, and the next build knows it: with the text put back as the last finished build read
    it, the pages are rendered again and the page at the address the failed edit gave is removed."""
    path = sorted(preview.content.glob("news/*/fr.md"))[-3]
    original = path.read_text("utf-8")
    path.write_text(original.replace('title: "', 'title: "Titre avant la panne ', 1), "utf-8")
    preview.site.changed([str(path)])

    def failing() -> bool:
        raise RuntimeError("the search process failed")

    with pytest.raises(RuntimeError):
        preview.site.update(interrupted=failing)
    assert preview.pages_showing("Titre avant la panne"), "no page was served before the failure"
    path.write_text(original, "utf-8")
    preview.site.changed([str(path)])
    assert preview.site.update() is not None
    assert not preview.pages_showing("Titre avant la panne")
    preview.assert_same_as_fresh("a build that failed after serving pages, then the text put back")
