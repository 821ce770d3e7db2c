"""The rules that decide what a reader of a language is shown of an item: its own translation or a
fallback, whether an event is still upcoming, in which order a section lists its items, and what a
reference to another item (an organiser, a publisher) shows. One function per rule."""

from __future__ import annotations

from ess_config import SiteConfig

from ess_content.model import ContentTree, Item, Translation, slugify

from .pages import Entry
from .urls import UrlScheme

#: related items are chosen among the newest this many entries of each shared tag
RELATED_CANDIDATES = 50
#: the fields that name members by key (a publisher may also be plain text)
REFERENCE_FIELDS = ("organisers", "publisher")


class EntryRules:
    def __init__(self, tree: ContentTree, config: SiteConfig, urls: UrlScheme):
        self.tree = tree
        self.config = config
        self.urls = urls

    def fallback_for(self, item: Item, lang: str) -> Translation | None:
        """The translation shown to a reader of ``lang``: their own, else the first in the fallback order."""
        published = item.published_translations()
        for candidate in (lang, *self.config.fallbacks(lang)):
            if candidate in published:
                return published[candidate]
        return None

    def entry(self, item: Item, lang: str) -> Entry | None:
        shown = self.fallback_for(item, lang)
        if shown is None:
            return None
        upcoming = self.is_upcoming(item) if item.is_event else None
        path = self.urls.translation_path(shown)
        return Entry(item, lang, shown, path, self.urls.href(path), upcoming)

    def is_upcoming(self, item: Item) -> bool:
        """An event is upcoming until it ends (an all-day event until the end of its last day)."""
        return item.ends_after(self.config.now)

    def references(self, item: Item, field: str, lang: str) -> list[Entry | str]:
        """What a page, its JSON-LD and its calendar show for a field naming members (``organisers``,
        ``publisher``), in ``lang``. The one policy: a member published in this build is an Entry (a link,
        in a fallback language if need be); a member with no published translation (drafts only, in a
        published build) is left out everywhere, never linked or named; text that names no member (a
        publisher written as a name) stays text."""
        shown: list[Entry | str] = []
        for value in field_values(item.neutral.get(field)):
            member = self.tree.find("members", value)
            if member is None:
                if field == "publisher":
                    shown.append(value)
                continue
            entry = self.entry(member, lang)
            if entry is not None:
                shown.append(entry)
        return shown

    def hidden_references(self) -> list[tuple[Translation, str, str]]:
        """(translation, field, member key) of every published translation naming a member this build does
        not publish: the build warns about them (the pages leave them out, see ``references``)."""
        hidden = []
        for item in self.tree.all_items():
            visible = [t for t in item._translations.values() if t.published]
            if not visible:
                continue
            for field in REFERENCE_FIELDS:
                for value in field_values(item._neutral.get(field)):
                    member = self.tree.items.get("members", {}).get(value)
                    if member is not None and not member.published:
                        hidden.append((visible[0], field, value))
        return hidden

    # -- order of a listing ------------------------------------------------------------------------

    def order_events(self, entries: list[Entry]) -> list[Entry]:
        """Upcoming events soonest first, then past events newest first."""
        upcoming = sorted((e for e in entries if e.upcoming), key=lambda e: (e.item.sort_timestamp, e.item.key))
        past = sorted((e for e in entries if not e.upcoming), key=lambda e: (-e.item.sort_timestamp, e.item.key))
        return upcoming + past

    def sorted_entries(self, section: str, lang: str) -> list[Entry]:
        entries = [e for e in (self.entry(item, lang) for item in self.tree.section(section)) if e is not None]
        entries = [e for e in entries if not self.is_home(e.item)]
        order = self.config.sections[section].order
        if order == "title":
            return sorted(
                entries, key=lambda e: (e.item.neutral.get("menu", 10**6), slugify(e.shown.title), e.item.key)
            )
        if order == "events":
            return self.order_events(entries)
        return sorted(entries, key=lambda e: (-e.item.sort_timestamp, e.item.key))

    def is_home(self, item: Item) -> bool:
        """The home page's text: shown by each language's home page, never as a page of its own."""
        return item.section == "pages" and item.key == self.config.home_key


def field_values(raw) -> tuple[str, ...]:
    """The values of a field holding one value or a list: a reference (``organisers``, ``publisher``),
    a facet of a listing (``territory``, ``themes``)."""
    return (raw,) if isinstance(raw, str) else tuple(raw or ())
