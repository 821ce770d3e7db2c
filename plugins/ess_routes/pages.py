"""What the site map is made of: output pages, the entries they list and their links to other languages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from ess_content import reads
from ess_content.model import Item, Translation

from .kinds import PageKind


@dataclass(eq=False)
class Entry:
    """An item as listed in one language: its own translation, or a fallback in another language."""

    item: Item
    lang: str
    shown: Translation
    path: str  # of the shown translation's page, relative to the output root
    href: str
    upcoming: bool | None = None  # events only: not yet over at the build date

    @property
    def is_fallback(self) -> bool:
        return self.shown.lang != self.lang

    @cached_property
    def state(self) -> tuple:
        """What the state of a page listing it holds of it (OutputPage.state): made once, for every such page."""
        return (self.item.section, self.item.key, self.lang, self.shown.source_id, self.path, self.href, self.upcoming)

    @property
    def anchor(self) -> str:
        return f"{self.item.section}-{self.item.key}"


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    path: str
    href: str


@dataclass(frozen=True)
class SwitchTarget:
    lang: str
    href: str
    translated: bool  # False: the item has no version in this language; href goes to a listing
    current: bool


@dataclass(frozen=True)
class FacetLinks:
    """The ways one field narrows a listing: the whole listing and the first page of each value's list."""

    field: str
    everything: OutputPage  # the listing's first page
    values: tuple[OutputPage, ...]  # in the vocabulary's order; each page's ``facet`` is (field, value)


@dataclass(frozen=True)
class MenuEntry:
    menu_key: str
    section: str | None  # a section, whose name the template shows in the page's language
    title: str | None  # a page's own title
    href: str
    hreflang: str | None  # set when the target is in another language than the menu


class OutputPage:
    """One HTML file of the site and everything its head and header need. Reading it while an output is
    recorded notes ``a:<save_as>`` for what names and places it (kind, language, address: a link to it)
    and ``p:<save_as>`` for the rest (entries, neighbours, alternates, switcher)."""

    IDENTITY = ("kind", "lang", "path", "save_as", "menu_key", "canonical", "section", "tag", "facet", "number")
    _identity = attrgetter(*(f"_{name}" for name in IDENTITY))
    PLACE = (
        "alternates",
        "switcher",
        "translation",
        "entries",
        "count",
        "size",
        "previous",
        "next",
        "first",
        "last",
        "tags",
        "facets",
    )

    kind: PageKind = reads.Recorded("identity_key")
    lang: str = reads.Recorded("identity_key")
    path: str = reads.Recorded("identity_key")
    save_as: str = reads.Recorded("identity_key")
    menu_key: str | None = reads.Recorded("identity_key")
    canonical: str | None = reads.Recorded("identity_key")
    section: str | None = reads.Recorded("identity_key")
    tag: str | None = reads.Recorded("identity_key")
    facet: tuple[str, str] | None = reads.Recorded("identity_key")  # (field, value) of a FACET page
    number: int = reads.Recorded("identity_key")
    alternates: tuple[Alternate, ...] = reads.Recorded("place_key")
    switcher: tuple[SwitchTarget, ...] = reads.Recorded("place_key")
    translation: Translation | None = reads.Recorded("place_key")
    entries: list[Entry] = reads.Recorded("place_key")
    count: int = reads.Recorded("place_key")  # pages of a paginated listing or tag
    size: int = reads.Recorded("place_key")  # entries over all those pages
    previous: OutputPage | None = reads.Recorded("place_key")
    next: OutputPage | None = reads.Recorded("place_key")
    first: OutputPage | None = reads.Recorded("place_key")
    last: OutputPage | None = reads.Recorded("place_key")
    tags: list[OutputPage] = reads.Recorded("place_key")
    facets: tuple[FacetLinks, ...] = reads.Recorded("place_key")  # a listing's (or facet's) ways to narrow it

    def __init__(
        self, kind: PageKind, lang: str, path: str, save_as: str, *, menu_key=None, translation=None,
        section=None, entries=(), number=1, count=1, tag=None, tags=(), facet=None,
    ):  # fmt: skip
        self.identity_key = reads.key("a", save_as)
        self.place_key = reads.key("p", save_as)
        self._kind, self._lang, self._path, self._save_as = PageKind(kind), lang, path, save_as
        self._menu_key, self._translation, self._section = menu_key, translation, section
        self._entries, self._number, self._count = list(entries), number, count
        self._size = len(self._entries)
        self._tag, self._tags, self._facet, self._facets = tag, list(tags), facet, ()
        self._alternates, self._switcher = (), ()
        self._canonical = self._previous = self._next = self._first = self._last = None

    def __repr__(self) -> str:
        return f"OutputPage({self._kind}, {self._save_as!r})"

    def identity(self) -> tuple:
        return self._identity(self)

    def state(self) -> tuple:
        """Everything the site map decided for a page (the content it shows is recorded separately), as plain
        values: the text of a dataclass, made in Python, took most of the time of the 11,000 digests of a
        preview's save at 2,000 items."""
        return (
            self._kind.value, self._lang, self._path, self._save_as, self._menu_key, self._canonical, self._section,
            self._translation.source_id if self._translation is not None else None,
            tuple((alternate.hreflang, alternate.path, alternate.href) for alternate in self._alternates),
            tuple((target.lang, target.href, target.translated, target.current) for target in self._switcher),
            tuple(entry.state for entry in self._entries), self._number, self._count, self._size,
            *(other._save_as if other else None for other in (self._previous, self._next, self._first, self._last)),
            self._tag, tuple(tag._save_as for tag in self._tags), self._facet,
            tuple((f.field, f.everything._save_as, tuple((p._save_as, p._size) for p in f.values)) for f in self._facets),
        )  # fmt: skip
