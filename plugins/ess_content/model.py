"""Typed, validated content: items, their translations and the values they inherit.

Nothing here knows about URLs, templates or Pelican: the site map (ess_routes) decides those.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ess_config.sections import SECTIONS
from unidecode import unidecode

from . import phrases, reads
from .fields import FieldSpec, specs_for
from .vocabulary import DEFAULT_TIMEZONE

_GERMAN_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@functools.lru_cache(maxsize=65536)  # pure, and asked again for every link to the same page or tag
def slugify(title: str, lang: str | None = None) -> str:
    """ASCII slug of a title: 'Lancement à Echternach' → 'lancement-a-echternach'; German umlauts → ae/oe/ue."""
    if lang == "de":
        title = title.translate(_GERMAN_UMLAUTS)
    ascii_text = unidecode(title).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80].rstrip("-") or "item"


@dataclass(frozen=True)
class BodyLink:
    """A relative link written in a Markdown body, resolved against the content tree."""

    target: str  # as written (href/src value)
    attachment: str | None = None  # a file of the same item
    item_ref: tuple[str, str, str] | None = None  # (section, key, lang) of another translation


@dataclass(eq=False)
class Translation:
    """One file. Reads of what comes from its front matter (``values`` and everything derived from it) and of
    its body (``html``, ``body``, ``links``) are recorded by ``ess_content.reads`` for incremental builds."""

    item: Item
    lang: str
    path: Path
    fields: dict  # per-language fields written in this file, typed (read them through ``values``)
    markdown: str  # the body as written (read it through ``body``)
    body_line: int
    lines: dict = field(default_factory=dict)  # field name → line in the file
    rendered: str = ""  # the body as sanitised HTML (read it through ``html``)
    body_links: tuple[BodyLink, ...] = ()  # (read them through ``links``)
    source_id: str = ""  # the file's path inside the content tree: 'news/launch/fr.md'
    front_digest: str = ""  # of the front matter's text
    body_digest: str = ""  # of the body's text
    #: set by ess_content.publication: shown on the site being built (a draft only in preview,
    #: a translation dated in the future only in preview until that date)
    visible: bool | None = None
    _slug: str | None = field(default=None, repr=False)
    _tag_slugs: frozenset | None = field(default=None, repr=False)

    def __post_init__(self):
        self.front_key = reads.key("f", self.source_id)
        self.body_key = reads.key("b", self.source_id)
        self.visibility_key = reads.key("v", self.source_id)
        self.tags_key = reads.key("g", self.source_id)

    @property
    def values(self) -> dict:
        reads.note(self.front_key)
        return self.fields

    @property
    def body(self) -> str:
        reads.note(self.body_key)
        return self.markdown

    @property
    def html(self) -> str:
        reads.note(self.body_key)
        return self.rendered

    @property
    def links(self) -> tuple[BodyLink, ...]:
        reads.note(self.body_key)
        return self.body_links

    @links.setter
    def links(self, links) -> None:
        self.body_links = tuple(links)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)

    def get(self, name: str, default=None):
        spec: FieldSpec | None = self.item.specs.get(name)
        if spec is None or not spec.per_language:
            return self.item.neutral.get(name, default)
        if name in self.values:
            return self.values[name]
        if spec.inherited_by_translations:
            for other in self.item.translations_in_order(self.lang):
                if name in other.values:
                    return other.values[name]
        return default

    @property
    def title(self) -> str:
        """Plain text: a phrase marked ``[…]{lang=xx}`` loses its mark (see title_html)."""
        return phrases.plain(self.values["title"])

    @property
    def title_html(self):
        """The title for HTML: escaped, each marked phrase in a ``<span lang>``."""
        return phrases.html(self.values["title"])

    @property
    def summary(self) -> str | None:
        return self.values.get("summary")

    @property
    def slug(self) -> str:
        if self._slug is None:
            self._slug = self.values.get("slug") or slugify(self.title, self.lang)
        reads.note(self.front_key)  # kept, but still a read of the front matter
        return self._slug

    @property
    def tags(self) -> tuple[str, ...]:
        return self.values.get("tags", ())

    @property
    def tag_slugs(self) -> frozenset[str]:
        """(Related items are scored by these: a read of the tags only, not of the whole front matter.)"""
        if self._tag_slugs is None:
            self._tag_slugs = frozenset(slugify(tag, self.lang) for tag in self.fields.get("tags", ()))
        reads.note(self.tags_key)
        return self._tag_slugs

    @property
    def is_draft(self) -> bool:
        reads.note(self.front_key)
        return self._draft()

    def _draft(self) -> bool:
        return self.fields.get("status", "published") == "draft"

    @property
    def published(self) -> bool:
        """(Asked of every translation of every item listed anywhere: a read of this answer only.)"""
        reads.note(self.visibility_key)
        return (not self._draft()) if self.visible is None else self.visible

    @property
    def section(self) -> str:
        return self.item.section

    @property
    def key(self) -> str:
        return self.item.key


@dataclass(eq=False)
class Item:
    """One folder. Reads of its shared fields and of which translations it has are recorded (``reads``)."""

    section: str
    key: str
    folder: Path
    by_lang: dict[str, Translation] = field(default_factory=dict)  # (read it through ``translations``)
    shared: dict = field(default_factory=dict)  # language-neutral fields (read them through ``neutral``)
    attachments: tuple[str, ...] = ()
    _sort_moment: dt.datetime | None = field(default=None, repr=False)
    _sort_timestamp: float | None = field(default=None, repr=False)

    def __post_init__(self):
        self.item_key = reads.key("i", f"{self.section}/{self.key}")

    @property
    def translations(self) -> dict[str, Translation]:
        reads.note(self.item_key)
        return self.by_lang

    @translations.setter
    def translations(self, translations: dict[str, Translation]) -> None:
        self.by_lang = translations

    @property
    def neutral(self) -> dict:
        reads.note(self.item_key)
        return self.shared

    @property
    def specs(self) -> dict[str, FieldSpec]:
        return specs_for(self.section)

    def translations_in_order(self, first: str | None = None) -> list[Translation]:
        """This item's translations, ``first`` first, then in the site's language order (the loader
        keeps ``translations`` in that order)."""
        translations = self.translations
        head = [translations[first]] if first in translations else []
        return head + [t for lang, t in translations.items() if lang != first]

    def published_translations(self) -> dict[str, Translation]:
        return {lang: t for lang, t in self.translations.items() if t.published}

    @property
    def published(self) -> bool:
        return any(t.published for t in self.translations.values())

    @property
    def is_event(self) -> bool:
        return self.section == "events"

    @property
    def is_timed(self) -> bool:
        """An event with times (``start: 2019-06-06 09:30``), not an all-day one (``start: 2019-06-06``):
        the one place that decides it, for pages, calendars, JSON-LD and search."""
        return isinstance(self.neutral.get("start"), dt.datetime)

    def ends_after(self, now: dt.datetime) -> bool:
        """Not over at ``now``: an event until its end (an all-day event until the end of its last day)."""
        end = self.moment("end") or self.moment("start")
        if not self.is_timed:
            end = end + dt.timedelta(days=1)
        return end > now

    def is_scheduled(self, now: dt.datetime) -> bool:
        """Dated after ``now`` in a section whose date is a publication date (shown in preview only)."""
        if not SECTIONS[self.section].scheduled:
            return False
        date = self.moment("date")
        return date is not None and date > now

    @property
    def timezone(self) -> str:
        return self.neutral.get("timezone", DEFAULT_TIMEZONE)

    def moment(self, name: str) -> dt.datetime | None:
        """A date field as an aware datetime in the item's time zone (midnight for a plain date)."""
        value = self.neutral.get(name)
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return value.replace(tzinfo=ZoneInfo(self.timezone))

    @property
    def sort_moment(self) -> dt.datetime:
        if self._sort_moment is None:
            self._sort_moment = next(
                (m for m in (self.moment("date"), self.moment("start")) if m is not None),
                dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
            )
        reads.note(self.item_key)
        return self._sort_moment

    @property
    def sort_timestamp(self) -> float:
        if self._sort_timestamp is None:
            self._sort_timestamp = self.sort_moment.timestamp()
        reads.note(self.item_key)
        return self._sort_timestamp


@dataclass
class ContentTree:
    """Every item of every section, validated."""

    items: dict[str, dict[str, Item]]  # section → key → item

    def section(self, name: str) -> list[Item]:
        reads.note(reads.key("s", name))
        return list(self.items.get(name, {}).values())

    def all_items(self) -> list[Item]:
        for name in self.items:
            reads.note(reads.key("s", name))
        return [item for section in self.items.values() for item in section.values()]

    def find(self, section: str, key: str) -> Item | None:
        reads.note(reads.key("i", f"{section}/{key}"))  # also when it is not there: adding it changes the answer
        return self.items.get(section, {}).get(key)
