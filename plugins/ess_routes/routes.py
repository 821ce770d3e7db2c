"""The site map: every output page, its URL, and every relation between languages, decided once.

Everything that prints a link asks this module; templates never build URLs by concatenation.
Paths are relative to the output root without a leading slash (``fr/actualites/``); ``href()``
turns them into links (root-relative in preview, absolute under ``SITEURL`` when publishing).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from ess_content import reads
from ess_content.cache_files import value_digest
from ess_content.errors import ContentError, ContentProblem, display_path
from ess_content.model import ContentTree, Item, Translation, slugify
from ess_i18n.tools import _t

from .config import RouteConfig

LISTED_SECTIONS = ("news", "events", "resources", "members", "pages")
RELATED_CANDIDATES = 50


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
class MenuEntry:
    menu_key: str
    label_msgid: str | None  # a UI string (section name) translated by the template
    title: str | None  # a page's own title
    href: str
    hreflang: str | None  # set when the target is in another language than the menu


PAGE_IDENTITY = frozenset({"kind", "lang", "path", "save_as", "menu_key", "canonical", "section", "tag", "number"})


@dataclass(eq=False)
class OutputPage:
    """One HTML file of the site and everything its head and header need. Reading it while an output is
    recorded notes ``a:<save_as>`` for what names and places it (kind, language, address: a link to it)
    and ``p:<save_as>`` for the rest (entries, neighbours, alternates, switcher)."""

    def __getattribute__(self, name):
        if reads.open_records and name[0] != "_":
            save_as = object.__getattribute__(self, "save_as")
            reads.note(reads.key("a" if name in PAGE_IDENTITY else "p", save_as))
        return object.__getattribute__(self, name)

    kind: str  # root, home, item, listing, tags, tag, notfound
    lang: str
    path: str
    save_as: str
    menu_key: str | None = None
    alternates: list[Alternate] = field(default_factory=list)
    switcher: list[SwitchTarget] = field(default_factory=list)
    canonical: str | None = None
    # payload, by kind
    translation: Translation | None = None
    section: str | None = None
    entries: list[Entry] = field(default_factory=list)
    number: int = 1
    count: int = 1
    previous: OutputPage | None = None
    next: OutputPage | None = None
    tag: str | None = None
    tags: list = field(default_factory=list)


class Routes:
    def __init__(self, tree: ContentTree, config: RouteConfig):
        self.tree = tree
        self.config = config
        self.languages = config.languages
        self.pages: list[OutputPage] = []
        self._item_pages: dict[tuple[str, str, str], OutputPage] = {}
        self._listing_pages: dict[tuple[str, str], list[OutputPage]] = {}
        self._entry_page: dict[tuple[str, str, str], OutputPage] = {}
        self._tag_pages: dict[str, dict[str, OutputPage]] = {}
        self._singletons: dict[tuple[str, str], OutputPage] = {}
        self._events_by_organiser: dict[str, list[Item]] | None = None
        self._menus: dict[str, list[MenuEntry]] = {}
        self._by_file: dict[str, OutputPage] | None = None
        self._build()

    # -- links -----------------------------------------------------------------------------------

    def href(self, path: str) -> str:
        return f"{self.config.siteurl}/{path}"

    def absolute(self, path: str, origin: str) -> str:
        return f"{self.config.siteurl or origin.rstrip('/')}/{path}"

    def attachment_path(self, item: Item, name: str) -> str:
        return f"{self.config.attachments_path}/{item.section}/{item.key}/{quote(name)}"

    def attachment_href(self, item: Item, name: str) -> str:
        return self.href(self.attachment_path(item, name))

    def home_path(self, lang: str) -> str:
        return f"{lang}/"

    def event_calendar_path(self, translation: Translation) -> str:
        """One iCalendar file per published event translation, beside its page."""
        return f"{self.translation_path(translation)}{translation.slug}.ics"

    def calendar_path(self, lang: str) -> str:
        """The calendar of all events, in one language (slugs have no dot, so this never clashes)."""
        return f"{self.section_path('events', lang)}calendar.ics"

    def status_path(self, lang: str) -> str:
        """The editors' translation status (preview builds only)."""
        return f"{lang}/translation-status/"

    def search_path(self, lang: str) -> str:
        return f"{lang}/{self.config.search_paths[lang]}/"

    def search_data_path(self, lang: str, kind: str) -> str:
        """The search index ('index') or result store ('store') of one language."""
        return f"search/{lang}.{kind}.json"

    def tags_path(self, lang: str) -> str:
        return f"{lang}/{self.config.tag_paths[lang]}/"

    def feed_path(self, lang: str) -> str:
        return f"{lang}/feed.atom"

    def section_path(self, section: str, lang: str) -> str:
        return f"{lang}/{self.config.section_paths[section][lang]}/"

    def translation_path(self, translation: Translation) -> str:
        item = translation.item
        if item.section == "pages":
            if item.key == self.config.home_key:
                return self.home_path(translation.lang)
            return f"{translation.lang}/{translation.slug}/"
        return f"{self.section_path(item.section, translation.lang)}{translation.slug}/"

    # -- questions templates and outputs ask ------------------------------------------------------

    def item_page(self, item: Item, lang: str) -> OutputPage | None:
        reads.note(item.item_key)  # which translations it has decides whether there is one
        return self._item_pages.get((item.section, item.key, lang))

    def fallback_for(self, item: Item, lang: str) -> Translation | None:
        """The translation shown to a reader of ``lang``: their own, else the first in the fallback order."""
        published = item.published_translations()
        for candidate in (lang, *self.config.fallbacks[lang]):
            if candidate in published:
                return published[candidate]
        return None

    def entry(self, item: Item, lang: str) -> Entry | None:
        shown = self.fallback_for(item, lang)
        if shown is None:
            return None
        upcoming = self.is_upcoming(item) if item.section == "events" else None
        path = self.translation_path(shown)
        return Entry(item, lang, shown, path, self.href(path), upcoming)

    def is_upcoming(self, item: Item) -> bool:
        """An event is upcoming until it ends (an all-day event until the end of its last day)."""
        end = item.moment("end") or item.moment("start")
        if not isinstance(item.neutral.get("end") or item.neutral.get("start"), dt.datetime):
            end = end + dt.timedelta(days=1)
        return end > self.config.now

    def member_entry(self, key: str, lang: str) -> Entry | None:
        member = self.tree.find("members", key)
        return self.entry(member, lang) if member is not None else None

    def related(self, translation: Translation, limit: int = 3) -> list[Entry]:
        """Items of the same language sharing tags with this one: most shared tags first, then newest.
        Candidates are the newest RELATED_CANDIDATES of each tag (a tag shared by thousands of items
        would otherwise make every page scan the whole site)."""
        reads.note(f"T:{translation.lang}")
        pages = self._tag_pages.get(translation.lang, {})
        candidates: dict[int, Translation] = {}
        for tag_slug in translation.tag_slugs:
            page = pages.get(tag_slug)
            if page is None:
                continue
            with reads.paused():  # only the candidates count, not the whole tag page:
                entries = page.entries[:RELATED_CANDIDATES]
                reads_key = f"r:{page.save_as}"
            reads.note(reads_key)
            for entry in entries:
                if entry.shown is not translation:
                    candidates[id(entry.shown)] = entry.shown
        own = translation.tag_slugs
        with reads.paused():  # scored by each candidate's tags and date: one note of each, not one per comparison
            scored = sorted(
                candidates.values(),
                key=lambda other: (
                    -len(own & other.tag_slugs),
                    -other.item.sort_timestamp,
                    other.item.section,
                    other.item.key,
                ),
            )
        reads.note_all(key for other in candidates.values() for key in (other.tags_key, other.item.item_key))
        return [self.entry(other.item, translation.lang) for other in scored[:limit]]

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
        return self._order_events(entries)

    def _order_events(self, entries: list[Entry]) -> list[Entry]:
        """Upcoming events soonest first, then past events newest first."""
        upcoming = sorted((e for e in entries if e.upcoming), key=lambda e: (e.item.sort_timestamp, e.item.key))
        past = sorted((e for e in entries if not e.upcoming), key=lambda e: (-e.item.sort_timestamp, e.item.key))
        return upcoming + past

    def listing(self, section: str, lang: str) -> list[OutputPage]:
        reads.note(f"L:{section}/{lang}")
        return self._listing_pages.get((section, lang), [])

    def tag_page(self, lang: str, tag: str) -> OutputPage | None:
        reads.note(f"T:{lang}")
        return self._tag_pages.get(lang, {}).get(slugify(tag, lang))

    def menu(self, lang: str) -> list[MenuEntry]:
        reads.note(f"m:{lang}")
        if lang not in self._menus:
            with reads.paused():  # kept for every page: each notes the menu's key instead
                self._menus[lang] = self._menu(lang)
        return self._menus[lang]

    # -- digests of what the keys above stand for (incremental builds compare them) ----------------

    def digest_of(self, key: str) -> str | None:
        """The current state of a site map key noted by ``reads`` (None: it does not exist)."""
        kind, _, rest = key.partition(":")
        if kind in ("p", "a", "r"):
            page = self._pages_by_file().get(rest)
            if page is None:
                return None
            if kind == "a":
                return value_digest([getattr(page, name) for name in sorted(PAGE_IDENTITY)])
            if kind == "r":  # which translations are candidates; their tags, dates, titles are keys of their own
                return value_digest([entry.shown.source_id for entry in page.entries[:RELATED_CANDIDATES]])
            return value_digest(_page_state(page))
        if kind == "L":
            section, lang = rest.split("/")
            return value_digest([page.save_as for page in self._listing_pages.get((section, lang), [])])
        if kind == "T":
            return value_digest(sorted((slug, page.save_as) for slug, page in self._tag_pages.get(rest, {}).items()))
        if kind == "m":
            return value_digest([repr(entry) for entry in self.menu(rest)])
        if kind == "o":
            return value_digest([f"{event.section}/{event.key}" for event in self._organisers().get(rest, [])])
        raise KeyError(f"not a site map key: {key}")

    def _pages_by_file(self) -> dict[str, OutputPage]:
        if self._by_file is None:
            self._by_file = {page.save_as: page for page in self.pages}
        return self._by_file

    def _menu(self, lang: str) -> list[MenuEntry]:
        entries = []
        for section in self.config.menu_sections:
            if any(item.published for item in self.tree.section(section)):
                entries.append(
                    MenuEntry(f"section:{section}", section, None, self.href(self.section_path(section, lang)), None)
                )
        menu_pages = sorted(
            (
                item
                for item in self.tree.section("pages")
                if "menu" in item.neutral and item.key != self.config.home_key
            ),
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

    def rewrite_body(self, translation: Translation) -> str:
        """The body's relative links pointed at their published addresses."""
        fragment = translation.html
        replacements = {}
        for link in translation.links:
            anchor = link.target.split("#", 1)[1] if "#" in link.target else ""
            if link.attachment:
                new = self.attachment_href(translation.item, link.attachment)
            else:
                section, key, lang = link.item_ref
                entry = self.entry(self.tree.find(section, key), lang)
                new = entry.href if entry else self.href(self.home_path(lang))
            replacements[link.target] = new + (f"#{anchor}" if anchor else "")
        if not replacements:
            return fragment

        def substitute(match: re.Match) -> str:
            target = html.unescape(match.group(2))
            if target in replacements:
                return f'{match.group(1)}="{html.escape(replacements[target], quote=True)}"'
            return match.group(0)

        return re.sub(r'\b(href|src)="([^"]*)"', substitute, fragment)

    # -- building the map ---------------------------------------------------------------------------

    def _build(self):
        self._add(OutputPage("root", self.config.default_lang, "", "index.html"))
        for lang in self.languages:
            self._add(OutputPage("home", lang, self.home_path(lang), f"{lang}/index.html", menu_key="home"))
            self._add(OutputPage("notfound", lang, f"{lang}/404.html", f"{lang}/404.html"))
            search = self.search_path(lang)
            self._add(OutputPage("search", lang, search, f"{search}index.html", menu_key="search"))
            if self.config.preview:  # for editors, never published
                status = self.status_path(lang)
                self._add(OutputPage("status", lang, status, f"{status}index.html"))
            for section in LISTED_SECTIONS:
                self._build_listing(section, lang)
            self._build_tags(lang)
        self._add(OutputPage("rootnotfound", self.config.default_lang, "404.html", "404.html"))
        for item in self.tree.all_items():
            for lang, translation in item.published_translations().items():
                if item.section == "pages" and item.key == self.config.home_key:
                    continue  # the home text is shown by each language's home page
                path = self.translation_path(translation)
                page = OutputPage(
                    "item", lang, path, f"{path}index.html", translation=translation, section=item.section
                )
                page.menu_key = f"page:{item.key}" if item.section == "pages" else f"section:{item.section}"
                self._item_pages[(item.section, item.key, lang)] = page
                self._add(page)
        self._check_collisions()
        for page in self.pages:
            page.alternates = self._alternates(page)
            page.switcher = self._switcher(page)
            if page.kind not in ("notfound", "rootnotfound"):
                page.canonical = self.href(page.path)

    def _add(self, page: OutputPage):
        self.pages.append(page)
        if page.kind in ("home", "tags", "search", "notfound", "status"):
            self._singletons[(page.kind, page.lang)] = page

    def _sorted_entries(self, section: str, lang: str) -> list[Entry]:
        entries = [e for e in (self.entry(item, lang) for item in self.tree.section(section)) if e is not None]
        if section == "pages":
            entries = [e for e in entries if e.item.key != self.config.home_key]
        if section in ("members", "pages"):

            def by_title(e: Entry):
                return (e.item.neutral.get("menu", 10**6), slugify(e.shown.title), e.item.key)

            return sorted(entries, key=by_title)
        if section == "events":
            return self._order_events(entries)
        return sorted(entries, key=lambda e: (-e.item.sort_timestamp, e.item.key))

    def _build_listing(self, section: str, lang: str):
        entries = self._sorted_entries(section, lang)
        per_page = len(entries) or 1 if section in self.config.unpaginated_sections else self.config.per_page
        chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
        base = self.section_path(section, lang)
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            path = base if number == 1 else f"{base}page/{number}/"
            page = OutputPage(
                "listing", lang, path, f"{path}index.html", menu_key=f"section:{section}",
                section=section, entries=chunk, number=number, count=len(chunks),
            )  # fmt: skip
            for entry in chunk:
                self._entry_page[(section, entry.item.key, lang)] = page
            pages.append(page)
            self._add(page)
        for before, after in zip(pages, pages[1:], strict=False):
            before.next, after.previous = after, before
        self._listing_pages[(section, lang)] = pages

    def _build_tags(self, lang: str):
        by_slug: dict[str, tuple[str, list[Entry]]] = {}
        for item in self.tree.all_items():
            translation = item.published_translations().get(lang)
            if translation is None:
                continue
            for tag in translation.tags:
                name, entries = by_slug.setdefault(slugify(tag, lang), (tag, []))
                path = self.translation_path(translation)
                entries.append(Entry(item, lang, translation, path, self.href(path)))
        base = self.tags_path(lang)
        tag_pages = {}
        for tag_slug, (name, entries) in sorted(by_slug.items()):
            entries.sort(key=lambda e: (-e.item.sort_timestamp, e.item.section, e.item.key))
            path = f"{base}{tag_slug}/"
            tag_pages[tag_slug] = OutputPage("tag", lang, path, f"{path}index.html", tag=name, entries=entries)
            self._add(tag_pages[tag_slug])
        self._tag_pages[lang] = tag_pages
        index = OutputPage("tags", lang, base, f"{base}index.html", tags=[tag_pages[s] for s in sorted(tag_pages)])
        self._add(index)

    def _check_collisions(self):
        owners: dict[str, OutputPage] = {}
        problems = []
        for page in self.pages:
            other = owners.get(page.save_as)
            if other is None:
                owners[page.save_as] = page
                continue
            mine = page if page.translation is not None else other
            theirs = other if mine is page else page
            if mine.translation is None:  # pragma: no cover - settings clash, not content
                raise ValueError(
                    f"two generated pages share the address /{page.path}: check SECTION_PATHS and TAG_PATHS"
                )
            clash = (
                display_path(theirs.translation.path)
                if theirs.translation
                else _t("the site's own page %(address)s", address=f"/{theirs.path}")
            )
            problems.append(
                ContentProblem(
                    display_path(mine.translation.path),
                    None,
                    "slug",
                    _t(
                        "the address %(address)s is already used by %(other)s; give this translation another 'slug'",
                        address=f"/{mine.path}",
                        other=clash,
                    ),
                )  # fmt: skip
            )
        if problems:
            raise ContentError(sorted(problems))

    def _alternates(self, page: OutputPage) -> list[Alternate]:
        root = self._alternate("x-default", "")
        if page.kind == "root":
            return [self._alternate(lang, self.home_path(lang)) for lang in self.languages] + [root]
        if page.kind in ("home", "listing", "tags", "search", "status"):
            targets = {lang: self._counterpart(page, lang) for lang in self.languages}
            return [self._alternate(lang, target.path) for lang, target in targets.items()] + [root]
        if page.kind == "item":
            item = page.translation.item
            alternates = []
            for lang in self.languages:
                other = self.item_page(item, lang)
                if other is not None:
                    alternates.append(self._alternate(lang, other.path))
            return alternates + [root]
        if page.kind == "tag":
            return [self._alternate(page.lang, page.path), root]
        return []

    def _alternate(self, hreflang: str, path: str) -> Alternate:
        return Alternate(hreflang, path, self.href(path))

    def _counterpart(self, page: OutputPage, lang: str) -> OutputPage:
        """The same page in another language (listing pages: the first page of that listing)."""
        if page.kind == "listing":
            pages = self.listing(page.section, lang)
            return pages[page.number - 1] if page.number <= len(pages) else pages[0]
        if page.kind == "tag":
            return self._singletons[("tags", lang)]
        return self._singletons[(page.kind, lang)]

    def _switcher(self, page: OutputPage) -> list[SwitchTarget]:
        if page.kind in ("root", "rootnotfound"):
            return []
        targets = []
        for lang in self.languages:
            translated = True
            if page.kind == "item":
                item = page.translation.item
                other = self.item_page(item, lang)
                if other is None:
                    translated = False
                    listing_page = self._entry_page.get((item.section, item.key, lang))
                    href = self.href(listing_page.path) + f"#{item.section}-{item.key}"
                else:
                    href = self.href(other.path)
            elif page.kind == "notfound":
                href = self.href(self.home_path(lang))
            else:
                href = self.href(self._counterpart(page, lang).path)
            targets.append(SwitchTarget(lang, href, translated, lang == page.lang))
        return targets


def _entry_state(entry: Entry) -> tuple:
    return (
        entry.item.section,
        entry.item.key,
        entry.lang,
        entry.shown.source_id,
        entry.path,
        entry.href,
        entry.upcoming,
    )


def _page_state(page: OutputPage) -> list:
    """Everything the site map decided for a page (the content it shows is recorded separately)."""
    return [
        page.kind, page.lang, page.path, page.save_as, page.menu_key, page.canonical, page.section,
        page.translation.source_id if page.translation is not None else None,
        [repr(alternate) for alternate in page.alternates], [repr(target) for target in page.switcher],
        [_entry_state(entry) for entry in page.entries], page.number, page.count,
        page.previous.save_as if page.previous else None, page.next.save_as if page.next else None,
        page.tag, [tag.save_as for tag in page.tags],
    ]  # fmt: skip
