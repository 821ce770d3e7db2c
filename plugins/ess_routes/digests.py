"""Digests of the site map keys that outputs note while they are rendered (see ``ess_content.reads``):
one row per key kind, joined with the content's kinds in ess_incremental.dependencies (the one table)."""

from __future__ import annotations

from ess_content.cache_files import value_digest

#: a page's identity or state → its digest, for the pages of the latest site maps, in a process that builds
#: again (keep_page_digests): the preview's process digests the 11,000 pages of a new site map after each save
#: of front matter (at 2,000 items), most of them as they were, whose text and digest took half the time
#: before the edited page was shown. A build that ends its process does without: its site map's strings are
#: hashed for the first time there, which cost more than the digest (20 against 13 µs for an item page's).
_DIGESTS: dict[tuple, str] | None = None
REMEMBERED = 100_000


def keep_page_digests() -> None:
    """From here on, this process keeps the digests of the pages' identities and states for its next builds."""
    global _DIGESTS
    if _DIGESTS is None:
        _DIGESTS = {}


def _remembered(value: tuple) -> str:
    if _DIGESTS is None:
        return value_digest(value)
    found = _DIGESTS.get(value)
    if found is None:
        if len(_DIGESTS) >= REMEMBERED:
            _DIGESTS.clear()
        found = _DIGESTS[value] = value_digest(value)
    return found


def _page_identity(routes, rest):
    page = routes.page_at(rest)
    return None if page is None else _remembered(page.identity())


def _page_place(routes, rest):
    page = routes.page_at(rest)
    return None if page is None else _remembered(page.state())


def _related_candidates(routes, rest):
    """Which translations are candidates, with what related items are scored by: their tags and their place
    by date (a page notes this key alone for its related items, not each candidate's tags and fields)."""
    lang, _, tag_slug = rest.partition("/")
    candidates = routes.related_candidates(lang, tag_slug)
    if candidates is None:
        return None
    return value_digest([(shown.source_id, sorted(slugs), recency) for shown, slugs, recency in candidates])


def _listing(routes, rest):
    section, lang = rest.split("/")
    pages = list(routes.site_map.listing_pages.get((section, lang), ()))
    pages += [
        page for key, lists in routes.site_map.facet_pages.items() if key[:2] == (section, lang) for page in lists
    ]
    return value_digest([page._save_as for page in pages])


def _tags(routes, rest):
    return value_digest(sorted((slug, page._save_as) for slug, page in routes.tag_pages_of(rest).items()))


def _menu(routes, rest):
    return value_digest([repr(entry) for entry in routes.menu(rest)])


def _organised(routes, rest):
    return value_digest([f"{event.section}/{event.key}" for event in routes.organisers_of(rest)])


#: key kind → (what it stands for, its digest)
SITE_MAP_KEYS = {
    "a": ("a page's address and name (a link to it)", _page_identity),
    "p": ("a page's place: entries, neighbours, alternates, switcher", _page_place),
    "r": ("the newest entries of a tag, '<lang>/<tag slug>' (related items come from them)", _related_candidates),
    "L": ("a listing's pages and those of its lists of one value", _listing),
    "T": ("the tags of a language", _tags),
    "m": ("a menu", _menu),
    "o": ("the events a member organises", _organised),
}
