"""Field specifications per section, and the converters that turn written values into typed ones.

Each converter takes the raw value (a string or a list of strings, as YAML wrote it) and returns the
typed value, or raises :class:`FieldValueError` with a sentence saying what was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale

from ess_i18n.tools import Message, _t

from . import vocabulary as v

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COUNTRIES = frozenset(code for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", code))
_LANGUAGE_CODES = frozenset(code for code in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", code))


class FieldValueError(ValueError):
    """What was expected, as a tools message (worded in the editor's language when shown)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def _show(raw) -> str:
    return repr(raw) if not isinstance(raw, str) else f'"{raw}"'


_LINE_BREAKS = re.compile(r"[ \t]*[\t\n\r][ \t\n\r]*")


def _one_line(value: str) -> str:
    """A value written over several lines (``title: |`` or a folded quote) or with tabs, on one line."""
    value = value.strip()
    if "\n" in value or "\t" in value or "\r" in value:  # (what _LINE_BREAKS needs to match)
        return _LINE_BREAKS.sub(" ", value)
    return value


def _scalar(raw) -> str:
    if not isinstance(raw, str):
        raise FieldValueError(_t("expected a single value, got %(got)s", got=_show(raw)))
    return _one_line(raw)


def text(raw) -> str:
    value = _scalar(raw)
    if not value:
        raise FieldValueError(_t("expected some text, got nothing"))
    return value


def slug(raw) -> str:
    value = _scalar(raw)
    if not SLUG_PATTERN.match(value):
        raise FieldValueError(
            _t("expected lower-case letters a-z, digits and single hyphens, got %(got)s", got=_show(value))
        )
    return value


def text_list(raw) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise FieldValueError(_t("expected a list of texts such as [one, two], got %(got)s", got=_show(raw)))
    values = tuple(_one_line(i) for i in items if i.strip())
    return tuple(dict.fromkeys(values))


def choice(options: tuple[str, ...]) -> Callable:
    def convert(raw) -> str:
        value = _scalar(raw)
        if value not in options:
            raise FieldValueError(
                _t("expected one of %(options)s; got %(got)s", options=", ".join(options), got=_show(value))
            )
        return value

    return convert


def choice_list(options: tuple[str, ...]) -> Callable:
    def convert(raw) -> tuple[str, ...]:
        values = text_list(raw)
        unknown = [x for x in values if x not in options]
        if unknown:
            raise FieldValueError(
                _t(
                    "unknown value %(values)s; expected values from: %(options)s",
                    values=", ".join(_show(x) for x in unknown),
                    options=", ".join(options),
                )
            )
        return values

    return convert


def date(raw) -> dt.date:
    value = _scalar(raw)
    match = DATE_PATTERN.match(value)
    try:
        if match:
            return dt.date(*map(int, match.groups()))
    except ValueError:
        raise FieldValueError(_t("%(got)s is not a real calendar date", got=_show(value))) from None
    raise FieldValueError(_t("expected a date written YYYY-MM-DD, got %(got)s", got=_show(value)))


def date_or_datetime(raw) -> dt.date | dt.datetime:
    """A date (all day) or a naive local date and time; the time zone is applied by the item."""
    value = _scalar(raw)
    match = DATETIME_PATTERN.match(value)
    if match:
        try:
            return dt.datetime(*(int(g) for g in match.groups() if g is not None))
        except ValueError:
            raise FieldValueError(_t("%(got)s is not a real date and time", got=_show(value))) from None
    if DATE_PATTERN.match(value):
        return date(value)
    raise FieldValueError(
        _t("expected a date YYYY-MM-DD or a date and time YYYY-MM-DD HH:MM, got %(got)s", got=_show(value))
    )


_ZONES: frozenset[str] | None = None


def timezone(raw) -> str:
    global _ZONES
    value = _scalar(raw)
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    if value not in _ZONES:
        raise FieldValueError(
            _t("expected an IANA time zone name such as Europe/Luxembourg, got %(got)s", got=_show(value))
        )
    try:
        ZoneInfo(value)
    except ZoneInfoNotFoundError:  # pragma: no cover
        raise FieldValueError(_t("unknown time zone %(got)s", got=_show(value))) from None
    return value


def country(raw) -> str:
    value = _scalar(raw)
    if value not in _COUNTRIES:
        raise FieldValueError(
            _t("expected an ISO 3166-1 alpha-2 country code such as LU, FR, DE or BE, got %(got)s", got=_show(value))
        )
    return value


def url(raw) -> str:
    value = _scalar(raw)
    if not URL_PATTERN.match(value):
        raise FieldValueError(
            _t("expected a web address starting with https:// or http://, got %(got)s", got=_show(value))
        )
    return value


def email(raw) -> str:
    value = _scalar(raw)
    if not EMAIL_PATTERN.match(value):
        raise FieldValueError(
            _t("expected an e-mail address such as contact@example.org, got %(got)s", got=_show(value))
        )
    return value


def boolean(raw) -> bool:
    value = _scalar(raw).lower()
    if value in ("true", "yes"):
        return True
    if value in ("false", "no"):
        return False
    raise FieldValueError(_t("expected true or false, got %(got)s", got=_show(raw)))


def key_list(raw) -> tuple[str, ...]:
    values = text_list(raw)
    bad = [x for x in values if not KEY_PATTERN.match(x)]
    if bad:
        raise FieldValueError(
            _t("expected member keys (folder names under members/), got %(got)s", got=", ".join(map(_show, bad)))
        )
    return values


def language_list(raw) -> tuple[str, ...]:
    values = text_list(raw)
    bad = [x for x in values if x not in _LANGUAGE_CODES]
    if bad:
        raise FieldValueError(
            _t("expected language codes such as fr, de, lb, en; got %(got)s", got=", ".join(map(_show, bad)))
        )
    return values


def year(raw) -> int:
    value = _scalar(raw)
    if not re.fullmatch(r"\d{4}", value):
        raise FieldValueError(_t("expected a year such as 2018, got %(got)s", got=_show(value)))
    return int(value)


def integer(raw) -> int:
    value = _scalar(raw)
    if not re.fullmatch(r"-?\d+", value):
        raise FieldValueError(_t("expected a whole number such as 1, 2, 10, got %(got)s", got=_show(value)))
    return int(value)


def geo(raw) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2 or not all(isinstance(x, str) for x in raw):
        raise FieldValueError(_t("expected [latitude, longitude] such as [49.61, 6.13], got %(got)s", got=_show(raw)))
    try:
        lat, lon = float(raw[0]), float(raw[1])
    except ValueError:
        raise FieldValueError(_t("expected two numbers [latitude, longitude], got %(got)s", got=_show(raw))) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FieldValueError(_t("latitude must be within ±90 and longitude within ±180, got %(got)s", got=_show(raw)))
    return (lat, lon)


def file_name(raw) -> str:
    value = _scalar(raw)
    if not value or "/" in value or "\\" in value or value.startswith("."):
        raise FieldValueError(
            _t("expected the bare name of a file in the item's folder, got %(got)s", got=_show(value))
        )
    return value


@dataclass(frozen=True)
class FieldSpec:
    name: str
    convert: Callable
    per_language: bool = False
    required: bool = False
    inherited_by_translations: bool = False  # per-language field that falls back to a sibling (venue, address)
    attachment: str | None = None  # names an attachment of this kind ("any", or "image": shown as a picture)


def _spec(name, convert, **kw) -> FieldSpec:
    return FieldSpec(name, convert, **kw)


COMMON = (
    _spec("title", text, per_language=True, required=True),
    _spec("summary", text, per_language=True),
    _spec("slug", slug, per_language=True),
    _spec("tags", text_list, per_language=True),
    _spec("status", choice(v.STATUSES), per_language=True),
    _spec("image", file_name, attachment="image"),
    _spec("image_alt", text, per_language=True),
    _spec("image_original", boolean),  # also publish the item's photos at full size (still without metadata)
)

BY_SECTION = {
    "news": (
        _spec("date", date_or_datetime, required=True),
        _spec("author", text, per_language=True),
    ),
    "events": (
        _spec("start", date_or_datetime, required=True),
        _spec("end", date_or_datetime),
        _spec("timezone", timezone),
        _spec("venue", text, per_language=True, inherited_by_translations=True),
        _spec("address", text, per_language=True, inherited_by_translations=True),
        _spec("city", text),
        _spec("city_name", text, per_language=True),  # the city as this language writes it
        _spec("country", country),
        _spec("online_url", url),
        _spec("registration_url", url),
        _spec("organisers", key_list),
        _spec("cancelled", boolean),
    ),
    "resources": (
        _spec("date", date_or_datetime, required=True),
        _spec("type", choice(v.RESOURCE_TYPES), required=True),
        _spec("file", file_name, attachment="any"),
        _spec("url", url),
        _spec("doc_languages", language_list),
        _spec("publisher", text),
    ),
    "members": (
        _spec("territory", choice(v.TERRITORIES), required=True),
        _spec("kind", choice(v.MEMBER_KINDS), required=True),
        _spec("themes", choice_list(v.THEMES)),
        _spec("criteria", choice_list(v.CRITERIA)),
        _spec("legal_form", text, per_language=True),
        _spec("founded", year),
        _spec("website", url),
        _spec("email", email),
        _spec("phone", text),
        _spec("address", text, per_language=True, inherited_by_translations=True),
        _spec("city", text),
        _spec("city_name", text, per_language=True),
        _spec("country", country),
        _spec("geo", geo),
        _spec("logo", file_name, attachment="image"),
    ),
    "pages": (_spec("menu", integer),),
}


@functools.cache  # asked for every file read and every field looked up: one dict per section, never changed
def specs_for(section: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in COMMON + BY_SECTION[section]}
