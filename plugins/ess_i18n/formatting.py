"""Dates, numbers and names in a page's language, through Babel (CLDR), at build time.

:class:`Formats` knows each declared language's locale (``lb`` → ``lb_LU`` for Luxembourg's week rules);
templates and outputs ask it with a language code.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, wraps
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_timezone_location
from babel.numbers import format_decimal
from babel.units import format_unit


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _identity(value) -> tuple:
    """A value as a key: equal values that print differently stay apart (1 and 1.0; the same instant in
    two time zones)."""
    if isinstance(value, dt.datetime):
        return (dt.datetime, value.isoformat(), str(value.tzinfo))
    return (type(value), value)


def _kept(method):
    """The text for the same arguments is formatted once (a date shows on an item's page, in its entry on
    every list, in the search results: Babel takes about 0.1 ms a call)."""

    @wraps(method)
    def formatted(self, *args, **options):
        key = (method.__name__, *map(_identity, args), *((name, _identity(v)) for name, v in sorted(options.items())))
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = method(self, *args, **options)
        return text

    return formatted


class Formats:
    def __init__(self, locales: dict[str, str]):
        self.locales = dict(locales)  # language code → Babel locale name
        self._texts: dict[tuple, str] = {}  # (method, arguments) → text (see _kept)

    def locale(self, lang: str) -> Locale:
        return _locale(self.locales.get(lang, lang))

    def language_name(self, code: str, in_lang: str) -> str:
        """'fr' written in 'de' → 'Französisch'; in its own language → 'français'."""
        return self.locale(in_lang).languages.get(code, code)

    @_kept
    def date_long(self, value, lang: str) -> str:
        """'Dënschdeg, 26. Juni 2018' (lb), 'mardi 26 juin 2018' (fr)."""
        if isinstance(value, dt.datetime):
            value = value.date()
        return format_date(value, format="full", locale=self.locale(lang))

    @_kept
    def date_short(self, value, lang: str) -> str:
        if isinstance(value, dt.datetime):
            value = value.date()
        return format_date(value, format="long", locale=self.locale(lang))

    @_kept
    def time_of_day(self, value: dt.datetime, lang: str) -> str:
        return format_time(value, format="short", locale=self.locale(lang))

    @_kept
    def number(self, value, lang: str) -> str:
        return format_decimal(value, locale=self.locale(lang))

    @_kept
    def date_range(self, start, end, lang: str, *, timezone: str | None = None, show_zone: bool = False) -> str:
        """An event's dates and times for a reader of ``lang``, e.g.
        'Donneschdeg, 6. Juni 2019, 09:00–18:00' or 'Thursday 6 June – Saturday 8 June 2019'.
        ``start``/``end`` are dates (all day) or aware datetimes; the zone's name is added when asked."""
        locale = self.locale(lang)
        if not isinstance(start, dt.datetime):
            if end is None or end == start:
                text = self.date_long(start, lang)
            else:
                text = format_interval(start, end, "yMMMMEEEEd", locale=locale)
        elif end is None:
            text = f"{self.date_long(start, lang)}, {self.time_of_day(start, lang)}"
        elif end.date() == start.date():
            text = f"{self.date_long(start, lang)}, {format_interval(start.time(), end.time(), 'Hm', locale=locale)}"
        else:
            text = (
                f"{self.date_long(start, lang)}, {self.time_of_day(start, lang)} – "
                f"{self.date_long(end, lang)}, {self.time_of_day(end, lang)}"
            )
        if show_zone and timezone and isinstance(start, dt.datetime):
            text += f" ({get_timezone_location(ZoneInfo(timezone), locale=locale)})"
        return text

    @_kept
    def file_size(self, size_in_bytes: int, lang: str) -> str:
        """'1,2 ko' (fr), '1.2 kB' (en): kilobytes under a megabyte, megabytes above."""
        if size_in_bytes < 1000 * 1000:
            value, unit = max(size_in_bytes / 1000, 0.1), "digital-kilobyte"
        else:
            value, unit = size_in_bytes / 1000 / 1000, "digital-megabyte"
        return format_unit(round(value, 1), unit, length="short", locale=self.locale(lang))

    def territory_name(self, code: str, lang: str) -> str:
        """A country's name from its ISO code: 'LU' in lb → 'Lëtzebuerg'."""
        return self.locale(lang).territories.get(code, code)
