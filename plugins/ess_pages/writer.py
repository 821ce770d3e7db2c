"""Renders each OutputPage with the template named after its kind."""

from __future__ import annotations

from collections import defaultdict

from . import template_helpers

TEMPLATES = {
    "root": "root.html",
    "rootnotfound": "root.html",
    "home": "home.html",
    "item": "item.html",
    "listing": "listing.html",
    "tags": "tags.html",
    "tag": "tag.html",
    "notfound": "notfound.html",
    "search": "search.html",
    "status": "status.html",
}


def write_pages(site, generator, writer):
    env = generator.env
    template_helpers.install(env, site)
    by_lang = defaultdict(list)
    for page in site.routes.pages:
        by_lang[page.lang].append(page)
    total, written, step = len(site.routes.pages), 0, max(1, len(site.routes.pages) // 10)
    for lang in site.languages:
        env.install_gettext_translations(site.catalogs.translations(lang), newstyle=True)
        for page in by_lang[lang]:
            template = env.get_template(TEMPLATES[page.kind])
            writer.write_file(page.save_as, template, generator.context, page=page, lang=lang)
            written += 1
            if written % step == 0:
                site.progress(f"Writing pages: {written}/{total}")
