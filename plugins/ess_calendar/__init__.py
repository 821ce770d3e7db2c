"""iCalendar (RFC 5545) files: one per published event translation and one per language.

UIDs are stable across builds and shared by an event's translations (it is one event); times are
written in UTC, all-day events as DATE values (DTEND exclusive), cancelled events STATUS:CANCELLED.
DTSTAMP is the build date (SOURCE_DATE_EPOCH when set), so builds stay reproducible.
"""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Calendar, Event
from icalendar.prop import vText

from ess_content import reads
from ess_site import site_output

PRODID = "-//ESS Cluster Greater Region//Website//EN"


def uid_for(item, site) -> str:
    host = site.settings.get("CALENDAR_UID_DOMAIN", "clusteress-gr.eu")
    return f"{item.section}-{item.key}@{host}"


def _calendar(name: str, lang: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar["x-wr-timezone"] = "UTC"
    calendar.add("x-wr-caldesc", name, parameters={"LANGUAGE": lang})
    return calendar


def event_component(site, translation, page_lang: str) -> Event:
    item = translation.item
    neutral = item.neutral
    event = Event()
    event.add("uid", uid_for(item, site))
    event.add("dtstamp", site.routes.config.now.astimezone(dt.UTC))
    language = {"LANGUAGE": translation.lang}
    event.add("summary", translation.title, parameters=language)
    if item.is_timed:
        event.add("dtstart", item.moment("start").astimezone(dt.UTC))
        if neutral.get("end"):
            event.add("dtend", item.moment("end").astimezone(dt.UTC))
    else:
        event.add("dtstart", neutral["start"])
        event.add("dtend", (neutral.get("end") or neutral["start"]) + dt.timedelta(days=1))
    page = site.routes.item_page(item, translation.lang)
    url = site.absolute(page.path)
    event.add("url", url)
    description = "\n\n".join(part for part in (translation.summary, url) if part)
    event.add("description", description, parameters=language)
    where = ", ".join(
        part
        for part in (translation.get("venue"), translation.get("address"), translation.city, neutral.get("country"))
        if part
    )
    if where:
        event.add("location", where, parameters=language)
    elif neutral.get("online_url"):
        event.add("location", neutral["online_url"])
    if neutral.get("online_url"):
        event.add("conference", neutral["online_url"], parameters={"VALUE": "URI"})
    event.add("status", "CANCELLED" if neutral.get("cancelled") else "CONFIRMED")
    for member in site.routes.references(item, "organisers", page_lang)[:1]:  # RFC 5545: one ORGANIZER
        event.add("organizer", site.absolute(member.path), parameters={"CN": member.shown.title})
    return event


#: below this many events times languages, a second process costs more than it saves
PARALLEL_FROM_EVENTS = 400


def write_calendars(site, generator=None, writer=None):
    """In a second process while the pages are written (ess_calendar comes before ess_pages in PLUGINS) when
    the site has many events; what each file read comes back to the main process's record."""
    if len(site.tree.section("events")) * len(site.languages) < PARALLEL_FROM_EVENTS:
        _write_calendars(site)
        return
    site.run_in_background("calendars", _write_calendars, on_result=site.reuse.merge)


def _write_calendars(site) -> dict:
    for lang in site.languages:
        name = f"{site.translate(lang, 'Events')} · {site.translate(lang, 'ESS Cluster Greater Region')}"
        with reads.recording() as listed:  # which events the language's calendar holds, in which order
            events = [item for item in site.tree.section("events") if item.published]
            ordered = sorted(events, key=lambda i: (i.sort_moment, i.key))
            shown = [site.routes.fallback_for(item, lang) for item in ordered]
        whole = site.routes.calendar_path(lang)
        singles = {site.routes.event_calendar_path(t): t for t in shown if t.lang == lang}
        needed = [path for path in singles if not site.reuse.reuse(path)]
        if not needed and site.reuse.reuse(whole):
            continue
        # Each event is serialised once, for its own file and for the language's calendar of all events.
        components = {}
        for translation in shown:
            with reads.recording() as record:
                components[id(translation)] = (to_ical(event_component(site, translation, lang)), sorted(record))
        everything = [components[id(t)][0] for t in shown]
        site.write_bytes(whole, _wrap(name, lang, everything))
        site.reuse.record(whole, sorted(listed.union(*(read for _, read in components.values()))))
        for path in needed:
            component, read = components[id(singles[path])]
            site.write_bytes(path, _wrap(singles[path].title, lang, [component]))
            site.reuse.record(path, sorted({*read, singles[path].front_key}))
    return site.reuse.export()


def fold(line: str, limit: int = 75, separator: str = "\r\n ") -> str:
    """RFC 5545 folding as icalendar does it (lines of at most limit - 1 octets; a backslash or caret that
    would end a folded line starts the next), a part of the line at a time instead of a character at a time
    (icalendar's loop was a quarter of the calendars' time; tests/test_calendar_khal.py compares them)."""
    pieces, start, length = [], 0, len(line)
    while start < length:
        end = min(length, start + limit - 1)
        size = len(line[start:end].encode("utf-8"))
        while size > limit - 1:
            end -= 1
            size -= len(line[end].encode("utf-8"))
        if end < length and end - start > 1 and line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    return separator.join(pieces)


def to_ical(component) -> bytes:
    """``component.to_ical()``, its content lines made by :func:`_content_lines`."""
    return _serialised(_content_lines(component))


def _serialised(lines) -> bytes:
    """Content lines as a file holds them: each folded by :func:`fold`, in UTF-8, ended by CRLF."""
    return b"".join(fold(line).encode("utf-8") + b"\r\n" for line in lines)


def _content_lines(component):
    """The lines of ``component.content_lines()`` as icalendar's ``Contentline.from_parts`` writes them
    (name, parameters sorted, value), without the empty ``Parameters`` it made for every property nor its
    string class: half the calendars' time."""
    for name, value in component.property_items():
        text = _unicode(value.to_ical() if hasattr(value, "to_ical") else vText(value).to_ical())
        params = getattr(value, "params", None)
        rendered = _unicode(params.to_ical(sorted=True)) if params else ""
        line = f"{name};{rendered}:{text}" if rendered else f"{name}:{text}"
        if "\n" in line:  # (as icalendar refuses it: values are escaped, so never here)
            raise ValueError(f"a content line holds a line break: {line!r}")
        yield line


def _unicode(value) -> str:
    """icalendar's ``to_unicode``: bytes decoded as UTF-8, a leading byte order mark dropped."""
    if isinstance(value, bytes):
        value = value.decode("utf-8")
        return value[1:] if value.startswith("\ufeff") else value
    return value


#: stands for the calendar's name in the lines of an empty calendar made once per language (no value type
#: escapes any of its characters)
_NAME = "ESSCALENDARNAME"
#: language → the empty calendar's lines, each with the value type of its property where it holds the name
_EMPTY_LINES: dict[str, list[tuple[str, type | None]]] = {}


def _wrap(name: str, lang: str, components: list[bytes]) -> bytes:
    """A VCALENDAR around serialised VEVENTs: the bytes icalendar writes for a calendar holding them (its
    lines made once per language; the name put in each file's as its property's value type writes it)."""
    lines = _EMPTY_LINES.get(lang)
    if lines is None:
        lines = _EMPTY_LINES[lang] = [
            (
                line,
                Calendar.types_factory.for_property(re.split("[;:]", line, maxsplit=1)[0]) if _NAME in line else None,
            )
            for line in _content_lines(_calendar(_NAME, lang))
        ]
    named = (
        line if value_type is None else line.replace(_NAME, _unicode(value_type(name).to_ical()))
        for line, value_type in lines
    )
    end = b"END:VCALENDAR\r\n"
    return _serialised(named).removesuffix(end) + b"".join(components) + end


def register():
    site_output.connect(write_calendars)
