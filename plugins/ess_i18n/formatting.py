"""Dates, numbers and language names for a page's language, through Babel (CLDR), at build time."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

# Babel locale per site language; lb_LU gives Luxembourg's week rules.
BABEL_LOCALES = {"fr": "fr_FR", "de": "de_DE", "lb": "lb_LU", "en": "en_GB"}


@cache
def babel_locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, lang))


def language_name(code: str, in_lang: str) -> str:
    """'fr' written in 'de' → 'Französisch'; in its own language → 'français'."""
    return babel_locale(in_lang).languages.get(code, code)


def autonym(code: str) -> str:
    """A language's own name, capitalised as a menu label: 'Lëtzebuergesch', 'Français'."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


def date_long(value, lang: str) -> str:
    """'Dënschdeg, 26. Juni 2018' (lb), 'mardi 26 juin 2018' (fr)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format="full", locale=babel_locale(lang))


def date_short(value, lang: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format="long", locale=babel_locale(lang))


def time_of_day(value: dt.datetime, lang: str) -> str:
    return format_time(value, format="short", locale=babel_locale(lang))


def datetime_long(value: dt.datetime, lang: str) -> str:
    return format_datetime(value, format="long", locale=babel_locale(lang))


def number(value, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))
