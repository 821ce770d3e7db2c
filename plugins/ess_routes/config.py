"""The settings that shape URLs and language relations, read once from Pelican's settings."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

DEFAULTS = {
    "LANGUAGES": ("fr", "de", "lb", "en"),
    "DEFAULT_LANG": "fr",
    "LANGUAGE_FALLBACKS": {
        "fr": ("en", "de", "lb"),
        "de": ("en", "fr", "lb"),
        "lb": ("de", "fr", "en"),
        "en": ("fr", "de", "lb"),
    },
    "SECTION_PATHS": {
        "news": {"fr": "actualites", "de": "aktuelles", "lb": "neiegkeeten", "en": "news"},
        "events": {"fr": "agenda", "de": "veranstaltungen", "lb": "evenementer", "en": "events"},
        "resources": {"fr": "ressources", "de": "ressourcen", "lb": "ressourcen", "en": "resources"},
        "members": {"fr": "membres", "de": "mitglieder", "lb": "memberen", "en": "members"},
        "pages": {"fr": "pages", "de": "seiten", "lb": "saiten", "en": "pages"},
    },
    "SEARCH_PATHS": {"fr": "recherche", "de": "suche", "lb": "sichen", "en": "search"},
    "TAG_PATHS": {"fr": "mots-cles", "de": "schlagwoerter", "lb": "schlagwierder", "en": "tags"},
    "MENU_SECTIONS": ("news", "events", "resources", "members"),
    "PAGINATION": 10,
    "UNPAGINATED_SECTIONS": ("resources", "members"),
    "HOME_PAGE_KEY": "home",
    "SITEURL": "",
    "ATTACHMENTS_PATH": "files",
}


@dataclass(frozen=True)
class RouteConfig:
    languages: tuple[str, ...]
    default_lang: str
    fallbacks: dict[str, tuple[str, ...]]
    section_paths: dict[str, dict[str, str]]
    tag_paths: dict[str, str]
    search_paths: dict[str, str]
    menu_sections: tuple[str, ...]
    per_page: int
    home_key: str
    siteurl: str
    attachments_path: str
    unpaginated_sections: tuple[str, ...] = ()
    preview: bool = False  # adds the editors' translation-status pages
    now: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # the build date: upcoming vs past events

    @classmethod
    def from_settings(cls, settings) -> RouteConfig:
        get = lambda name: settings.get(name) or DEFAULTS[name]  # noqa: E731
        languages = tuple(get("LANGUAGES"))
        fallbacks = {}
        for lang in languages:
            preferred = [x for x in get("LANGUAGE_FALLBACKS").get(lang, ()) if x in languages and x != lang]
            fallbacks[lang] = tuple(preferred + [x for x in languages if x != lang and x not in preferred])
        return cls(
            languages=languages,
            default_lang=get("DEFAULT_LANG"),
            fallbacks=fallbacks,
            section_paths={**DEFAULTS["SECTION_PATHS"], **(settings.get("SECTION_PATHS") or {})},
            tag_paths=dict(get("TAG_PATHS")),
            search_paths=dict(get("SEARCH_PATHS")),
            menu_sections=tuple(get("MENU_SECTIONS")),
            per_page=int(get("PAGINATION")),
            home_key=get("HOME_PAGE_KEY"),
            siteurl=(settings.get("SITEURL") or "").rstrip("/"),
            attachments_path=get("ATTACHMENTS_PATH"),
            unpaginated_sections=tuple(get("UNPAGINATED_SECTIONS")),
            preview=bool(settings.get("PREVIEW")),
            now=build_date(),
        )


def build_date() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds); otherwise today at 00:00 UTC, so that two
    builds on the same day are identical while events still move from upcoming to past."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    today = dt.datetime.now(tz=dt.UTC).date()
    return dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
