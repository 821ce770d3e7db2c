"""The contract's sections and what each one means to the site, declared once.

Every listing, menu, search filter, scaffold and check reads this table; a behaviour that depends on a
section asks for one of its traits (``date_field``, ``scheduled``, ``order``, ...) instead of comparing
names.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - marks a UI string for extraction; translated where shown
    return message


@dataclass(frozen=True)
class Section:
    name: str  # the folder under content/ (and the default path segment of a language that has none)
    label: str  # its name in the UI (a gettext msgid)
    date_field: str | None  # the field that dates an item: listed newest first, shown in search results
    scheduled: bool  # that date is a publication date: an item dated after the build waits until then
    order: str  # how its listing sorts: "newest", "events" (upcoming soonest, then past newest) or "title"
    facets: tuple[str, ...]  # language-neutral fields its listing is also browsed by: one list per value
    # (a field with a controlled vocabulary is linked above the listing; a field naming members, e.g.
    # organisers, gets one list per member, linked from that member's page)
    in_menu: bool  # in the main menu (when it has content), in this table's order
    structured_type: str  # the schema.org type of its item pages


#: the members directory is browsed by territory, kind of organisation, theme and criterion
DIRECTORY = ("territory", "kind", "themes", "criteria")

SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        Section("news", N_("News"), "date", True, "newest", (), True, "NewsArticle"),
        Section("events", N_("Events"), "start", False, "events", ("organisers",), True, "Event"),
        Section("resources", N_("Resources"), "date", True, "newest", ("type",), True, "CreativeWork"),
        Section("members", N_("Members"), None, False, "title", DIRECTORY, True, "Organization"),
        Section("pages", N_("Pages"), None, False, "title", (), False, "WebPage"),
    )
}
