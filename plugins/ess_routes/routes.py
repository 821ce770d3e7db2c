"""Questions about the built site map: the one object templates and outputs ask for links, entries,
listings, menus and related items. URLs come from :class:`UrlScheme`, the pages from :func:`build_site_map`,
the rules from :class:`EntryRules`; every answer notes what it read (``ess_content.reads``)."""

from __future__ import annotations

import heapq

from ess_config import SiteConfig

from ess_content import reads
from ess_content.model import ContentTree, Item, Translation, slugify

from .body_links import rewrite_body
from .builder import build_site_map
from .entries import RELATED_CANDIDATES, EntryRules
from .pages import Entry, MenuEntry, OutputPage
from .urls import UrlScheme


class Routes(UrlScheme):
    def __init__(self, tree: ContentTree, config: SiteConfig):
        super().__init__(config)
        self.tree = tree
        self.rules = EntryRules(tree, config, self)
        self.site_map = build_site_map(tree, self, self.rules)
        self.pages = self.site_map.pages
        self._events_by_organiser: dict[str, list[Item]] | None = None
        self._menus: dict[str, list[MenuEntry]] = {}
        self._by_file: dict[str, OutputPage] | None = None
        self._candidates: dict[tuple[str, str], list[tuple] | None] = {}

    @property
    def problems(self):
        """Address clashes found while building the site map (contract problems)."""
        return self.site_map.problems

    # -- entries -----------------------------------------------------------------------------------

    def item_page(self, item: Item, lang: str) -> OutputPage | None:
        reads.note(item.item_key)  # which translations it has decides whether there is one
        return self.site_map.item_pages.get((item.section, item.key, lang))

    def fallback_for(self, item: Item, lang: str) -> Translation | None:
        return self.rules.fallback_for(item, lang)

    def entry(self, item: Item, lang: str) -> Entry | None:
        return self.rules.entry(item, lang)

    def is_upcoming(self, item: Item) -> bool:
        return self.rules.is_upcoming(item)

    def references(self, item: Item, field: str, lang: str) -> list[Entry | str]:
        """Organisers or publisher as shown in ``lang`` (the policy is in ``EntryRules.references``)."""
        return self.rules.references(item, field, lang)

    def related(self, translation: Translation, limit: int = 3) -> list[Entry]:
        """Items of the same language sharing tags with this one: most shared tags first, then newest.
        Candidates are the newest RELATED_CANDIDATES of each tag (a tag shared by thousands of items
        would otherwise make every page scan the whole site)."""
        reads.note(f"T:{translation.lang}")
        candidates: dict[int, tuple] = {}
        for tag_slug in translation.tag_slugs:
            reads.note(f"r:{translation.lang}/{tag_slug}")  # its digest covers the candidates' tags and dates
            listed = self.related_candidates(translation.lang, tag_slug)
            if listed is None:
                continue
            for candidate in listed:
                if candidate[0] is not translation:
                    candidates[id(candidate[0])] = candidate
        own = translation.tag_slugs
        scored = heapq.nsmallest(
            limit, ((-len(own & slugs), recency, other) for other, slugs, recency in candidates.values())
        )
        return [self.entry(other.item, translation.lang) for _, _, other in scored]

    def related_candidates(self, lang: str, tag_slug: str) -> list[tuple] | None:
        """The newest RELATED_CANDIDATES shown under a tag, each with its tags and its place by date (newest
        first, then section and key: unique, so ties never compare translations); kept for the build, each
        page noting the key ``r:<lang>/<tag slug>``, whose digest covers all three (``ess_routes.digests``)."""
        found = self._candidates.get((lang, tag_slug), False)
        if found is False:
            entries = self.site_map.tag_entries.get(lang, {}).get(tag_slug)
            with reads.paused():
                found = self._candidates[lang, tag_slug] = (
                    None
                    if entries is None
                    else [
                        (e.shown, e.shown.tag_slugs, (-e.item.sort_timestamp, e.item.section, e.item.key))
                        for e in entries[:RELATED_CANDIDATES]
                    ]
                )
        return found

    def _organisers(self) -> dict[str, list[Item]]:
        if self._events_by_organiser is None:
            self._events_by_organiser = {}
            with reads.paused():  # kept for every page: each notes its own key instead
                for event in self.tree.section("events"):
                    for key in event.neutral.get("organisers", ()):
                        self._events_by_organiser.setdefault(key, []).append(event)
        return self._events_by_organiser

    def organised_events(self, member: Item, lang: str) -> list[Entry]:
        reads.note(f"o:{member.key}")
        events = self._organisers().get(member.key, [])
        entries = [e for e in (self.entry(item, lang) for item in events) if e is not None]
        return self.rules.order_events(entries)

    def facet_list(self, section: str, lang: str, field: str, value: str) -> OutputPage | None:
        """The first page of the list of a section's items with one value of a field (the events a member
        organises: ``facet_list("events", lang, "organisers", key)``)."""
        reads.note(f"L:{section}/{lang}")
        pages = self.site_map.facet_pages.get((section, lang, field, value))
        return pages[0] if pages else None

    def listing(self, section: str, lang: str) -> tuple[OutputPage, ...]:
        reads.note(f"L:{section}/{lang}")
        return self.site_map.listing_pages.get((section, lang), ())

    def tag_page(self, lang: str, tag: str) -> OutputPage | None:
        reads.note(f"T:{lang}")
        return self.site_map.tag_pages.get(lang, {}).get(slugify(tag, lang))

    def menu(self, lang: str) -> list[MenuEntry]:
        reads.note(f"m:{lang}")
        if lang not in self._menus:
            with reads.paused():  # kept for every page: each notes the menu's key instead
                self._menus[lang] = self._menu(lang)
        return self._menus[lang]

    def _menu(self, lang: str) -> list[MenuEntry]:
        entries = []
        for section in self.config.menu_sections:
            if any(item.published for item in self.tree.section(section)):
                href = self.href(self.section_path(section, lang))
                entries.append(MenuEntry(f"section:{section}", section, None, href, None))
        menu_pages = sorted(
            (item for item in self.tree.section("pages") if "menu" in item.neutral and not self.rules.is_home(item)),
            key=lambda item: (item.neutral["menu"], item.key),
        )
        for item in menu_pages:
            entry = self.entry(item, lang)
            if entry is not None:
                hreflang = entry.shown.lang if entry.is_fallback else None
                entries.append(MenuEntry(f"page:{item.key}", None, entry.shown.title, entry.href, hreflang))
        return entries

    def home_translation(self, lang: str) -> Translation | None:
        home = self.tree.find("pages", self.config.home_key)
        return self.fallback_for(home, lang) if home is not None else None

    def rewrite_body(self, translation: Translation, fragment: str | None = None) -> str:
        """The body's relative links pointed at their published addresses."""
        return rewrite_body(self, translation, fragment)

    # -- incremental builds ------------------------------------------------------------------------

    def page_at(self, save_as: str) -> OutputPage | None:
        if self._by_file is None:
            self._by_file = {page._save_as: page for page in self.pages}
        return self._by_file.get(save_as)

    def tag_pages_of(self, lang: str):
        return self.site_map.tag_pages.get(lang, {})

    def organisers_of(self, member_key: str) -> list[Item]:
        return self._organisers().get(member_key, [])
