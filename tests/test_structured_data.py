"""JSON-LD checked against the properties search engines document as required and recommended
(Google Search Central: Article, Event, Organization, Sitelinks search box; schema.org for the types).
The expected properties are data here; a dotted path names a nested one."""

from __future__ import annotations

import json
import re

import pytest

from conftest import LANGS

REQUIRED = {
    "NewsArticle": ("headline", "datePublished", "author.name", "publisher.name", "publisher.logo.url"),
    "Event": ("name", "startDate", "location"),
    "Organization": ("name", "url"),
    "WebSite": ("name", "url", "potentialAction.target.urlTemplate", "potentialAction.query-input"),
}
RECOMMENDED = {
    # image: the item's own, else the publisher's logo; author.url: the cluster when it is the author
    "NewsArticle": ("dateModified", "image", "mainEntityOfPage.@id", "inLanguage"),
    # description, endDate, offers, organizer, image come only from fields the editor may leave out
    "Event": ("eventStatus", "eventAttendanceMode", "url", "inLanguage"),
    "Organization": (),  # logo, address, sameAs: from the member's fields when given
    "WebSite": ("inLanguage", "publisher"),
}
HOME_ORGANIZATION = ("name", "url", "logo.url", "logo.width", "logo.height")
RASTER = re.compile(r"\.(png|jpe?g|webp|gif)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$")


def _value(data, path: str):
    for part in path.split("."):
        if isinstance(data, list):
            data = data[0]
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _blocks(site):
    """(page, data) for every JSON-LD block of the site."""
    for path in site.html_files():
        relative = str(path.relative_to(site.output))
        for script in site.page(relative).xpath("//script[@type='application/ld+json']"):
            yield relative, json.loads(script.text)


def _nodes(data):
    return data["@graph"] if "@graph" in data else [data]


def test_every_type_has_its_required_and_recommended_properties(site):
    seen, problems = set(), []
    for page, data in _blocks(site):
        assert data.get("@context") == "https://schema.org", page
        for node in _nodes(data):
            kind = node["@type"]
            seen.add(kind)
            for path in REQUIRED.get(kind, ()) + RECOMMENDED.get(kind, ()):
                if _value(node, path) in (None, "", []):
                    problems.append(f"{page}: {kind} without {path}")
    assert not problems, problems[:20]
    assert {"NewsArticle", "Organization", "WebSite"} <= seen
    if any((site.content / "events").iterdir()):
        assert "Event" in seen


@pytest.mark.parametrize("lang", LANGS)
def test_home_describes_the_cluster_and_the_site_search(site, lang):
    blocks = site.page(f"{lang}/").xpath("//script[@type='application/ld+json']")
    assert len(blocks) == 1
    nodes = {node["@type"]: node for node in _nodes(json.loads(blocks[0].text))}
    assert set(nodes) == {"Organization", "WebSite"}
    for path in HOME_ORGANIZATION:
        assert _value(nodes["Organization"], path), path
    template = _value(nodes["WebSite"], "potentialAction.target.urlTemplate")
    assert template.endswith("?q={search_term_string}")
    search_page = template.split("//", 1)[1].split("/", 1)[1].split("?")[0]
    assert site.exists("/" + search_page), template
    assert nodes["WebSite"]["potentialAction"]["query-input"] == "required name=search_term_string"


def test_the_publisher_logo_is_a_raster_file_of_the_site(site):
    """Search engines take no SVG as a publisher's logo."""
    logos = set()
    for _page, data in _blocks(site):
        for node in _nodes(data):
            logos.add(_value(node, "publisher.logo.url"))
            if "@id" in node and node["@type"] == "Organization":  # the cluster on the home pages
                logos.add(_value(node, "logo.url"))
    logos.discard(None)
    assert logos
    for url in logos:
        assert RASTER.search(url), url
        assert (site.output / url.split("//", 1)[1].split("/", 1)[1]).read_bytes()[:4] == b"\x89PNG", url


def test_dates_and_authors_are_well_formed(site):
    for page, data in _blocks(site):
        for node in _nodes(data):
            for field in ("datePublished", "dateModified", "startDate", "endDate"):
                if field in node:
                    assert ISO_DATE.match(node[field]), (page, field, node[field])
            if node["@type"] == "NewsArticle":
                assert node["dateModified"] >= node["datePublished"]
                assert node["mainEntityOfPage"]["@id"] == node["url"]
                assert node["author"]["@type"] in ("Person", "Organization")
            if node["@type"] == "Organization" and "address" in node:
                assert set(node["address"]) - {"@type", "addressCountry"}, (page, "a country alone is no address")
