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
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class _Transliteration(dict):
    """Code point → ASCII, filled as characters are met: unidecode transliterates each character on its own,
    so translating a text through this table gives unidecode's result for the whole text, without its Python
    loop over every character of every title (``first``: replacements that come before unidecode's)."""

    def __init__(self, first: dict[int, str]):
        super().__init__(first)

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = replacement = unidecode(chr(codepoint))
        return replacement


_TRANSLITERATION = {None: _Transliteration({}), "de": _Transliteration(_GERMAN_UMLAUTS)}


@functools.lru_cache(maxsize=1 << 16)  # asked again and again for the same tags and titles
def slugify(title: str, lang: str | None = None) -> str:
    """ASCII slug of a title: 'Lancement à Echternach' → 'lancement-a-echternach'; German umlauts → ae/oe/ue."""
    if not title.isascii():
        title = title.translate(_TRANSLITERATION["de" if lang == "de" else None])
    slug = _NOT_SLUG.sub("-", title.lower()).strip("-")
    return slug[:80].rstrip("-") or "item"


@dataclass(frozen=True)
class BodyLink:
    """A relative link written in a Markdown body, resolved against the content tree."""

    target: str  # as written (href/src value)
    attachment: str | None = None  # a file of the same item
    item_ref: tuple[str, str, str] | None = None  # (section, key, lang) of another translation


@dataclass(eq=False)
class Translation:
    """One file. Reads of ``values`` (its front matter, typed) and of ``html`` and ``links`` (its body) are
    recorded (``reads.Recorded``) for incremental builds; the same data under a name with an underscore is
    read without being recorded, by code that notes a coarser key itself."""

    item: Item
    lang: str
    path: Path
    _values: dict  # per-language fields written in this file, typed
    _markdown: str  # the body as written: only the loader converts it, and lets it go then (see _take_converted)
    body_line: int
    lines: dict = field(default_factory=dict)  # field name → line in the file
    _html: str = ""  # the body as sanitised HTML
    _links: tuple[BodyLink, ...] = ()
    _link_targets: tuple[str, ...] = ()  # the body's links into the content tree, as written (read time only)
    _remote_images: tuple[str, ...] = ()  # the body's images on another host (a problem; read time only)
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

    values = reads.Recorded("front_key")
    html = reads.Recorded("body_key")
    links = reads.Recorded("body_key")  # the relative links of the body, resolved (BodyLink)

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
    def city(self) -> str | None:
        """The city as this language writes it (``city_name``: Tréier), else the shared ``city`` (Trier)."""
        return self.get("city_name") or self.get("city")

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
            self._tag_slugs = frozenset(slugify(tag, self.lang) for tag in self._values.get("tags", ()))
        reads.note(self.tags_key)
        return self._tag_slugs

    @property
    def is_draft(self) -> bool:
        reads.note(self.front_key)
        return self._draft()

    def _draft(self) -> bool:
        return self._values.get("status", "published") == "draft"

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
    """One folder. Reads of ``neutral`` (its language-neutral fields) and ``translations`` (which it has, in
    the site's language order) are recorded; ``_neutral`` and ``_translations`` are the same, unrecorded."""

    section: str
    key: str
    folder: Path
    _translations: dict[str, Translation] = field(default_factory=dict)
    _neutral: dict = field(default_factory=dict)
    attachments: tuple[str, ...] = ()
    #: the raster images among the attachments (name → ess_images.ImageInfo), set by the image stage of
    #: ess_pipeline: each is published as resized, metadata-free copies instead of the file itself
    images: dict = field(default_factory=dict)
    _sort_moment: dt.datetime | None = field(default=None, repr=False)
    _sort_timestamp: float | None = field(default=None, repr=False)
    _moments: dict = field(default_factory=dict, repr=False)  # see moment()

    def __post_init__(self):
        self.item_key = reads.key("i", f"{self.section}/{self.key}")

    translations = reads.Recorded("item_key")
    neutral = reads.Recorded("item_key")

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
        """A date field as an aware datetime in the item's time zone (midnight for a plain date); worked out
        once per field (asked 31,000 times in a build at 2,000 items), still a read of the neutral fields."""
        moments = self._moments
        if name in moments:
            reads.note(self.item_key)
            return moments[name]
        value = self.neutral.get(name)
        if value is not None:
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            value = value.replace(tzinfo=ZoneInfo(self.timezone))
        moments[name] = value
        return value

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
