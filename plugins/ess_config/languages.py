"""One declared language: every fact the site needs about it, in one object (Hugo's ``languages`` map).

A site declares its languages in ``pelicanconf.py`` as ``LANGUAGES = {code: {...}}`` (``make language
CODE=xx`` writes an entry); what an entry leaves out is derived here: the Babel locale and the native name
from CLDR, the fallback order from the declaration order, and untranslated paths from the section names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from .sections import SECTIONS

#: path segments a language translates besides its sections: the tag index and the search page
EXTRA_PATHS = {"tags": "tags", "search": "search"}
PATH_KEYS = (*SECTIONS, *EXTRA_PATHS)
_CODE = re.compile(r"^[a-z]{2,3}$")
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SearchPipeline:
    """How words become search terms, in the browser and at build time alike (search-pipelines.js):
    ``stemmer``  lunr-languages' trimmer, stop words and stemmer for ``stemmer_code`` (fr, de, nl, it, ...)
    ``english``  lunr's own English pipeline
    ``folding``  diacritics folded, ``stop_words`` dropped (languages no stemmer exists for, such as lb)"""

    kind: str
    stemmer_code: str | None = None
    stop_words: tuple[str, ...] = ()

    KINDS = ("stemmer", "english", "folding")

    def as_json(self) -> dict:
        return {"kind": self.kind, "stemmer": self.stemmer_code, "stopWords": list(self.stop_words)}


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 (or 639-3): the URL prefix, the file name (fr.md), the lang attribute
    locale: str  # Babel/CLDR locale for dates and numbers ('lb_LU' for Luxembourg's week rules)
    name: str  # the language's own name, as a menu label: 'Lëtzebuergesch'
    paths: MappingProxyType  # section name, 'tags' or 'search' → URL segment in this language
    fallbacks: tuple[str, ...]  # other languages, in the order a reader of this one is shown them
    search: SearchPipeline

    def path(self, key: str) -> str:
        return self.paths[key]


def babel_locale(code: str) -> str:
    """The most likely full locale of a language code, from CLDR's likely subtags: 'nl' → 'nl_NL', 'lb' → 'lb_LU'."""
    from babel.core import get_global

    parts = (get_global("likely_subtags").get(code) or code).split("_")
    territory = next((part for part in parts[1:] if len(part) == 2 and part.isupper()), None)
    return f"{code}_{territory}" if territory else code


def native_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def declare(code: str, entry: dict, declared: tuple[str, ...], problems: list[str]) -> Language | None:
    """A Language from one entry of the LANGUAGES setting; problems are appended, not raised."""
    where = f"LANGUAGES['{code}']"
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append(f"{where}: a language code is two or three lower-case letters (ISO 639), such as 'nl'")
        return None
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a dict of settings (locale, name, paths, fallbacks, search)")
        return None
    unknown = sorted(set(entry) - {"locale", "name", "paths", "fallbacks", "search", "stop_words"})
    if unknown:
        problems.append(f"{where}: unknown setting(s) {', '.join(unknown)}")
    try:
        locale = entry.get("locale") or babel_locale(code)
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        problems.append(f"{where}: Babel knows no locale '{entry.get('locale') or code}'; set 'locale'")
        return None
    paths = dict(SECTIONS_AND_EXTRA_DEFAULTS)
    given = entry.get("paths") or {}
    for key, segment in given.items():
        if key not in PATH_KEYS:
            problems.append(f"{where}['paths']: unknown key '{key}'; expected some of {', '.join(PATH_KEYS)}")
        elif not isinstance(segment, str) or not _SEGMENT.match(segment):
            problems.append(f"{where}['paths']['{key}']: expected a-z, 0-9 and hyphens, got {segment!r}")
        else:
            paths[key] = segment
    if len(set(paths.values())) != len(paths):
        problems.append(f"{where}['paths']: two keys share one path segment: {paths}")
    # a language named here but no longer declared is skipped: removing a language is removing its entry
    preferred = [other for other in entry.get("fallbacks") or () if other in declared and other != code]
    fallbacks = tuple(preferred + [other for other in declared if other != code and other not in preferred])
    search = _pipeline(code, entry, where, problems)
    return Language(
        code=code,
        locale=locale,
        name=entry.get("name") or native_name(code),
        paths=MappingProxyType(paths),
        fallbacks=fallbacks,
        search=search,
    )


SECTIONS_AND_EXTRA_DEFAULTS = {**{name: name for name in SECTIONS}, **EXTRA_PATHS}


def _pipeline(code: str, entry: dict, where: str, problems: list[str]) -> SearchPipeline:
    kind = entry.get("search") or "folding"
    if kind not in SearchPipeline.KINDS:
        problems.append(f"{where}['search']: expected one of {', '.join(SearchPipeline.KINDS)}, got {kind!r}")
        kind = "folding"
    stop_words = entry.get("stop_words") or ()
    if isinstance(stop_words, str):
        stop_words = stop_words.split()
    return SearchPipeline(kind, code if kind == "stemmer" else None, tuple(stop_words))
