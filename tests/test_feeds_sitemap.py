"""Atom feeds per language and the sitemap with its alternates, read by real parsers."""

from __future__ import annotations

import re

import feedparser
import pytest
from lxml import etree

from conftest import LANGS

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://127.0.0.1:8000"


@pytest.mark.parametrize("lang", LANGS)
def test_feed_parses_and_declares_its_language(site, lang):
    raw = (site.output / lang / "feed.atom").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert etree.fromstring(raw).get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert feed.entries, "the feed has no entry"
    for entry in feed.entries:
        path = entry.link.removeprefix(ORIGIN)
        assert path.startswith(f"/{lang}/")
        assert site.exists(path)
        page = site.page_for_href(path)
        assert page.get("lang") == lang
        assert page.find(".//h1").text_content() == entry.title  # the visible words (a phrase may be a <span lang>)


def test_sitemap_alternates_match_the_pages(site):
    root = etree.parse(str(site.output / "sitemap.xml")).getroot()
    urls = root.findall("sm:url", NS)
    assert urls
    listed = set()
    for url in urls:
        loc = url.findtext("sm:loc", namespaces=NS)
        path = loc.removeprefix(ORIGIN)
        assert site.exists(path), loc
        listed.add(path)
        in_sitemap = {
            link.get("hreflang"): link.get("href").removeprefix(ORIGIN) for link in url.findall("xhtml:link", NS)
        }
        page = site.page_for_href(path)
        in_page = {
            link.get("hreflang"): link.get("href") for link in page.iterfind(".//link[@rel='alternate'][@hreflang]")
        }
        assert in_sitemap == in_page, path
    # every indexable page is listed
    for html_file in site.html_files():
        relative = html_file.relative_to(site.output)
        robots = site.page(str(relative)).find(".//meta[@name='robots']")
        if robots is not None and "noindex" in robots.get("content"):
            continue  # the editors' preview-only status pages
        if relative.name == "404.html":
            continue  # hosts answer them with status 404, which keeps them out of search engines
        assert "/" + str(relative.parent).removeprefix(".") + ("/" if str(relative.parent) != "." else "") in listed | {
            "/"
        }


def test_robots_points_to_the_sitemap(demo_site):
    robots = (demo_site.output / "robots.txt").read_text()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots


ATOM = "{http://www.w3.org/2005/Atom}"
#: RFC 3339 date-time as RFC 4287 §3.3 requires it (a "T", seconds, a zone).
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
#: RFC 4151 tag URI: tag:<domain or e-mail>,<date>:<specific>.
TAG_URI = re.compile(r"^tag:[a-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$")


def _one(element, name: str, where: str):
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"{where}: {len(found)} atom:{name} (RFC 4287 requires exactly one)"
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_feed_satisfies_rfc_4287(site, lang):
    """The MUST rules of RFC 4287 §4.1.1 and §4.1.2 read from the XML, not through a forgiving parser."""
    feed = etree.parse(str(site.output / lang / "feed.atom")).getroot()
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        _one(feed, name, "feed")
    assert RFC3339.match(_one(feed, "updated", "feed").text)
    assert [link for link in feed.findall(ATOM + "link") if link.get("rel") == "self"], "no rel=self link"
    feed_has_author = bool(feed.findall(ATOM + "author/" + ATOM + "name"))
    ids = [_one(feed, "id", "feed").text]
    for entry in feed.findall(ATOM + "entry"):
        where = f"entry {entry.findtext(ATOM + 'title')!r}"
        for name in ("id", "title", "updated"):
            _one(entry, name, where)
        assert RFC3339.match(_one(entry, "updated", where).text), where
        assert feed_has_author or entry.findall(ATOM + "author/" + ATOM + "name"), f"{where}: no author (§4.1.1)"
        assert entry.find(ATOM + "content") is not None or [
            link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"
        ], f"{where}: neither content nor alternate link (§4.1.1)"
        ids.append(_one(entry, "id", where).text)
    assert len(ids) == len(set(ids)), "ids repeat"
    for identifier in ids:
        assert TAG_URI.match(identifier), identifier


@pytest.mark.parametrize("lang", LANGS)
def test_entry_ids_survive_a_new_slug_or_domain(site, lang):
    """An entry's id names the item's section, folder and language: nothing of its address."""
    feed = feedparser.parse((site.output / lang / "feed.atom").read_bytes())
    assert feed.feed.author, "no feed-level author"
    keys = {folder.name for folder in (site.content / "news").iterdir() if folder.is_dir()}
    for entry in feed.entries:
        authority, _, specific = entry.id.removeprefix("tag:").partition(":")
        section, key, entry_lang = specific.split("/")
        assert (section, entry_lang) == ("news", lang)
        assert key in keys
        slug = entry.link.rstrip("/").rsplit("/", 1)[-1]
        assert slug not in authority and "127.0.0.1" not in entry.id
