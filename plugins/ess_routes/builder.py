"""Builds the site map once: every output page, its entries, alternates and switcher targets.

The result (:class:`SiteMap`) is not changed afterwards; address clashes come back as contract problems
beside it, so they are reported with every other problem of the tree in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from ess_content.errors import ContentProblem, display_path
from ess_content.model import ContentTree, slugify
from ess_content.vocabulary import FACET_VALUES
from ess_i18n.tools import _t

from .entries import REFERENCE_FIELDS, EntryRules, field_values
from .kinds import PageKind
from .pages import Alternate, Entry, FacetLinks, OutputPage, SwitchTarget
from .urls import UrlScheme


@dataclass(frozen=True)
class SiteMap:
    pages: tuple[OutputPage, ...]
    item_pages: MappingProxyType  # (section, key, lang) → the item's page in that language
    listing_pages: MappingProxyType  # (section, lang) → the listing's pages
    facet_pages: MappingProxyType  # (section, lang, field, value) → the pages listing the items with that value
    entry_pages: MappingProxyType  # (section, key, lang) → the listing page that lists the item
    tag_pages: MappingProxyType  # lang → tag slug → the tag's first page
    tag_entries: MappingProxyType  # lang → tag slug → every entry of the tag, newest first
    singletons: MappingProxyType  # (kind, lang) → the one page of that kind in that language
    problems: tuple[ContentProblem, ...]  # address clashes


def build_site_map(tree: ContentTree, urls: UrlScheme, rules: EntryRules) -> SiteMap:
    return _Builder(tree, urls, rules).build()


class _Builder:
    def __init__(self, tree: ContentTree, urls: UrlScheme, rules: EntryRules):
        self.tree, self.urls, self.rules, self.config = tree, urls, rules, urls.config
        self.pages: list[OutputPage] = []
        self.item_pages, self.listing_pages, self.entry_pages, self.facet_pages = {}, {}, {}, {}
        self.tag_pages: dict[str, dict[str, OutputPage]] = {}
        self.tag_entries: dict[str, dict[str, tuple[Entry, ...]]] = {}
        self.singletons: dict[tuple[str, str], OutputPage] = {}
        self._published: dict = {}  # item → its published translations (asked once per language otherwise)

    def build(self) -> SiteMap:
        config, urls = self.config, self.urls
        self._add(OutputPage(PageKind.ROOT, config.default_lang, "", "index.html"))
        for lang in config.codes:
            home = urls.home_path(lang)
            self._add(OutputPage(PageKind.HOME, lang, home, f"{home}index.html", menu_key="home"))
            self._add(OutputPage(PageKind.NOT_FOUND, lang, urls.not_found_path(lang), urls.not_found_path(lang)))
            search = urls.search_path(lang)
            self._add(OutputPage(PageKind.SEARCH, lang, search, f"{search}index.html", menu_key="search"))
            if config.preview:  # for editors, never published
                status = urls.status_path(lang)
                self._add(OutputPage(PageKind.STATUS, lang, status, f"{status}index.html"))
            for section in config.sections:
                self._build_listing(section, lang)
            self._build_tags(lang)
        self._add(OutputPage(PageKind.ROOT_NOT_FOUND, config.default_lang, "404.html", "404.html"))
        for item in self.tree.all_items():
            if self.rules.is_home(item):
                continue  # the home text is shown by each language's home page
            for lang, translation in self._published_translations(item).items():
                path = urls.translation_path(translation)
                menu_key = f"page:{item.key}" if item.section == "pages" else f"section:{item.section}"
                page = OutputPage(
                    PageKind.ITEM, lang, path, f"{path}index.html",
                    translation=translation, section=item.section, menu_key=menu_key,
                )  # fmt: skip
                self.item_pages[(item.section, item.key, lang)] = page
                self._add(page)
        problems = self._collisions()
        for page in self.pages:
            page._alternates = tuple(self._alternates(page))
            page._switcher = tuple(self._switcher(page))
            if page._kind not in (PageKind.NOT_FOUND, PageKind.ROOT_NOT_FOUND):
                page._canonical = urls.href(page._path)
        frozen = MappingProxyType
        return SiteMap(
            pages=tuple(self.pages),
            item_pages=frozen(self.item_pages),
            listing_pages=frozen({key: tuple(pages) for key, pages in self.listing_pages.items()}),
            facet_pages=frozen({key: tuple(pages) for key, pages in self.facet_pages.items()}),
            entry_pages=frozen(self.entry_pages),
            tag_pages=frozen({lang: frozen(pages) for lang, pages in self.tag_pages.items()}),
            tag_entries=frozen({lang: frozen(entries) for lang, entries in self.tag_entries.items()}),
            singletons=frozen(self.singletons),
            problems=tuple(problems),
        )

    def _published_translations(self, item) -> dict:
        published = self._published.get(item)
        if published is None:
            published = self._published[item] = item.published_translations()
        return published

    def _add(self, page: OutputPage):
        self.pages.append(page)
        if page._kind.one_per_language:
            self.singletons[(page._kind, page._lang)] = page

    def _paginated(self, kind: PageKind, lang: str, base: str, entries: list[Entry], per_page: int, **fields):
        """The pages of one listing or tag: ``base``, then ``base/page/2/``, ...; linked to each other."""
        chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            path = self.urls.numbered(base, number)
            page = OutputPage(
                kind, lang, path, f"{path}index.html", entries=chunk, number=number, count=len(chunks), **fields
            )
            page._size = len(entries)
            pages.append(page)
            self._add(page)
        for before, after in zip(pages, pages[1:], strict=False):
            before._next, after._previous = after, before
        for page in pages:
            page._first, page._last = pages[0], pages[-1]
        return pages

    def _build_listing(self, section: str, lang: str):
        entries = self.rules.sorted_entries(section, lang)
        base = self.urls.section_path(section, lang)
        pages = self._paginated(
            PageKind.LISTING, lang, base, entries, self.config.per_page, menu_key=f"section:{section}", section=section
        )
        for page in pages:
            for entry in page._entries:
                self.entry_pages[(section, entry.item.key, lang)] = page
        self.listing_pages[(section, lang)] = pages
        built = [
            self._build_facet(section, lang, field, entries, pages[0]) for field in self.config.sections[section].facets
        ]
        facets = tuple(links for links in built if links.field in FACET_VALUES)  # the rest: linked by members
        narrowed = (page for key, lists in self.facet_pages.items() if key[:2] == (section, lang) for page in lists)
        for page in (*pages, *narrowed):  # every page of the listing and of its lists of one value links them all
            page._facets = facets

    def _build_facet(self, section: str, lang: str, field: str, entries: list[Entry], listing: OutputPage):
        """The lists of a section's entries with one value of ``field`` (members by territory), paginated
        like the listing, in the contract's order of values; a value no entry has gets no list, nor a member
        whose page shows all its entries (events it organises)."""
        by_value: dict[str, list[Entry]] = {}
        for entry in entries:
            for value in self._values(entry, field):
                by_value.setdefault(value, []).append(entry)
        firsts = []
        for value in (v for v in FACET_VALUES.get(field, sorted(by_value)) if v in by_value):
            if field not in FACET_VALUES and len(by_value[value]) <= self.config.per_page:
                continue  # a member's page shows all of them: a list would be linked from nowhere
            path = self.urls.facet_path(section, lang, field, value)
            pages = self._paginated(
                PageKind.FACET, lang, path, by_value[value], self.config.per_page,
                menu_key=f"section:{section}", section=section, facet=(field, value),
            )  # fmt: skip
            self.facet_pages[(section, lang, field, value)] = pages
            firsts.append(pages[0])
        return FacetLinks(field, listing, tuple(firsts))

    def _values(self, entry: Entry, field: str) -> tuple[str, ...]:
        """The values an entry is listed under: a field's own, or the keys of the members a reference field
        shows (``EntryRules.references``: a member this build does not publish has no list)."""
        if field not in REFERENCE_FIELDS:
            return field_values(entry.item.neutral.get(field))
        shown = self.rules.references(entry.item, field, entry.lang)
        return tuple(reference.item.key for reference in shown if isinstance(reference, Entry))

    def _build_tags(self, lang: str):
        by_slug: dict[str, tuple[str, list[Entry]]] = {}
        for item in self.tree.all_items():
            translation = self._published_translations(item).get(lang)
            if translation is None:
                continue
            for tag in translation.tags:
                name, entries = by_slug.setdefault(slugify(tag, lang), (tag, []))
                path = self.urls.translation_path(translation)
                entries.append(Entry(item, lang, translation, path, self.urls.href(path)))
        tag_pages, tag_entries = {}, {}
        for tag_slug, (name, entries) in sorted(by_slug.items()):
            entries.sort(key=lambda e: (-e.item.sort_timestamp, e.item.section, e.item.key))
            base = self.urls.tag_path(lang, tag_slug)
            pages = self._paginated(PageKind.TAG, lang, base, entries, self.config.per_page, tag=name)
            tag_pages[tag_slug], tag_entries[tag_slug] = pages[0], tuple(entries)
        self.tag_pages[lang], self.tag_entries[lang] = tag_pages, tag_entries
        base = self.urls.tags_path(lang)
        index = OutputPage(
            PageKind.TAGS, lang, base, f"{base}index.html", tags=[tag_pages[s] for s in sorted(tag_pages)]
        )
        self._add(index)

    def _collisions(self) -> list[ContentProblem]:
        """Two pages with one address: the translation that claims a generated page's or another
        translation's address is named, with the line of its slug (or title, which gives the slug)."""
        owners: dict[str, OutputPage] = {}
        problems = []
        for page in self.pages:
            other = owners.get(page._save_as)
            if other is None:
                owners[page._save_as] = page
                continue
            mine = page if page._translation is not None else other
            theirs = other if mine is page else page
            if mine._translation is None:  # pragma: no cover - a settings clash (checked in ess_config)
                raise ValueError(f"two generated pages share the address /{page._path}: check LANGUAGES' paths")
            translation = mine._translation
            clash = (
                display_path(theirs._translation.path)
                if theirs._translation
                else _t("the site's own page %(address)s", address=f"/{theirs._path}")
            )
            field = "slug" if "slug" in translation._values else "title"
            problems.append(
                ContentProblem(
                    display_path(translation.path),
                    translation.line_of(field),
                    "slug",
                    _t(
                        "slug '%(slug)s': the address %(address)s is already used by %(other)s; "
                        "give this translation another 'slug'",
                        slug=translation.slug,
                        address=f"/{mine._path}",
                        other=clash,
                    ),
                )  # fmt: skip
            )
        return problems

    def _alternates(self, page: OutputPage) -> list[Alternate]:
        root = self._alternate("x-default", "")
        kind = page._kind
        if kind is PageKind.ROOT:
            return [self._alternate(lang, self.urls.home_path(lang)) for lang in self.config.codes] + [root]
        if kind.has_counterparts and kind is not PageKind.NOT_FOUND:
            return [self._alternate(lang, self._counterpart(page, lang)._path) for lang in self.config.codes] + [root]
        if kind is PageKind.ITEM:
            item = page._translation.item
            alternates = []
            for lang in self.config.codes:
                other = self.item_pages.get((item.section, item.key, lang))
                if other is not None:
                    alternates.append(self._alternate(lang, other._path))
            return alternates + [root]
        if kind is PageKind.TAG:
            return [self._alternate(page._lang, page._path), root]
        return []

    def _alternate(self, hreflang: str, path: str) -> Alternate:
        return Alternate(hreflang, path, self.urls.href(path))

    def _counterpart(self, page: OutputPage, lang: str) -> OutputPage:
        """The same page in another language (listing pages: the same page number, else the first)."""
        if page._kind in (PageKind.LISTING, PageKind.FACET):  # the same value's list, else the whole listing
            listing = self.listing_pages[(page._section, lang)]
            pages = self.facet_pages.get((page._section, lang, *page._facet), listing[:1]) if page._facet else listing
            return pages[page._number - 1] if page._number <= len(pages) else pages[0]
        if page._kind is PageKind.TAG:
            return self.singletons[(PageKind.TAGS, lang)]
        return self.singletons[(page._kind, lang)]

    def _switcher(self, page: OutputPage) -> list[SwitchTarget]:
        kind = page._kind
        if kind in (PageKind.ROOT, PageKind.ROOT_NOT_FOUND):
            return []
        targets = []
        for lang in self.config.codes:
            translated = True
            if kind is PageKind.ITEM:
                item = page._translation.item
                other = self.item_pages.get((item.section, item.key, lang))
                if other is None:
                    translated = False
                    listing_page = self.entry_pages[(item.section, item.key, lang)]
                    href = self.urls.href(listing_page._path) + f"#{item.section}-{item.key}"
                else:
                    href = self.urls.href(other._path)
            elif kind is PageKind.NOT_FOUND:
                href = self.urls.href(self.urls.home_path(lang))
            else:
                href = self.urls.href(self._counterpart(page, lang)._path)
            targets.append(SwitchTarget(lang, href, translated, lang == page._lang))
        return targets
