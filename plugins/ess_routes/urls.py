"""The URL scheme: where every kind of output lives, as pure functions of the site's configuration.

Paths are relative to the output root without a leading slash (``fr/actualites/``); ``href()`` turns
them into links (root-relative in preview, absolute under ``SITEURL`` when publishing).
"""

from __future__ import annotations

from urllib.parse import quote

from ess_config import SiteConfig

from ess_content import reads
from ess_content.model import Item, Translation


class UrlScheme:
    def __init__(self, config: SiteConfig):
        self.config = config
        self.languages = config.codes
        self._translation_paths: dict[Translation, str] = {}  # worked out once (asked 34,000 times at 2,000 items)

    def href(self, path: str) -> str:
        return f"{self.config.siteurl}/{path}"

    def absolute(self, path: str, origin: str) -> str:
        return f"{self.config.siteurl or origin.rstrip('/')}/{path}"

    def attachment_path(self, item: Item, name: str) -> str:
        """Where an attachment is published; a raster image is published as its largest resized copy (or
        its full-size copy when the item offers it), never as the file committed (ess_images)."""
        image = item.images.get(name)
        if image is not None:
            name = image.published_name
        return f"{self.config.attachments_path}/{item.section}/{item.key}/{quote(name)}"

    def attachment_href(self, item: Item, name: str) -> str:
        return self.href(self.attachment_path(item, name))

    def home_path(self, lang: str) -> str:
        return f"{lang}/"

    def not_found_path(self, lang: str | None = None) -> str:
        """A language's 404 page; without a language, the site's (at the root, in every language)."""
        return f"{lang}/404.html" if lang else "404.html"

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
        return f"{lang}/{self.config.path(lang, 'search')}/"

    def search_entry_path(self, lang: str) -> str:
        """Where the browser starts searching one language: the list of its index's parts."""
        return f"search/{lang}.json"

    def search_parts_folder(self, lang: str) -> str:
        """Where the parts of a language's search are, each version's in its own folder: a part never changes
        under its name (hosts cache them like the theme's fingerprinted files)."""
        return f"search/{lang}/"

    def search_part_path(self, lang: str, version: str, name: str) -> str:
        """One part (term shard or store chunk) of a language's search, in the folder of its version."""
        return f"{self.search_parts_folder(lang)}{version}/{name}"

    def tags_path(self, lang: str) -> str:
        return f"{lang}/{self.config.path(lang, 'tags')}/"

    def tag_path(self, lang: str, tag_slug: str) -> str:
        return f"{self.tags_path(lang)}{tag_slug}/"

    def feed_path(self, lang: str) -> str:
        return f"{lang}/feed.atom"

    def section_path(self, section: str, lang: str) -> str:
        return f"{lang}/{self.config.path(lang, section)}/"

    def facet_path(self, section: str, lang: str, field: str, value: str) -> str:
        """The list of a section's items with one value of a field: two segments below the listing, so no
        item slug (one segment) can claim it."""
        return f"{self.section_path(section, lang)}{field}/{value}/"

    @staticmethod
    def numbered(base: str, number: int) -> str:
        """Page ``number`` of a paginated listing or tag whose first page is ``base``."""
        return base if number == 1 else f"{base}page/{number}/"

    def translation_path(self, translation: Translation) -> str:
        item = translation.item
        if item.section == "pages" and item.key == self.config.home_key:
            return self.home_path(translation.lang)
        path = self._translation_paths.get(translation)
        if path is not None:
            reads.note(translation.front_key)  # what working it out reads (Translation.slug, itself kept)
            return path
        if item.section == "pages":
            path = f"{translation.lang}/{translation.slug}/"
        else:
            path = f"{self.section_path(item.section, translation.lang)}{translation.slug}/"
        self._translation_paths[translation] = path
        return path
