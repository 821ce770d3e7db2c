"""The kinds of output page: one enum for the site map, the writer, the sitemap and the templates
(a ``StrEnum``, so a template may still compare ``page.kind == "item"``)."""

from enum import StrEnum


class PageKind(StrEnum):
    ROOT = "root"  # the language chooser at /
    ROOT_NOT_FOUND = "rootnotfound"  # /404.html, in every language
    HOME = "home"
    NOT_FOUND = "notfound"  # one per language
    SEARCH = "search"
    STATUS = "status"  # the editors' translation status (preview builds only)
    LISTING = "listing"  # one page of a section's listing
    FACET = "facet"  # one page of a section's listing narrowed to one value of a field (members by territory)
    TAGS = "tags"  # the tag index of a language
    TAG = "tag"
    ITEM = "item"  # one translation of an item

    @property
    def one_per_language(self) -> bool:
        return self in _ONE_PER_LANGUAGE

    @property
    def indexed(self) -> bool:
        """Listed in sitemap.xml and open to search engines."""
        return self not in _NOT_INDEXED

    @property
    def has_counterparts(self) -> bool:
        """Exists in every language: its alternates and switcher go to the same page in each."""
        return self in _ONE_PER_LANGUAGE or self in (PageKind.LISTING, PageKind.FACET)


_ONE_PER_LANGUAGE = frozenset({PageKind.HOME, PageKind.TAGS, PageKind.SEARCH, PageKind.NOT_FOUND, PageKind.STATUS})
_NOT_INDEXED = frozenset({PageKind.NOT_FOUND, PageKind.ROOT_NOT_FOUND, PageKind.STATUS})
