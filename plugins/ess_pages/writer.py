"""Renders each OutputPage with the template named after its kind; large sites on two processes."""

from __future__ import annotations

import multiprocessing

from ess_content.cache_files import value_digest
from ess_content.children import can_fork
from ess_i18n.tools import _t
from ess_routes import PageKind

from . import template_calls, template_helpers

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


def _in_language_order(site, written: set[str] | frozenset[str] = frozenset()) -> list:
    """In language order, keeping the site map's order within; the pages never reused last; ``written``
    left out. A build in place (the preview server, which shows each page as soon as it is written) takes
    the pages to render again first."""
    order = {lang: position for position, lang in enumerate(site.languages)}
    reuse = site.reuse

    def stale_first(page) -> bool:
        return reuse is not None and reuse.in_place and reuse.reusable(page.save_as)

    return sorted(
        (page for page in site.routes.pages if page.save_as not in written),
        key=lambda page: (page.kind in LAST, stale_first(page), order.get(page.lang, 0)),
    )


def _saved_first(site, generator) -> set[str]:
    """A build in place (the preview server): the pages showing a file the save changed are written at
    once, before the other pages are compared with the last build (a few tenths of a second after a front
    matter save at 2,000 items), so the page the editor looks at is served first. Their files."""
    reuse = site.reuse
    if reuse is None or not reuse.in_place:
        return set()
    saved = [
        page
        for page in site.routes.pages
        if page.kind not in LAST and page.translation is not None and reuse.may_have_changed(page.translation.body_key)
    ]
    _render(site, generator, saved, compare=False)
    return {page.save_as for page in saved}


def render_page(site, env, page) -> None:
    """Writes one page in the language whose catalog ``env`` has (the templates read their globals, the page
    and its language: not Pelican's context)."""
    template = env.get_template(TEMPLATES[page.kind])
    site.write_output(page.save_as, template.render(page=page, lang=page.lang))


def _render(site, generator, pages, done=None, compare=True) -> None:
    """Writes ``pages``; ``done()``: how many pages both processes have taken so far, for the progress lines
    of a large site (None: no progress, as in the helper process). ``compare=False``: each page is written
    without asking whether the last build's is still right."""
    env, reuse = generator.env, site.reuse
    total = len(site.routes.pages)
    step, reported = max(1, total // 10), 0
    current = None
    for page in pages:
        if done is not None and done() - reported >= step:
            reported = min(done(), total)
            site.progress(_t("Writing pages: %(done)s/%(total)s", done=reported, total=total))
        key = _key(generator, page)
        if compare and reuse.reuse(page.save_as, key):
            continue
        if page.lang != current:
            current = page.lang
            template_calls.install_language(env, site.catalogs.translations(current))
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
    together however long their pages take (halves fixed beforehand did not, and the process done first left a
    core idle), and each works through languages of its own but where they meet: the entries, menus and
    related candidates it keeps for a language (rendered once per process) serve all its pages. After its
    pages, each digests the keys its pages read (this one for the build's state, the other for its record);
    the sitemap and the attachments come before the pages (PLUGINS), so that neither waits long for the other
    (the main process once left the other the last 4 % of the list to write them after, and waited about a
    second for it at 2,000 items once they came first)."""
    while True:
        with bounds.get_lock():
            front, back = bounds[0], bounds[1]
            if back <= front:
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
    pages = _in_language_order(site, _saved_first(site, generator))
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
