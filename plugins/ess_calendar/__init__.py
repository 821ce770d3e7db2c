"""iCalendar (RFC 5545) files: one per published event translation and one per language.

UIDs are stable across builds and shared by an event's translations (it is one event); times are
written in UTC, all-day events as DATE values (DTEND exclusive), cancelled events STATUS:CANCELLED.
DTSTAMP is the build date (SOURCE_DATE_EPOCH when set), so builds stay reproducible.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

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
    if isinstance(neutral["start"], dt.datetime):
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
        for part in (translation.get("venue"), translation.get("address"), neutral.get("city"), neutral.get("country"))
        if part
    )
    if where:
        event.add("location", where, parameters=language)
    elif neutral.get("online_url"):
        event.add("location", neutral["online_url"])
    if neutral.get("online_url"):
        event.add("conference", neutral["online_url"], parameters={"VALUE": "URI"})
    event.add("status", "CANCELLED" if neutral.get("cancelled") else "CONFIRMED")
    for key in neutral.get("organisers", ()):
        member = site.routes.member_entry(key, page_lang)
        if member is not None:
            event.add(
                "organizer",
                site.absolute(member.path),
                parameters={"CN": member.shown.title},
            )
            break  # RFC 5545 allows one ORGANIZER per event
    return event


def write_calendars(site, generator=None, writer=None):
    events = [item for item in site.tree.section("events") if item.published]
    for lang in site.languages:
        name = f"{site.translate(lang, 'Events')} · {site.translate(lang, 'ESS Cluster Greater Region')}"
        ordered = sorted(events, key=lambda i: (i.sort_moment, i.key))
        for item in ordered:
            translation = item.published_translations().get(lang)
            if translation is not None:
                _write(site, site.routes.event_calendar_path(translation), translation.title, lang, [translation])
        shown = [site.routes.fallback_for(item, lang) for item in ordered]
        _write(site, site.routes.calendar_path(lang), name, lang, shown)


def _write(site, relative: str, name: str, lang: str, translations) -> None:
    """One .ics file, unless the previous build's is still right."""
    if site.reuse.reuse(relative):
        return
    with site.reuse.writing(relative):
        calendar = _calendar(name, lang)
        for translation in translations:
            calendar.add_component(event_component(site, translation, lang))
        site.output_file(relative).write_bytes(calendar.to_ical())


def register():
    site_output.connect(write_calendars)
