"""Atom 1.0 feeds built with feedgenerator; entries are the language's own news translations."""

from __future__ import annotations

import datetime as dt

from feedgenerator import Atom1Feed

FEED_SIZE = 20
SECTIONS = ("news",)


def build_feed(site, lang: str) -> str:
    routes = site.routes
    entries = []
    for section in SECTIONS:
        for item in site.tree.section(section):
            translation = item.published_translations().get(lang)
            if translation is not None:
                entries.append(translation)
    entries.sort(key=lambda t: (-t.item.sort_moment.timestamp(), t.item.key))
    entries = entries[:FEED_SIZE]
    title = site.translate(lang, "ESS Cluster Greater Region")
    home = site.absolute(routes.home_path(lang))
    feed = Atom1Feed(
        title=f"{site.translate(lang, 'News')} · {title}",
        link=home,
        description="",
        language=lang,
        feed_url=site.absolute(routes.feed_path(lang)),
        feed_guid=site.absolute(routes.feed_path(lang)),
    )
    for translation in entries:
        page = routes.item_page(translation.item, lang)
        link = site.absolute(page.path)
        moment = translation.item.sort_moment.astimezone(dt.UTC)
        feed.add_item(
            title=translation.title,
            link=link,
            unique_id=link,
            description=translation.summary or "",
            content=routes.rewrite_body(translation),
            pubdate=moment,
            updateddate=moment,
            author_name=translation.get("author"),
            categories=list(translation.tags),
        )
    return feed.writeString("utf-8")


def write_feeds(site, generator=None, writer=None):
    for lang in site.languages:
        site.output_file(site.routes.feed_path(lang)).write_text(build_feed(site, lang), encoding="utf-8")
