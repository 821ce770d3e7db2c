"""Atom feeds per language and the sitemap with its alternates, read by real parsers."""

from __future__ import annotations

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
        assert page.findtext(".//h1") == entry.title


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
            continue  # 404 pages and the editors' preview-only status pages
        assert "/" + str(relative.parent).removeprefix(".") + ("/" if str(relative.parent) != "." else "") in listed | {
            "/"
        }


def test_robots_points_to_the_sitemap(demo_site):
    robots = (demo_site.output / "robots.txt").read_text()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots
