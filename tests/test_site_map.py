"""The site map built in memory from small trees, without Pelican or a subprocess (ess_pipeline.prepare_site).

Every expected value is written here as data: addresses, languages, orders. Nothing is recomputed with
the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ess_config import ConfigError, SiteConfig
from ess_pipeline import prepare_site

from conftest import write_tree
from ess_content import ContentError
from ess_content.loader import read_tree

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
LANGUAGES = {
    "fr": {"paths": {"news": "actualites", "events": "agenda", "members": "membres"}, "fallbacks": ["en", "de"]},
    "de": {"paths": {"news": "aktuelles"}, "fallbacks": ["en", "fr", "lb"]},
    "lb": {"paths": {"news": "neiegkeeten"}, "fallbacks": ["de", "fr", "en"]},
    "en": {"fallbacks": ["fr", "de", "lb"]},
}


def config(*, preview=True, languages=None) -> SiteConfig:
    return SiteConfig.from_settings({"LANGUAGES": languages or LANGUAGES, "PREVIEW": preview}, now=NOW)


def news(title: str, *, date="2024-01-10", extra="") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nText.\n"


def prepare(tmp_path, files: dict, **options):
    write_tree(tmp_path / "content", files)
    return prepare_site(config(**options), tmp_path / "content", render=False)


def hrefs(targets) -> list[tuple]:
    return [(t.lang, t.href, t.translated) for t in targets]


def test_fallback_order_is_the_declared_one(tmp_path):
    site = prepare(tmp_path, {"news/only-fr-de/fr.md": news("Seulement"), "news/only-fr-de/de.md": news("Nur")})
    shown = {lang: site.routes.listing("news", lang)[0].entries[0].shown.lang for lang in ("fr", "de", "lb", "en")}
    assert shown == {"fr": "fr", "de": "de", "lb": "de", "en": "fr"}


def test_the_switcher_goes_to_the_listing_where_a_translation_is_missing(tmp_path):
    site = prepare(tmp_path, {"news/launch/fr.md": news("Lancement"), "news/launch/en.md": news("Launch")})
    page = next(p for p in site.routes.pages if p.kind == "item" and p.lang == "fr")
    assert hrefs(page.switcher) == [
        ("fr", "/fr/actualites/lancement/", True),
        ("de", "/de/aktuelles/#news-launch", False),
        ("lb", "/lb/neiegkeeten/#news-launch", False),
        ("en", "/en/news/launch/", True),
    ]
    assert [(a.hreflang, a.href) for a in page.alternates] == [
        ("fr", "/fr/actualites/lancement/"),
        ("en", "/en/news/launch/"),
        ("x-default", "/"),
    ]


def test_listing_alternates_and_the_root_cover_every_declared_language(tmp_path):
    site = prepare(tmp_path, {"news/a/fr.md": news("A")})
    root = next(p for p in site.routes.pages if p.kind == "root")
    assert [(a.hreflang, a.path) for a in root.alternates] == [
        ("fr", "fr/"), ("de", "de/"), ("lb", "lb/"), ("en", "en/"), ("x-default", ""),
    ]  # fmt: skip
    listing = site.routes.listing("news", "de")[0]
    assert [a.path for a in listing.alternates] == [
        "fr/actualites/",
        "de/aktuelles/",
        "lb/neiegkeeten/",
        "en/news/",
        "",
    ]


@pytest.mark.parametrize("preview", [True, False])
def test_two_drafts_with_one_address_clash_only_where_drafts_are_shown(tmp_path, preview):
    files = {
        "news/first/fr.md": news("Même titre", extra="status: draft\n"),
        "news/second/fr.md": news("Même titre", extra="status: draft\n"),
    }
    if preview:
        with pytest.raises(ContentError) as raised:
            prepare(tmp_path, files, preview=True)
        [problem] = raised.value.problems
        assert problem.path.endswith("news/second/fr.md") and problem.line == 2 and problem.field == "slug"
        assert "/fr/actualites/meme-titre/" in problem.message and "news/first/fr.md" in problem.message
    else:
        site = prepare(tmp_path, files, preview=False)
        assert not [p for p in site.routes.pages if p.kind == "item"]


def test_a_draft_and_a_published_translation_with_one_address(tmp_path):
    files = {"news/a/fr.md": news("Même"), "news/b/fr.md": news("Même", extra="status: draft\n")}
    with pytest.raises(ContentError):
        prepare(tmp_path, files, preview=True)
    site = prepare(tmp_path, files, preview=False)
    assert [p.path for p in site.routes.pages if p.kind == "item"] == ["fr/actualites/meme/"]


def test_problems_of_every_stage_come_in_one_report(tmp_path):
    files = {
        "news/bad/fr.md": "---\ntitle: Sans date\n---\n",  # content problem
        "news/one/fr.md": news("Pareil"),
        "news/two/fr.md": news("Pareil"),  # site map problem (address clash)
    }
    with pytest.raises(ContentError) as raised:
        prepare(tmp_path, files)
    fields = sorted((p.path.rsplit("/", 3)[-2], p.field) for p in raised.value.problems)
    assert fields == [("bad", "date"), ("two", "slug")]


def test_a_fifth_language_is_a_declaration(tmp_path):
    languages = {**LANGUAGES, "nl": {"paths": {"news": "nieuws"}, "search": "stemmer"}}
    write_tree(tmp_path / "content", {"news/a/fr.md": news("Alpha"), "news/a/nl.md": news("Alfa")})
    site = prepare_site(config(languages=languages), tmp_path / "content", render=False)
    assert site.config.codes == ("fr", "de", "lb", "en", "nl")
    assert site.config.locale("nl") == "nl_NL" and site.config.language("nl").name == "Nederlands"
    assert site.config.fallbacks("nl") == ("fr", "de", "lb", "en")  # none declared: the declaration order
    page = next(p for p in site.routes.pages if p.kind == "item" and p.lang == "nl")
    assert page.path == "nl/nieuws/alfa/"
    assert [a.hreflang for a in page.alternates] == ["fr", "nl", "x-default"]
    assert site.routes.listing("news", "lb")[0].entries[0].shown.lang == "fr"


def test_a_language_removed_from_the_declaration_makes_its_files_errors(tmp_path):
    write_tree(tmp_path / "content", {"news/a/fr.md": news("A"), "news/a/lb.md": news("A")})
    without_lb = {code: entry for code, entry in LANGUAGES.items() if code != "lb"}
    with pytest.raises(ContentError) as raised:
        prepare_site(config(languages=without_lb), tmp_path / "content", render=False)
    [problem] = raised.value.problems
    assert problem.path.endswith("news/a/lb.md") and "unknown language 'lb'" in problem.message


def test_settings_that_cannot_describe_a_site_are_named_at_once():
    with pytest.raises(ConfigError) as raised:
        SiteConfig.from_settings(
            {
                "LANGUAGES": {"fr": {"paths": {"news": "Actu lités"}, "search": "magic"}, "x1": {}},
                "DEFAULT_LANG": "de",
                "FEED_TAG_AUTHORITY": "https://clusteress-gr.eu/",
            }
        )
    report = raised.value.report()
    for expected in ("['paths']['news']", "['search']", "LANGUAGES['x1']", "DEFAULT_LANG", "FEED_TAG_AUTHORITY"):
        assert expected in report


@pytest.mark.parametrize("absolute", [False, True])
def test_the_problem_count_does_not_depend_on_how_the_path_is_written(tmp_path, monkeypatch, absolute):
    write_tree(tmp_path / "content", {"news/launch/lu.md": news("Lancement")})
    monkeypatch.chdir(tmp_path)
    content = (tmp_path / "content") if absolute else "content"
    _, problems = read_tree(content, ("fr", "de", "lb", "en"), render=False)
    assert len(problems) == 1
    assert "unknown language 'lu'" in problems.sorted()[0].message


def test_a_member_published_only_as_a_draft_is_left_out_everywhere(tmp_path):
    files = {
        "members/coop/fr.md": "---\ntitle: Coop\nterritory: lorraine\nkind: ess-enterprise\nstatus: draft\n---\n",
        "events/meeting/fr.md": "---\ntitle: Réunion\nstart: 2026-09-01 10:00\norganisers: [coop]\n---\n",
        "resources/guide/fr.md": "---\ntitle: Guide\ndate: 2024-01-01\ntype: guide\nurl: https://example.org/\n"
        "publisher: coop\n---\n",
        "resources/other/fr.md": "---\ntitle: Autre\ndate: 2024-01-01\ntype: guide\nurl: https://example.org/\n"
        "publisher: Ville de Metz\n---\n",
    }
    published = prepare(tmp_path, files, preview=False)
    tree, routes = published.tree, published.routes
    assert routes.references(tree.find("events", "meeting"), "organisers", "fr") == []
    assert routes.references(tree.find("resources", "guide"), "publisher", "fr") == []
    assert routes.references(tree.find("resources", "other"), "publisher", "de") == ["Ville de Metz"]
    assert len(published.warnings) == 2 and all("'coop'" in w for w in published.warnings)
    preview = prepare(tmp_path / "again", files, preview=True)
    [entry] = preview.routes.references(preview.tree.find("events", "meeting"), "organisers", "de")
    assert (entry.shown.lang, entry.href) == ("fr", "/fr/membres/coop/")


def test_events_are_upcoming_until_they_end_soonest_first_then_past_newest_first(tmp_path):
    """At NOW (2026-06-01 00:00 UTC, 02:00 in Luxembourg)."""

    def event(start, end=None):
        return f"---\ntitle: E {start}\nstart: {start}\n" + (f"end: {end}\n" if end else "") + "---\n"

    site = prepare(
        tmp_path,
        {
            "events/past-timed/fr.md": event("2026-05-31 10:00", "2026-05-31 12:00"),
            "events/yesterday-all-day/fr.md": event("2026-05-31"),  # over at midnight, Luxembourg time
            "events/today-all-day/fr.md": event("2026-06-01"),
            "events/running/fr.md": event("2026-05-20", "2026-06-03"),
            "events/later/fr.md": event("2026-07-01 09:00"),
            "events/long-ago/fr.md": event("2025-01-01"),
        },
    )
    entries = site.routes.listing("events", "fr")[0].entries
    assert [(e.item.key, e.upcoming) for e in entries] == [
        ("running", True), ("today-all-day", True), ("later", True),
        ("past-timed", False), ("yesterday-all-day", False), ("long-ago", False),
    ]  # fmt: skip


def test_tag_pages_are_paginated_and_related_items_still_see_the_newest_fifty(tmp_path):
    files = {f"news/n{i:02d}/fr.md": news(f"Nouvelle {i}", date=f"2024-01-{i + 1:02d}", extra="tags: [Coopération]\n")
             for i in range(25)}  # fmt: skip
    site = prepare(tmp_path, files)
    pages = [p for p in site.routes.pages if p.kind == "tag"]
    assert [(p.path, p.number, p.count, p.size, len(p.entries)) for p in pages] == [
        ("fr/tags/cooperation/", 1, 3, 25, 10),
        ("fr/tags/cooperation/page/2/", 2, 3, 25, 10),
        ("fr/tags/cooperation/page/3/", 3, 3, 25, 5),
    ]
    assert (pages[1].first.path, pages[1].previous.path, pages[1].next.path, pages[1].last.path) == (
        "fr/tags/cooperation/", "fr/tags/cooperation/", "fr/tags/cooperation/page/3/", "fr/tags/cooperation/page/3/",
    )  # fmt: skip
    assert pages[0].entries[0].item.key == "n24"  # newest first
    oldest = site.tree.find("news", "n00").translations["fr"]
    assert [e.item.key for e in site.routes.related(oldest)] == ["n24", "n23", "n22"]  # beyond the first page


def member(title: str, territory: str, themes: str = "[]") -> str:
    return f"---\ntitle: {title}\nterritory: {territory}\nkind: ess-enterprise\nthemes: {themes}\n---\nText.\n"


def test_the_directory_has_a_list_per_value_in_pages_and_each_switches_to_the_same_value(tmp_path):
    files = {f"members/m{i:02d}/fr.md": member(f"Membre {i:02d}", "lorraine", "[digital]") for i in range(12)}
    files["members/lux/fr.md"] = member("Coop lux", "luxembourg", "[digital, short-circuits]")
    site = prepare(tmp_path, files)
    facets = [p for p in site.routes.pages if p.kind == "facet" and p.lang == "fr"]
    assert [(p.path, p.facet, p.number, p.count, p.size, len(p.entries)) for p in facets] == [
        ("fr/membres/territory/luxembourg/", ("territory", "luxembourg"), 1, 1, 1, 1),
        ("fr/membres/territory/lorraine/", ("territory", "lorraine"), 1, 2, 12, 10),
        ("fr/membres/territory/lorraine/page/2/", ("territory", "lorraine"), 2, 2, 12, 2),
        ("fr/membres/kind/ess-enterprise/", ("kind", "ess-enterprise"), 1, 2, 13, 10),
        ("fr/membres/kind/ess-enterprise/page/2/", ("kind", "ess-enterprise"), 2, 2, 13, 3),
        ("fr/membres/themes/short-circuits/", ("themes", "short-circuits"), 1, 1, 1, 1),
        ("fr/membres/themes/digital/", ("themes", "digital"), 1, 2, 13, 10),
        ("fr/membres/themes/digital/page/2/", ("themes", "digital"), 2, 2, 13, 3),
    ]  # the contract's order of values; criteria: none given, no list
    listing = site.routes.listing("members", "fr")
    assert [p.path for p in listing] == ["fr/membres/", "fr/membres/page/2/"]
    for page in (*listing, *facets):
        assert [(f.field, f.everything.path, [v.path for v in f.values]) for f in page.facets] == [
            ("territory", "fr/membres/", ["fr/membres/territory/luxembourg/", "fr/membres/territory/lorraine/"]),
            ("kind", "fr/membres/", ["fr/membres/kind/ess-enterprise/"]),
            ("themes", "fr/membres/", ["fr/membres/themes/short-circuits/", "fr/membres/themes/digital/"]),
            ("criteria", "fr/membres/", []),
        ]
    second = facets[2]
    assert [(t.lang, t.href) for t in second.switcher] == [
        ("fr", "/fr/membres/territory/lorraine/page/2/"),
        ("de", "/de/members/territory/lorraine/page/2/"),
        ("lb", "/lb/members/territory/lorraine/page/2/"),
        ("en", "/en/members/territory/lorraine/page/2/"),
    ]
    assert second.alternates[-1].hreflang == "x-default" and len(second.alternates) == 5
    assert [e.item.key for e in facets[0].entries] == ["lux"]


def test_events_get_one_list_per_organiser_linked_from_the_member_not_above_the_listing(tmp_path):
    event = "---\ntitle: Rencontre {i}\nstart: 2025-03-{day:02d} 10:00\norganisers: {organisers}\n---\nTexte.\n"
    files = {
        f"events/e{i:02d}/fr.md": event.format(i=i, day=i + 1, organisers="[coop]" if i < 11 else "[coop, hidden]")
        for i in range(12)
    }
    files["members/coop/fr.md"] = member("Coop", "lorraine")
    files["members/hidden/fr.md"] = member("Cachée", "lorraine").replace("---\nText", "status: draft\n---\nText")
    site = prepare(tmp_path, files, preview=False)
    lists = [p for p in site.routes.pages if p.kind == "facet" and p.section == "events" and p.lang == "de"]
    assert [(p.path, p.facet, p.number, p.size) for p in lists] == [
        ("de/events/organisers/coop/", ("organisers", "coop"), 1, 12),
        ("de/events/organisers/coop/page/2/", ("organisers", "coop"), 2, 12),
    ]  # no list for a member this build does not publish
    assert [e.item.key for e in lists[0].entries][:2] == ["e11", "e10"]  # the listing's order: past, newest first
    assert all(page.facets == () for page in (*site.routes.listing("events", "de"), *lists))
    assert site.routes.facet_list("events", "fr", "organisers", "coop").path == "fr/agenda/organisers/coop/"
    assert site.routes.facet_list("events", "fr", "organisers", "hidden") is None
    few = {"events/only/fr.md": "---\ntitle: Seule\nstart: 2025-03-01 10:00\norganisers: [coop]\n---\nTexte.\n"}
    few["members/coop/fr.md"] = member("Coop", "lorraine")
    alone = prepare(tmp_path / "few", few)
    assert alone.routes.facet_list("events", "fr", "organisers", "coop") is None  # its page shows its one event


def test_the_site_map_built_while_bodies_convert_is_kept_only_for_the_same_items(tmp_path, monkeypatch):
    """prepare_site builds the site map before the bodies are converted; when a check after the converting
    leaves an item out (a body linking to no file), the map is built again from the items left, and the
    problems are those of the items left."""
    import ess_pipeline

    built = []
    original = ess_pipeline.Routes
    monkeypatch.setattr(ess_pipeline, "Routes", lambda tree, cfg: built.append(tree) or original(tree, cfg))
    files = {"news/a/fr.md": news("A"), "news/b/fr.md": news("B")}
    write_tree(tmp_path / "ok", files)
    site = prepare_site(config(), tmp_path / "ok")
    assert len(built) == 1 and site.routes.tree is built[0]
    built.clear()
    files["news/b/fr.md"] = news("B").replace("Text.", "[a link](missing.pdf)")
    write_tree(tmp_path / "late", files)
    with pytest.raises(ContentError) as raised:
        prepare_site(config(), tmp_path / "late")
    assert [sorted(tree.items["news"]) for tree in built] == [["a", "b"], ["a"]]
    assert "missing.pdf" in str(raised.value)
