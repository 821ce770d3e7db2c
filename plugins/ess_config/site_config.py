"""The site's configuration as one immutable object, read once from a settings dict."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property

from .defaults import DEFAULT_CONFIG
from .errors import ConfigError
from .languages import Language, declare
from .sections import SECTIONS, Section

#: RFC 4151 taggingEntity: a domain name or an e-mail address, a comma, a date (YYYY, YYYY-MM or YYYY-MM-DD).
TAGGING_ENTITY = re.compile(r"^([a-z0-9-]+(\.[a-z0-9-]+)*|[^@\s,]+@[a-z0-9-]+(\.[a-z0-9-]+)*),\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class SiteConfig:
    languages: tuple[Language, ...]
    default_lang: str
    menu_sections: tuple[str, ...]
    per_page: int
    home_key: str
    siteurl: str
    attachments_path: str
    timezone: str
    preview: bool = False  # drafts and scheduled items shown; adds the editors' translation-status pages
    now: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # the build date: upcoming vs past events
    sections: dict[str, Section] = field(default_factory=lambda: dict(SECTIONS))
    feed_tag_authority: str = DEFAULT_CONFIG["FEED_TAG_AUTHORITY"]  # RFC 4151 tagging entity of feed ids

    def __post_init__(self):
        object.__setattr__(self, "_by_code", {lang.code: lang for lang in self.languages})

    @classmethod
    def from_settings(cls, settings: dict, *, source: str = "pelicanconf.py", now: dt.datetime | None = None):
        """Raises ConfigError naming every problem of the settings at once."""

        def get(name):
            value = settings.get(name)
            return DEFAULT_CONFIG[name] if value is None else value

        problems: list[str] = []
        declared = get("LANGUAGES")
        if not isinstance(declared, dict) or not declared:
            raise ConfigError(["LANGUAGES: declare the site's languages, e.g. {'fr': {...}, 'de': {...}}"], source)
        codes = tuple(declared)
        languages = tuple(
            lang for lang in (declare(code, entry or {}, codes, problems) for code, entry in declared.items()) if lang
        )
        default_lang = get("DEFAULT_LANG") or codes[0]
        if default_lang not in codes:
            problems.append(f"DEFAULT_LANG: '{default_lang}' is not one of LANGUAGES ({', '.join(codes)})")
        menu = get("MENU_SECTIONS") or tuple(name for name, section in SECTIONS.items() if section.in_menu)
        strays = [name for name in menu if name not in SECTIONS]
        if strays:
            problems.append(f"MENU_SECTIONS: unknown section(s) {', '.join(strays)}; expected {', '.join(SECTIONS)}")
        per_page = get("PAGINATION")
        if not isinstance(per_page, int) or per_page < 1:
            problems.append(f"PAGINATION: expected a whole number of entries per page, got {per_page!r}")
        authority = get("FEED_TAG_AUTHORITY")
        if not isinstance(authority, str) or not TAGGING_ENTITY.match(authority):
            problems.append(
                f"FEED_TAG_AUTHORITY: expected a domain and a date it was held, like 'clusteress-gr.eu,2018' "
                f"(RFC 4151), got {authority!r}"
            )
        if problems:
            raise ConfigError(problems, source)
        return cls(
            languages=languages,
            default_lang=default_lang,
            menu_sections=tuple(menu),
            per_page=per_page,
            home_key=get("HOME_PAGE_KEY"),
            siteurl=(get("SITEURL") or "").rstrip("/"),
            feed_tag_authority=authority,
            attachments_path=get("ATTACHMENTS_PATH"),
            timezone=get("TIMEZONE"),
            preview=bool(get("PREVIEW")),
            now=now or build_date(),
        )

    # -- questions every layer asks ---------------------------------------------------------------

    @cached_property  # asked for every file read and every page
    def codes(self) -> tuple[str, ...]:
        """The declared language codes, in declaration order."""
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        return self._by_code[code]

    def locale(self, code: str) -> str:
        return self.language(code).locale

    def fallbacks(self, code: str) -> tuple[str, ...]:
        return self.language(code).fallbacks

    def path(self, code: str, key: str) -> str:
        """A URL segment of one language: a section's ('actualites'), 'tags' or 'search'."""
        return self.language(code).paths[key]


def build_date() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds); otherwise today at 00:00 UTC, so that two
    builds on the same day are identical while events still move from upcoming to past."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    today = dt.datetime.now(tz=dt.UTC).date()
    return dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
