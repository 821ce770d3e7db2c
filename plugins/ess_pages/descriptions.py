"""The ``<meta name="description">`` of every page: an item's summary (else the start of its text), the
home page's text from the home page item, and a translated sentence for every other kind of page."""

from __future__ import annotations

from ess_content.markdown_render import plain_text
from ess_routes import PageKind

from .labels import N_

#: Search engines show about this many characters; a longer text is cut at a word.
MAX_LENGTH = 160

#: One sentence per page that has no text of its own (msgids in English, translated in the catalogs).
BY_KIND = {
    PageKind.ROOT: N_("The social and solidarity economy cluster of the Greater Region, in French, German, Luxembourgish and English."),
    PageKind.ROOT_NOT_FOUND: N_("This address leads to no page of the cluster's site: choose a language to continue."),
    PageKind.TAGS: N_("Every topic of the cluster's news, events, resources and members."),
    PageKind.SEARCH: N_("Search the cluster's news, events, resources and members."),
    PageKind.NOT_FOUND: N_("This address leads to no page: go on from the home page or search the site."),
    PageKind.STATUS: N_("Which texts exist in which language, for the site's editors."),
}  # fmt: skip
BY_SECTION = {
    "news": N_("News of the social and solidarity economy cluster of the Greater Region."),
    "events": N_("Coming and past events of the social and solidarity economy in the Greater Region."),
    "resources": N_("Guides, reports and tools on the social and solidarity economy to read or download."),
    "members": N_("The members of the cluster: enterprises, public authorities and support organisations."),
    "pages": N_("About the social and solidarity economy cluster of the Greater Region."),
}
TAG = N_("News, events, resources and members on the topic “%(tag)s”.")


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """``text`` on one line, cut at the last word that fits, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def of_translation(translation) -> str:
    return shorten(translation.summary or plain_text(translation.html))


def meta_description(page, site) -> str:
    translate = site.translate
    if page.translation is not None:
        return of_translation(page.translation)
    if page.kind == PageKind.HOME:
        home = site.routes.home_translation(page.lang)
        if home is not None and home.lang == page.lang:  # a home text in another language describes no page here
            return of_translation(home)
        whole_site = BY_KIND[PageKind.ROOT]
        return translate(page.lang, whole_site)
    if page.kind in (PageKind.LISTING, PageKind.FACET):
        return translate(page.lang, BY_SECTION[page.section])
    if page.kind == PageKind.TAG:
        return translate(page.lang, TAG, tag=page.tag)
    return translate(page.lang, BY_KIND[page.kind])
