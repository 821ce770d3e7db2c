"""News, events, resources and members as a visitor and a machine see them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

import ess_content
from conftest import LANGS, PATHS, ROOT

PAGINATION = __import__("runpy").run_path(str(ROOT / "pelicanconf.py"))["PAGINATION"]  # a member shows a page of events


def tree(site):
    return ess_content.load(site.content, LANGS, render=False)


def _json_ld(doc):
    blocks = doc.xpath("//script[@type='application/ld+json']")
    assert len(blocks) <= 1
    return json.loads(blocks[0].text) if blocks else None


def _item_pages(site, section, lang):
    base = site.output / lang / PATHS[lang][section]
    return [p for p in base.glob("*/index.html") if p.parent.name != "page"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_events_listing_has_upcoming_and_past_parts(site, lang):
    """(Which events are upcoming, and their order, is tested on data in test_site_map.py.)"""
    doc = site.page(f"{lang}/{PATHS[lang]['events']}/")
    parts = {s.get("aria-labelledby"): s for s in doc.iterfind(".//section")}
    assert parts["upcoming-title"].xpath(".//li[starts-with(@id, 'events-')]")
    assert parts["past-title"].xpath(".//li[starts-with(@id, 'events-')]")


def test_event_calendars_parse_and_describe_each_event(site):
    events = {item.key: item for item in tree(site).section("events") if item.published}
    assert events
    for lang in LANGS:
        raw = (site.output / lang / PATHS[lang]["events"] / "calendar.ics").read_bytes()
        calendar = Calendar.from_ical(raw)
        components = list(calendar.walk("VEVENT"))
        uids = [str(c["UID"]) for c in components]
        assert sorted(uids) == sorted(f"events-{key}@clusteress-gr.eu" for key in events)  # each once
        for component in components:
            item = events[str(component["UID"]).split("@")[0].removeprefix("events-")]
            assert component.get("DTSTAMP") is not None
            start = component.decoded("DTSTART")
            if isinstance(item.neutral["start"], dt.datetime):
                assert start == item.moment("start")
                assert start.utcoffset() == dt.timedelta(0)  # written in UTC
            else:
                assert type(start) is dt.date  # all-day: a DATE value
                assert component.decoded("DTEND") > start
            expected_status = "CANCELLED" if item.neutral.get("cancelled") else "CONFIRMED"
            assert str(component["STATUS"]) == expected_status
            assert component["SUMMARY"].params["LANGUAGE"] in LANGS


def test_each_event_page_links_its_own_calendar_file(site):
    checked = 0
    for lang in LANGS:
        for page in _item_pages(site, "events", lang):
            doc = site.page(str(page.relative_to(site.output)))
            links = [a.get("href") for a in doc.iterfind(".//a") if a.get("href", "").endswith(".ics")]
            assert links, page
            calendar = Calendar.from_ical((site.output / links[0].lstrip("/")).read_bytes())
            (event,) = calendar.walk("VEVENT")
            assert str(event["SUMMARY"]) == doc.find(".//h1").text_content()
            checked += 1
    assert checked


def test_event_json_ld(site):
    statuses = set()
    for lang in LANGS:
        for page in _item_pages(site, "events", lang):
            data = _json_ld(site.page(str(page.relative_to(site.output))))
            assert data["@type"] == "Event"
            for key in ("name", "startDate", "eventStatus", "eventAttendanceMode", "location", "url", "inLanguage"):
                assert data.get(key), (page, key)
            assert data["eventStatus"] in ("https://schema.org/EventScheduled", "https://schema.org/EventCancelled")
            statuses.add(data["eventStatus"])
            dt.datetime.fromisoformat(data["startDate"]) if "T" in data["startDate"] else dt.date.fromisoformat(
                data["startDate"]
            )
    assert statuses


@pytest.mark.parametrize(("section", "schema_type", "required"), [
    ("news", "NewsArticle", ("headline", "datePublished", "author", "publisher", "inLanguage")),
    ("members", "Organization", ("name", "url")),
])  # fmt: skip
def test_json_ld_of_news_and_members(site, section, schema_type, required):
    checked = 0
    for lang in LANGS:
        for page in _item_pages(site, section, lang):
            data = _json_ld(site.page(str(page.relative_to(site.output))))
            assert data["@type"] == schema_type
            assert data["@context"] == "https://schema.org"
            for key in required:
                assert data.get(key), (page, key)
            checked += 1
    assert checked


def test_json_ld_cannot_close_its_script_element(tmp_path):
    from ess_pages.structured_data import safe_json

    text = str(safe_json({"name": "</script><script>alert(1)</script> & \u2028"}))
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_open_graph_lists_the_other_translations(site):
    for lang in LANGS:
        for page in _item_pages(site, "news", lang):
            doc = site.page(str(page.relative_to(site.output)))
            hreflangs = {link.get("hreflang") for link in doc.iterfind(".//link[@rel='alternate'][@hreflang]")} - {
                "x-default",
                lang,
            }
            alternates = {m.get("content")[:2] for m in doc.iterfind(".//meta[@property='og:locale:alternate']")}
            assert alternates == hreflangs
            assert doc.find(".//meta[@property='og:locale']").get("content").startswith(lang)


def _listed(site, first_page: str) -> list[str]:
    """The ids of the entries of a list, following its pages from the first."""
    ids, relative = [], first_page
    while relative:
        doc = site.page(relative)
        ids += [li.get("id") for li in doc.xpath("//main//li[contains(@class, 'entry ')]")]
        following = doc.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
        relative = following[0].lstrip("/") if following else None
    return ids


# field → values, as the contract lists them (shared/content-format.md)
FACETS = {
    "members": {
        "territory": ["luxembourg", "lorraine", "saarland", "rhineland-palatinate", "wallonia",
                      "german-speaking-community"],
        "kind": ["ess-enterprise", "classic-enterprise", "public-authority", "support-organisation"],
        "themes": ["short-circuits", "circular-economy", "collaborative-economy", "digital", "personal-services",
                   "responsible-purchasing", "work-integration", "eco-construction", "solidarity-finance",
                   "culture-tourism"],
        "criteria": ["societal-impact", "democratic-governance", "social-utility", "environment", "local-anchoring"],
    },
    "resources": {"type": ["guide", "study", "report", "law", "toolkit", "presentation", "video", "other"]},
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", sorted(FACETS))
def test_directory_and_resources_are_browsed_by_links_to_one_list_per_value(site, lang, section):
    """Without any script: the listing's pages hold every item once, and each value of each field links
    to a list of exactly the items with that value (pages followed to the end), in the vocabulary's order."""
    items = [item for item in tree(site).section(section) if item.published]
    base = f"{lang}/{PATHS[lang][section]}/"
    assert sorted(_listed(site, base)) == sorted(f"{section}-{item.key}" for item in items)
    nav = site.page(base).find(".//nav[@class='facets']")
    assert (nav is not None) == bool(items)
    for field, values in FACETS[section].items() if items else ():
        links = nav.xpath(f".//ul[@aria-labelledby='facet-{field}']//a/@href")
        assert links[0] == f"/{base}"  # the whole list first
        expected = {}
        for item in items:
            raw = item.neutral.get(field)
            for value in [raw] if isinstance(raw, str) else raw or []:
                expected.setdefault(value, []).append(f"{section}-{item.key}")
        assert links[1:] == [f"/{base}{field}/{value}/" for value in values if value in expected]
        for value, ids in expected.items():
            assert sorted(_listed(site, f"{base}{field}/{value}/")) == sorted(ids), (field, value)


def test_member_profile_shows_criteria_explained_and_organised_events(site):
    content = tree(site)
    for member in content.section("members"):
        for lang, translation in member.published_translations().items():
            page = site.output / lang / PATHS[lang]["members"] / translation.slug / "index.html"
            doc = site.page(str(page.relative_to(site.output)))
            criteria = doc.find(".//dl[@class='criteria']")
            if member.neutral.get("criteria"):
                assert len(criteria.findall("dd")) == len(member.neutral["criteria"])
                assert all((dd.text or "").strip() for dd in criteria.findall("dd"))
            organised = [
                e for e in content.section("events") if member.key in e.neutral.get("organisers", ()) and e.published
            ]
            section = doc.xpath("//section[@aria-labelledby='events-title']")
            assert len(section[0].findall(".//li") if section else []) == min(len(organised), PAGINATION)


def test_resources_show_download_details(site):
    content = tree(site)
    with_file = [r for r in content.section("resources") if r.neutral.get("file") and r.published]
    for resource in with_file:
        for lang, translation in resource.published_translations().items():
            page = site.output / lang / PATHS[lang]["resources"] / translation.slug / "index.html"
            doc = site.page(str(page.relative_to(site.output)))
            link = doc.find(".//a[@class='button download']")
            assert site.exists(link.get("href"))
            info = link.find("span").text
            assert resource.neutral["file"].rsplit(".", 1)[-1].upper() in info
            assert any(unit in info for unit in ("kB", "ko", "MB", "Mo"))
            languages = resource.neutral.get("doc_languages") or ()
            if len(languages) == 1:
                assert link.get("hreflang") == languages[0]


def test_city_name_gives_each_language_its_own_place_name(tmp_path_factory):
    """`city_name` (per language) is shown on that language's pages, in its JSON-LD and its calendar;
    a language without it shows the shared `city`, and it is never inherited."""
    from conftest import build_files

    event = "---\ntitle: {title}\nstart: 2027-05-03 10:00\n{extra}---\nText.\n"
    member = "---\ntitle: {title}\nterritory: saarland\nkind: ess-enterprise\n{extra}---\nText.\n"
    out = build_files(
        tmp_path_factory,
        "city-name",
        {
            "events/days/fr.md": event.format(
                title="Journées", extra="city: Trier\ncountry: DE\ncity_name: Trèves\nvenue: Halle\n"
            ),
            "events/days/lb.md": event.format(title="Deeg", extra="city_name: Tréier\n"),
            "events/days/de.md": event.format(title="Tage", extra=""),
            "members/coop/de.md": member.format(title="Koop", extra="city: Saarbrücken\n"),
            "members/coop/lb.md": member.format(title="Koop", extra="city_name: Saarbrécken\n"),
        },
    )
    from lxml import html as lxml_html

    def page(lang, section):
        folder = out / lang / PATHS[lang][section]
        item = next(p for p in folder.glob("*/index.html") if p.parent.name != "page")
        return lxml_html.fromstring(item.read_bytes()), item.parent

    for lang, expected in (("fr", "Trèves"), ("lb", "Tréier"), ("de", "Trier")):
        doc, folder = page(lang, "events")
        assert expected in doc.find(".//dl[@class='facts']").text_content(), lang
        venue = doc.find(".//span[@class='venue']")  # written in fr.md only: shown with its language
        assert venue.text == "Halle" and venue.get("lang") == (None if lang == "fr" else "fr")
        place = _json_ld(doc)["location"]
        place = place[0] if isinstance(place, list) else place
        assert place["address"]["addressLocality"] == expected
        listing = lxml_html.fromstring((folder.parent / "index.html").read_bytes())
        assert [span.text for span in listing.iterfind(".//span[@class='city']")] == [expected]
        calendar = Calendar.from_ical((folder.parent / "calendar.ics").read_bytes())
        assert expected in str(next(iter(calendar.walk("VEVENT")))["LOCATION"])
    for lang, expected in (("lb", "Saarbrécken"), ("de", "Saarbrücken")):
        doc, _ = page(lang, "members")
        assert _json_ld(doc)["address"]["addressLocality"] == expected
        assert expected in doc.text_content()
