"""Typed, validated content: items, their translations and the values they inherit.

Nothing here knows about URLs, templates or Pelican: the site map (ess_routes) decides those.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from unidecode import unidecode

from . import reads
from .fields import FieldSpec, specs_for
from .vocabulary import DEFAULT_TIMEZONE, LANGUAGES

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
    item: Item
    lang: str
    path: Path
    values: dict  # per-language fields written in this file, typed
    markdown: str  # the body as written (read it through ``body``, which records the read)
    body_line: int
    lines: dict = field(default_factory=dict)  # field name → line in the file
    rendered: str = ""  # the body as sanitised HTML (read it through ``html``)
    links: tuple[BodyLink, ...] = ()
    source_id: str = ""  # the file's path inside the content tree: 'news/launch/fr.md'
    front_digest: str = ""  # of the front matter's text: a change there may change any page
    body_digest: str = ""  # of the body's text: a change there changes the pages that read it

    @property
    def body(self) -> str:
        reads.note(self.source_id)
        return self.markdown

    @property
    def html(self) -> str:
        reads.note(self.source_id)
        return self.rendered

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
        return self.values["title"]

    @property
    def summary(self) -> str | None:
        return self.values.get("summary")

    @cached_property
    def slug(self) -> str:
        return self.values.get("slug") or slugify(self.title, self.lang)

    @property
    def tags(self) -> tuple[str, ...]:
        return self.values.get("tags", ())

    @cached_property
    def tag_slugs(self) -> frozenset[str]:
        return frozenset(slugify(tag, self.lang) for tag in self.tags)

    #: set by ess_content.publication: shown on the site being built (a draft only in preview,
    #: a translation dated in the future only in preview until that date)
    visible: bool | None = None

    @property
    def is_draft(self) -> bool:
        return self.values.get("status", "published") == "draft"

    @property
    def published(self) -> bool:
        return (not self.is_draft) if self.visible is None else self.visible

    @property
    def section(self) -> str:
        return self.item.section

    @property
    def key(self) -> str:
        return self.item.key


@dataclass(eq=False)
class Item:
    section: str
    key: str
    folder: Path
    translations: dict[str, Translation] = field(default_factory=dict)
    neutral: dict = field(default_factory=dict)
    attachments: tuple[str, ...] = ()

    @property
    def specs(self) -> dict[str, FieldSpec]:
        return specs_for(self.section)

    def translations_in_order(self, first: str | None = None) -> list[Translation]:
        order = ([first] if first else []) + [lang for lang in LANGUAGES if lang != first]
        return [self.translations[lang] for lang in order if lang in self.translations]

    def published_translations(self) -> dict[str, Translation]:
        return {lang: t for lang, t in self.translations.items() if t.published}

    @property
    def published(self) -> bool:
        return any(t.published for t in self.translations.values())

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

    @cached_property
    def sort_timestamp(self) -> float:
        return self.sort_moment.timestamp()

    @cached_property
    def sort_moment(self) -> dt.datetime:
        for name in ("date", "start"):
            moment = self.moment(name)
            if moment is not None:
                return moment
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class ContentTree:
    """Every item of every section, validated."""

    items: dict[str, dict[str, Item]]  # section → key → item

    def section(self, name: str) -> list[Item]:
        return list(self.items.get(name, {}).values())

    def all_items(self) -> list[Item]:
        return [item for section in self.items.values() for item in section.values()]

    def find(self, section: str, key: str) -> Item | None:
        return self.items.get(section, {}).get(key)
