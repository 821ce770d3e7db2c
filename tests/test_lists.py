"""Every list of the site comes in pages: section listings, the lists of one value of a field (members by
territory, resources by type) and tag pages, each with links to the first, previous, next and last page and
"page N of M" in the page's language; and no page is heavier than the limit of issue 16.

The generated tree is built a second time with three entries per page (a copy of the project's settings in a
site folder of its own), so that every kind of list has several pages at test scale.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import LANGS, PATHS, ROOT, run_cli, write_tree

PER_PAGE = 3
LIMIT = 150_000  # bytes: no HTML page over 150 kB (at 2,000 items: bench/pages.py measures it)
PAGE_OF = {"fr": "Page {} sur {}", "de": "Seite {} von {}", "lb": "Säit {}/{}", "en": "Page {} of {}"}
FACETED = {"members": ("territory", "kind", "themes", "criteria"), "resources": ("type",)}


def _small_site(root: Path, content) -> Path:
    """Builds ``content`` (a folder, or {relative path: text}) with PER_PAGE entries per page."""
    site = root / "site"
    site.mkdir()
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    (site / "pelicanconf.py").write_text(settings + f"\nPAGINATION = {PER_PAGE}\n", encoding="utf-8")
    shutil.copytree(ROOT / "translations", site / "translations")
    if isinstance(content, dict):
        content = write_tree(root / "content", content)
    built = run_cli(
        "build", "--site", site, "--content", content, "--output", root / "output",
        env={"SOURCE_DATE_EPOCH": "1782432000"},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    return root / "output"


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory, generated_content):
    return _small_site(tmp_path_factory.mktemp("small-pages"), generated_content)


def _doc(output, path: str):
    return lxml_html.fromstring((output / path.lstrip("/") / "index.html").read_bytes())


def _lists(output, lang: str) -> list[str]:
    """The first page of every list of a language: each section's listing, the lists its field links
    lead to, and every tag page the tag index links."""
    firsts = []
    for section in ("news", "events", "resources", "members", "pages"):
        base = f"/{lang}/{PATHS[lang][section]}/"
        firsts.append(base)
        nav = _doc(output, base).find(".//nav[@class='facets']")
        for field in FACETED.get(section, ()) if nav is not None else ():
            firsts += nav.xpath(f".//ul[@aria-labelledby='facet-{field}']//a/@href")[1:]
    firsts += _doc(output, f"/{lang}/{PATHS[lang]['tags']}/").xpath("//main//ul[@class='tag-cloud']//a/@href")
    return firsts


@pytest.mark.parametrize("lang", LANGS)
def test_every_list_is_paginated_with_first_previous_next_last_and_the_page_count(small_pages, lang):
    checked = 0
    for first in _lists(small_pages, lang):
        pages, entries = [first], []
        while True:  # follow "next" to the end, reading each page's entries
            doc = _doc(small_pages, pages[-1])
            entries.append(doc.xpath("//main//li[contains(@class, 'entry ')]/@id"))
            following = doc.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
            if not following:
                break
            pages.append(following[0])
        count = len(pages)
        flat = [entry for page in entries for entry in page]
        assert len(flat) == len(set(flat)), first  # no entry on two pages
        assert count == max(1, math.ceil(len(flat) / PER_PAGE)), first
        assert all(len(page) == PER_PAGE for page in entries[:-1]), first
        assert pages == [first] + [f"{first}page/{n}/" for n in range(2, count + 1)]
        for number, path in enumerate(pages, start=1):
            nav = _doc(small_pages, path).find(".//nav[@class='pagination']")
            if count == 1:
                assert nav is None, path
                continue
            assert nav.get("aria-label"), path
            links = [a.get("href") for a in nav.iterfind(".//a")]
            expected = [pages[0]] if number > 2 else []  # first, previous, next, last, each where it differs
            expected += [pages[number - 2]] if number > 1 else []
            expected += [pages[number]] if number < count else []
            expected += [pages[-1]] if number < count - 1 else []
            assert links == expected, path
            assert nav.find(".//li[@aria-current='page']").text_content().strip() == PAGE_OF[lang].format(number, count)
            title = _doc(small_pages, path).findtext(".//title")
            assert (PAGE_OF[lang].format(number, count) in title) == (number > 1), (path, title)
            checked += 1
    assert checked > 20  # lists of several pages exist in every language at this page size


def test_no_page_is_over_the_limit(generated_site, small_pages):
    heavy = [
        (path, path.stat().st_size)
        for output in (generated_site.output, small_pages)
        for path in output.rglob("*.html")
        if path.stat().st_size > LIMIT
    ]
    assert not heavy, heavy


def test_the_page_weight_benchmark_names_every_page_by_its_kind(generated_site, capsys):
    from pages import page_kinds, report, weigh

    kinds = page_kinds(generated_site.content, publish=False)
    sizes = weigh(generated_site.output, kinds)
    assert sum(len(rows) for rows in sizes.values()) == len(generated_site.html_files())
    assert {"listing:members", "facet:members", "facet:resources", "tag", "item:news", "status"} <= set(sizes)
    assert report(sizes, LIMIT) == []
    assert "facet:members" in capsys.readouterr().out


def test_a_member_page_shows_a_page_of_its_events_and_links_them_all(tmp_path):
    """A member organising more events than a page holds shows the first ones and links the list of all of
    them (in pages), whose heading names the member, in its own language where it has no translation."""
    event = "---\ntitle: Event {i}\nstart: 2025-03-{day:02d} 10:00\norganisers: [coop]\n---\nText.\n"
    files = {f"events/e{i}/en.md": event.format(i=i, day=i + 1) for i in range(5)}
    files["members/coop/en.md"] = "---\ntitle: Coop\nterritory: wallonia\nkind: ess-enterprise\n---\nText.\n"
    files["members/coop/fr.md"] = "---\ntitle: Coopérative\n---\nTexte.\n"
    output = _small_site(tmp_path, files)
    member = _doc(output, f"/en/{PATHS['en']['members']}/coop/")
    section = member.xpath("//section[@aria-labelledby='events-title']")[0]
    assert len(section.findall(".//li")) == PER_PAGE
    link = section.xpath(".//p/a")[0]
    assert link.text_content() == "All 5 events it organises"
    assert link.get("href") == f"/en/{PATHS['en']['events']}/organisers/coop/"
    first = _doc(output, link.get("href"))
    assert first.findtext(".//h1") == "Events: Coop"
    assert len(first.xpath("//main//li[contains(@class, 'entry ')]")) == PER_PAGE
    german = _doc(output, f"/de/{PATHS['de']['events']}/organisers/coop/")  # shown in English: marked so
    assert german.xpath("//h1/span[@lang='en']/text()") == ["Coop"]
    assert german.findtext(".//title").startswith("Veranstaltungen: Coop")


def test_the_translation_status_lists_only_items_needing_an_editor(generated_site):
    doc = generated_site.page("en/translation-status/")
    rows = [[td.text_content() for td in tr.iterfind("td")] for tr in doc.xpath("//table/tbody/tr")]
    assert rows and all(set(row) - {"up to date"} for row in rows)
    assert len(rows) <= 400  # ess_pages.template_helpers.STATUS_ROWS: make translations lists them all
    summary = doc.xpath("//p[starts-with(normalize-space(), 'Items up to date in every language:')]")
    assert len(summary) == 1
