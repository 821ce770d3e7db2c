"""Atom 1.0 feeds built with feedgenerator; entries are the language's own news translations.

RFC 4287 asks for an author on the feed or on every entry (§4.1.1): the feed names the cluster, an
entry its own author when the text has one. Ids are RFC 4151 ``tag:`` URIs built from the owner's
``FEED_TAG_AUTHORITY`` (a domain and a date it was held, fixed once) and what never changes about an
item (section, key, language): a new slug or a new domain keeps every id, so readers show no entry twice.
"""

from __future__ import annotations

import datetime as dt

from feedgenerator import Atom1Feed

FEED_SIZE = 20
SECTIONS = ("news",)


def tag_uri(authority: str, specific: str) -> str:
    """RFC 4151: ``tag:clusteress-gr.eu,2018:news/launch/fr`` (the authority is checked by ess_config)."""
    return f"tag:{authority}:{specific}"


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
    authority = site.config.feed_tag_authority
    feed = Atom1Feed(
        title=f"{site.translate(lang, 'News')} · {title}",
        link=home,
        description="",
        language=lang,
        author_name=title,
        author_link=home,
        feed_url=site.absolute(routes.feed_path(lang)),
        feed_guid=tag_uri(authority, f"feed/{lang}"),
    )
    for translation in entries:
        page = routes.item_page(translation.item, lang)
        link = site.absolute(page.path)
        moment = translation.item.sort_moment.astimezone(dt.UTC)
        feed.add_item(
            title=translation.title,
            link=link,
            unique_id=tag_uri(authority, f"{translation.item.section}/{translation.item.key}/{lang}"),
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
        site.write_output(site.routes.feed_path(lang), build_feed(site, lang))
