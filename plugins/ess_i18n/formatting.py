"""Dates, numbers and language names for a page's language, through Babel (CLDR), at build time."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_time, get_timezone_location
from babel.numbers import format_decimal
from babel.units import format_unit

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


def date_range(start, end, lang: str, *, timezone: str | None = None, show_zone: bool = False) -> str:
    """An event's dates and times for a reader of ``lang``, e.g.
    'Donneschdeg, 6. Juni 2019, 09:00–18:00' or 'Thursday 6 June – Saturday 8 June 2019'.
    ``start``/``end`` are dates (all day) or aware datetimes; the zone's name is added when asked."""
    locale = babel_locale(lang)
    if not isinstance(start, dt.datetime):
        if end is None or end == start:
            text = date_long(start, lang)
        else:
            text = format_interval(start, end, "yMMMMEEEEd", locale=locale)
    elif end is None:
        text = f"{date_long(start, lang)}, {time_of_day(start, lang)}"
    elif end.date() == start.date():
        text = f"{date_long(start, lang)}, {format_interval(start.time(), end.time(), 'Hm', locale=locale)}"
    else:
        text = (
            f"{date_long(start, lang)}, {time_of_day(start, lang)} – {date_long(end, lang)}, {time_of_day(end, lang)}"
        )
    if show_zone and timezone and isinstance(start, dt.datetime):
        text += f" ({get_timezone_location(ZoneInfo(timezone), locale=locale)})"
    return text


def file_size(size_in_bytes: int, lang: str) -> str:
    """'1,2 ko' (fr), '1.2 kB' (en): kilobytes under a megabyte, megabytes above."""
    locale = babel_locale(lang)
    if size_in_bytes < 1000 * 1000:
        value, unit = max(size_in_bytes / 1000, 0.1), "digital-kilobyte"
    else:
        value, unit = size_in_bytes / 1000 / 1000, "digital-megabyte"
    return format_unit(round(value, 1), unit, length="short", locale=locale)


def territory_name(code: str, lang: str) -> str:
    """A country's name from its ISO code: 'LU' in lb → 'Lëtzebuerg'."""
    return babel_locale(lang).territories.get(code, code)
