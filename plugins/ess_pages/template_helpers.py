"""Jinja globals and filters the theme uses: localised names and dates, static URLs, the CSP."""

from __future__ import annotations

import datetime as dt

from ess_i18n import autonym, date_long, date_short, language_name, number
from jinja2 import pass_context


def N_(message: str) -> str:  # noqa: N802 - marks a string for extraction without translating it
    return message


SECTION_NAMES = {
    "news": N_("News"),
    "events": N_("Events"),
    "resources": N_("Resources"),
    "members": N_("Members"),
    "pages": N_("Pages"),
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def isodate(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if value else ""


def install(env, site):
    routes = site.routes

    @pass_context
    def section_name(context, section: str) -> str:
        return site.translate(context["lang"], SECTION_NAMES[section])

    def static(path: str) -> str:
        return routes.href(f"{site.settings.get('THEME_STATIC_DIR', 'theme')}/{path}")

    env.globals.update(
        routes=routes,
        languages=site.languages,
        autonym=autonym,
        language_name=language_name,
        gettext_in=site.translate,
        section_name=section_name,
        static=static,
        csp=CONTENT_SECURITY_POLICY,
    )
    env.filters.update(date_long=date_long, date_short=date_short, number=number, isodate=isodate)
