"""The JSON the search script reads from the page: where the indexes and scripts are, and its UI strings."""

from __future__ import annotations

from ess_search.vendor import COMMON, VENDOR_DIR, search_pipelines, stemmer_file

from .structured_data import safe_json

COMMON_SCRIPTS = [*(f"{VENDOR_DIR}/{name}" for name in COMMON), "js/search-pipelines.js", "js/search-index.js"]


def search_config(site, lang: str, static, sri) -> str:
    routes = site.routes

    def asset(path: str) -> dict:
        return {"src": static(path), "integrity": sri(path)}

    config = {
        "lang": lang,
        "self": asset("js/search.js"),
        "indexes": {code: routes.href(routes.search_entry_path(code)) for code in site.languages},
        "scripts": {
            "common": [asset(p) for p in COMMON_SCRIPTS],
            **{
                language.code: [asset(f"{VENDOR_DIR}/{stemmer_file(language.search.stemmer_code)}")]
                for language in site.config.languages
                if language.search.kind == "stemmer"
            },
        },
        "pipelines": search_pipelines(site.config),
        "types": {name: site.translate(lang, section.label) for name, section in site.config.sections.items()},
        "languageNames": {code: site.formats.language_name(code, lang) for code in site.languages},
        "strings": {
            "one": site.translate(lang, "1 result"),
            "other": site.translate(lang, "%(count)s results", count="{n}"),
            "none": site.translate(lang, "No results for “%(query)s”.", query="{q}"),
            "others": site.translate(lang, "Found in other languages:"),
            "all": site.translate(lang, "See all results"),
        },
    }
    return safe_json(config)
