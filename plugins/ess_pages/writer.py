"""Renders each OutputPage with the template named after its kind; large sites on two processes."""

from __future__ import annotations

import multiprocessing

from ess_content.cache_files import value_digest
from ess_content.children import can_fork
from ess_i18n.tools import _t
from ess_routes import PageKind

from . import template_helpers

TEMPLATES = {
    PageKind.ROOT: "root.html",
    PageKind.ROOT_NOT_FOUND: "root.html",
    PageKind.HOME: "home.html",
    PageKind.ITEM: "item.html",
    PageKind.LISTING: "listing.html",
    PageKind.FACET: "listing.html",
    PageKind.TAGS: "tags.html",
    PageKind.TAG: "tag.html",
    PageKind.NOT_FOUND: "notfound.html",
    PageKind.SEARCH: "search.html",
    PageKind.STATUS: "status.html",
}
PARALLEL_FROM_PAGES = 400  # below this, a second process costs more than it saves (pages to render)
LAST = {PageKind.STATUS}  # the translation status reads every file's time: after the pages an edit changed


def _key(generator, page) -> str | None:
    """What a page depends on besides the keys it reads: the translation status's rows (file times and git
    history, which no digest covers), computed once per build."""
    if page.kind is PageKind.STATUS:
        return value_digest(generator.env.globals["translation_status"]())
    return None


def _in_language_order(site) -> list:
    """In language order, keeping the site map's order within; the pages never reused last. A build in
    place (the preview server, which shows each page as soon as it is written) takes the pages of the files
    the save changed first (the one the editor looks at), then the others to render again."""
    order = {lang: position for position, lang in enumerate(site.languages)}
    reuse = site.reuse
    in_place = reuse is not None and reuse.in_place

    def later(page) -> tuple[bool, bool]:
        if not in_place:
            return False, False
        edited = page.translation is not None and reuse.may_have_changed(page.translation.body_key)
        return not edited, reuse.reusable(page.save_as)

    return sorted(site.routes.pages, key=lambda page: (page.kind in LAST, *later(page), order.get(page.lang, 0)))


def render_page(site, env, page) -> None:
    """Writes one page in the language whose catalog ``env`` has (the templates read their globals, the page
    and its language: not Pelican's context)."""
    template = env.get_template(TEMPLATES[page.kind])
    site.write_output(page.save_as, template.render(page=page, lang=page.lang))


def _render(site, generator, pages, done=None) -> None:
    """Writes ``pages``; ``done()``: how many pages both processes have taken so far, for the progress lines
    of a large site (None: no progress, as in the helper process)."""
    env, reuse = generator.env, site.reuse
    total = len(site.routes.pages)
    step, reported = max(1, total // 10), 0
    current = None
    for page in pages:
        if done is not None and done() - reported >= step:
            reported = min(done(), total)
            site.progress(_t("Writing pages: %(done)s/%(total)s", done=reported, total=total))
        key = _key(generator, page)
        if reuse.reuse(page.save_as, key):
            continue
        if page.lang != current:
            current = page.lang
            env.install_gettext_translations(site.catalogs.translations(current), newstyle=True)
        with reuse.writing(page.save_as, key):
            render_page(site, env, page)


def _few_to_render(site, pages) -> bool:
    """A build in place (the preview server) that renders few pages again, in one process."""
    reuse = site.reuse
    return reuse.in_place and sum(1 for page in pages if not reuse.reusable(page.save_as)) < PARALLEL_FROM_PAGES


#: pages a process takes at a time from the list both work through
BATCH = 8


def _taken(pages: list, bounds, from_back: bool):
    """The pages this process takes, BATCH at a time, from a list it shares with the other process: one takes
    from the front, the other from the back, until they meet (``bounds``: the shared [front, back]). Both end
    together however long their pages take (halves fixed beforehand did not, and the process done first left
    a core idle), and each works through languages of its own but where they meet: the entries, menus and
    related candidates it keeps for a language (rendered once per process) serve all its pages."""
    while True:
        with bounds.get_lock():
            front, back = bounds[0], bounds[1]
            if front >= back:
                return
            if from_back:
                start, end = max(front, back - BATCH), back
                bounds[1] = start
            else:
                start, end = front, min(back, front + BATCH)
                bounds[0] = end
        yield from pages[start:end]


def write_pages(site, generator, writer):  # (Pelican's writer is not used: see _render)
    template_helpers.install(generator.env, site)
    pages = _in_language_order(site)
    if len(pages) < PARALLEL_FROM_PAGES or _few_to_render(site, pages):
        _render(site, generator, pages)  # (a site this small, or a preview's save, prints no progress)
        return

    site.reuse.changed()  # decided once, here, and inherited by the helper
    if not can_fork():  # pragma: no cover - Windows: one process
        _render(site, generator, pages)
        return
    shared, last = [page for page in pages if page.kind not in LAST], [page for page in pages if page.kind in LAST]
    bounds = multiprocessing.get_context("fork").Array("q", [0, len(shared)])

    # A second process, forked with the same templates and site map, takes pages from the back of the same
    # list, then the pages rendered last (it has less to do after its pages than this one).
    def second(forked):
        _render(forked, generator, _taken(shared, bounds, from_back=True))
        _render(forked, generator, last)
        return forked.reuse.export()

    site.run_in_background("pages, second process", second, on_result=site.reuse.merge)
    _render(site, generator, _taken(shared, bounds, from_back=False), done=lambda: bounds[0] + len(shared) - bounds[1])
