"""Jinja globals and filters the theme uses: localised labels and dates, static URLs, the CSP."""

from __future__ import annotations

import datetime as dt
import functools

from ess_assets import integrity, static_output_path
from ess_headers.policy import CONTENT_SECURITY_POLICY
from ess_images import markup as image_markup
from jinja2 import Environment, pass_context
from markupsafe import Markup

from ess_content import reads

from . import structured_data, template_calls
from .descriptions import meta_description
from .labels import FACETS, VOCABULARIES
from .member_map import member_map
from .search_config import search_config

#: rows of the translation status page at most (about 150 bytes each); `make translations` lists them all
STATUS_ROWS = 400


def translation_status(site):
    """The editors' status page (preview builds only): the items with a missing, older or draft translation
    (only those, and the first STATUS_ROWS of them: a table of every item weighed 425 kB at 2,000 items),
    how many items there are, and the UI catalogs' completeness."""
    from ess_content.translation_status import catalog_completeness, status

    path = site.tree.all_items()[0].folder.parents[1] if site.tree.all_items() else None
    memo = (site.settings.get("ESS_KEPT") or {}).get("files")  # the preview's files read: their times known
    rows = status(site.tree, path, site.languages, memo) if path else []
    pending = [row for row in rows if row.missing or row.stale or row.drafts]
    return pending, len(rows), catalog_completeness(site.settings["TRANSLATIONS_PATH"], site.languages)


def isodate(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if value else ""


def written_in(translation, name: str) -> str:
    """The language of the value ``translation.get(name)`` shows: its own, or that of the translation
    ``venue`` and ``address`` fall back to (its ``lang`` attribute)."""
    for other in translation.item.translations_in_order(translation.lang):
        if name in other.values:
            return other.lang
    return translation.lang


class Kept:
    """Partials that come out the same on many pages (an entry in a list, the menu, the footer), rendered once
    per build for each set of variables and kept with the keys they read (ess_content.reads), which every
    later page that shows them notes as its own. The variables are the key: every name the partial uses
    besides the globals must be one of them (the page language ``lang`` included), and hashable."""

    def __init__(self, env):
        self.env = env
        self.kept: dict[tuple, tuple[Markup, frozenset[str]]] = {}

    def render(self, template: str, key: tuple, variables: dict) -> Markup:
        found = self.kept.get(key)
        if found is None:
            with reads.recording() as read:  # the page's own record, open outside, notes them too
                html = Markup(self.env.get_template(template).render(variables))
            self.kept[key] = (html, frozenset(read))
            return html
        reads.note_all(found[1])
        return found[0]

    def __call__(self, template: str, **variables) -> Markup:
        return self.render(template, (template, *sorted(variables.items())), variables)

    def entry(self, lang: str, entry, heading_level: int, anchored: bool) -> Markup:
        """An entry as listed on a page in ``lang`` (the same on every listing, tag, home and related list)."""
        key = ("entry", id(entry.shown), lang, heading_level, anchored)
        variables = {"entry": entry, "lang": lang, "heading_level": heading_level, "anchored": anchored}
        return self.render("partials/entry_markup.html", key, variables)


def _shared_globals(env, own=None):
    """A template's globals: the environment's dict itself when the template adds none (none does here),
    instead of Jinja's ChainMap over it, which every page and every include copies into a new context
    (iterating a ChainMap costs several times a dict's). The gettext functions a language switch installs
    in the environment stay the ones every template sees. (So no call may pass ``globals`` to get_template or
    from_string: Jinja would update a cached template's globals, here every template's.)"""
    return env.globals if not own else Environment.make_globals(env, own)


def install(env, site):
    routes, formats = site.routes, site.formats
    kept = Kept(env)  # a fresh one per build: nothing outlives the site map it was rendered from

    @pass_context
    def label(context, vocabulary: str, value: str) -> str:
        """A controlled value's label in the page language: label('theme', 'digital') → 'Numérique'."""
        return site.translate(context["lang"], VOCABULARIES[vocabulary][value])

    @pass_context
    def facet_value(context, page) -> str:
        """What a list of one value is about, in the page language: the label of a vocabulary's value, or the
        name of the member a reference field names (marked with its language when shown in another)."""
        field, value = page.facet
        if field in FACETS:
            return label(context, FACETS[field][1], value)
        entry = routes.entry(routes.tree.find("members", value), page.lang)
        if entry.is_fallback:
            return Markup('<span lang="{}">{}</span>').format(entry.shown.lang, entry.shown.title)
        return entry.shown.title

    @pass_context
    def section_name(context, section: str) -> str:
        return label(context, "section", section)

    @functools.cache  # the theme's files do not change during a build
    def static(path: str) -> str:
        """The address of a theme file under its fingerprinted name: static('css/site.css')."""
        return routes.href(static_output_path(site, path))

    @functools.cache  # the theme's files do not change during a build
    def sri(path: str) -> str:
        """Subresource Integrity of a published theme file: 'sha384-…' (files are copied unchanged)."""
        return integrity(site, f"{site.settings.get('THEME_STATIC_DIR', 'theme')}/{path}")

    when_cache: dict[tuple[int, str], str] = {}

    def event_when(item, lang: str) -> str:
        """An event's dates in ``lang`` (asked by every listing, tag and home page showing it: kept)."""
        reads.note(item.item_key)  # kept across pages: each page notes what it shows
        key = (id(item), lang)
        if key not in when_cache:
            when_cache[key] = _event_when(item, lang)
        return when_cache[key]

    def _event_when(item, lang: str) -> str:
        timed = item.is_timed
        start = item.moment("start") if timed else item.neutral["start"]
        end = (item.moment("end") if timed else item.neutral["end"]) if item.neutral.get("end") else None
        show_zone = item.timezone != site.config.timezone
        return formats.date_range(start, end, lang, timezone=item.timezone, show_zone=show_zone)

    def attachment_size(item, name: str) -> int:
        """The size of the file a download link gets (for a raster image: the copy published for it)."""
        if name in item.images:
            published = item.images[name].published_name
            return (
                site.published_file(f"{site.config.attachments_path}/{item.section}/{item.key}/{published}")
                .stat()
                .st_size
            )
        return (item.folder / name).stat().st_size

    def photo(item, name: str, alt: str, sizes: str, lead: bool = False):
        return image_markup.photo(routes, item, item.images[name], alt, sizes, lead=lead)

    def logo(item, name: str, alt: str, lead: bool = False):
        return image_markup.logo(routes, item, item.images[name], alt, lead=lead)

    def body_html(translation, sizes: str) -> str:
        """The body with its raster images as <picture> and its relative links at their published addresses."""
        pictures = image_markup.body_pictures(routes, translation.item, translation.html, sizes)
        return routes.rewrite_body(translation, pictures)

    @pass_context
    def entry_html(context, entry, heading_level: int = 2, anchored: bool = True) -> Markup:
        return kept.entry(context["lang"], entry, heading_level, anchored)

    env.globals.update(
        kept=kept,
        entry_html=entry_html,
        routes=routes,
        site=site,
        languages=site.languages,
        autonym=lambda code: site.config.language(code).name,
        language_name=formats.language_name,
        territory_name=formats.territory_name,
        gettext_in=site.translate,
        label=label,
        section_name=section_name,
        static=static,
        sri=sri,
        csp=CONTENT_SECURITY_POLICY,
        event_when=event_when,
        attachment_size=attachment_size,
        photo=photo,
        logo=logo,
        body_html=body_html,
        written_in=written_in,
        json_ld=lambda page: structured_data.json_ld(page, site),
        meta_description=lambda page: meta_description(page, site),
        search_config=functools.cache(lambda lang: search_config(site, lang, static, sri)),
        open_graph=lambda page, description: structured_data.open_graph(page, site, description),
        translation_status=functools.cache(lambda: translation_status(site)),
        member_map=member_map,
        facets=FACETS,
        facet_value=facet_value,
        status_rows=STATUS_ROWS,
    )
    env.make_globals = functools.partial(_shared_globals, env)
    template_calls.install(env)
    env.filters.update(
        date_long=formats.date_long,
        date_short=formats.date_short,
        number=formats.number,
        isodate=isodate,
        file_size=formats.file_size,
    )
