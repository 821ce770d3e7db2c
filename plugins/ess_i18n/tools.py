"""The tools' own words (errors with their hints, warnings, summaries, progress lines, `make new`) in the
editor's language.

A message is marked with ``_t("text with %(name)s", name=value)`` (or ``_tn(singular, plural, count, ...)``),
extracted by ``make catalogs`` into ``translations/tools.pot``, a domain of its own beside the site's UI
strings (``messages.pot``), and translated in ``translations/<lang>/LC_MESSAGES/tools.po``. A marked message
is an object that keeps its id and parameters; it is put into words only when shown (``str(message)`` in the
editor's language, ``message.render(lang)`` in a given one), so code and tests compare what went wrong
without depending on the language. Technical names (fields, values, paths) are parameters and stay as written.

The editor's language is read from the environment like any gettext program does: ``ESS_LANG`` when set (the
project's override), else the first non-empty of ``LANGUAGE`` (a colon-separated list of preferences),
``LC_ALL``, ``LC_MESSAGES``, ``LANG``; ``de_LU.UTF-8`` counts as ``de``. The first preference that has a tools
catalog wins; otherwise (``C``, ``POSIX``, a language without a catalog) the messages are in English.
"""

from __future__ import annotations

import gettext
import os
from dataclasses import dataclass
from functools import cache, total_ordering
from pathlib import Path

from babel.numbers import format_decimal

from .catalogs import _compile

DOMAIN = "tools"
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SOURCE_LANGUAGE = "en"  # the language of the message ids
OVERRIDE = "ESS_LANG"
GETTEXT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _code(preference: str) -> str:
    """'de_LU.UTF-8@euro' → 'de'; 'pt-BR' → 'pt'."""
    return preference.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()


@cache
def catalog_languages(translations: Path = TRANSLATIONS) -> frozenset[str]:
    """Languages that have a tools catalog."""
    return frozenset(po.parent.parent.name for po in translations.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def editor_language(environ=None) -> str:
    """The language the tools speak to the editor (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    for name in (OVERRIDE, *GETTEXT_VARIABLES):
        if environ.get(name):
            preferences = environ[name].split(":")
            break
    else:
        return SOURCE_LANGUAGE
    for preference in preferences:
        code = _code(preference)
        if code in ("c", "posix"):
            break
        if code in catalog_languages():
            return code
    return SOURCE_LANGUAGE


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE and lang not in catalog_languages():
        return gettext.NullTranslations()
    return _compile(TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang)[0]


def _shown(value, lang: str):
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(value, locale=lang)
    return value


@total_ordering
@dataclass(frozen=True, eq=True)
class Message:
    """A message id with its parameters, put into words when shown."""

    id: str
    params: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    count: int | None = None

    @property
    def arguments(self) -> dict:
        return dict(self.params)

    def render(self, lang: str | None = None) -> str:
        """In ``lang`` (default: the editor's language); English, numbers included, where it has no catalog."""
        lang = lang or editor_language()
        if lang not in catalog_languages():
            lang = SOURCE_LANGUAGE
        translations = _translations(lang)
        if self.plural is None:
            text = translations.gettext(self.id)
        else:
            text = translations.ngettext(self.id, self.plural, self.count)
        if not self.params:
            return text
        return text % {name: _shown(value, lang) for name, value in self.params}

    def __str__(self) -> str:
        return self.render()

    def __contains__(self, text: str) -> bool:
        """``"words" in message``: whether the message as shown (in the editor's language) contains them."""
        return text in self.render()

    def _key(self):
        return (self.id, repr(self.params))

    def __lt__(self, other):
        if not isinstance(other, Message):
            return NotImplemented
        return self._key() < other._key()


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def _t(message: str, /, **params) -> Message:
    """Marks a tools message (extracted by `make catalogs` into tools.pot); translated when shown."""
    return Message(message, tuple(sorted((k, _frozen(v)) for k, v in params.items())))


def _tn(singular: str, plural: str, count: int, /, **params) -> Message:
    """Like _t, with a plural form chosen by ``count`` (also available as %(count)s)."""
    params.setdefault("count", count)
    return Message(singular, tuple(sorted((k, _frozen(v)) for k, v in params.items())), plural, count)
