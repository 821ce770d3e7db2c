"""The JSON the search script reads from the page: where the indexes and scripts are, and its UI strings."""

from __future__ import annotations

from .labels import SECTION_NAMES
from .structured_data import safe_json

LANGUAGE_SCRIPTS = {"fr": ["js/vendor/lunr.fr.min.js"], "de": ["js/vendor/lunr.de.min.js"]}
COMMON_SCRIPTS = ["js/vendor/lunr.min.js", "js/vendor/lunr.stemmer.support.min.js", "js/search-pipelines.js"]


def search_config(site, lang: str, static, sri, language_name) -> str:
    routes = site.routes

    def asset(path: str) -> dict:
        return {"src": static(path), "integrity": sri(path)}

    config = {
        "lang": lang,
        "self": asset("js/search.js"),
        "indexes": {
            code: {
                "index": routes.href(routes.search_data_path(code, "index")),
                "store": routes.href(routes.search_data_path(code, "store")),
            }
            for code in site.languages
        },
        "scripts": {
            "common": [asset(p) for p in COMMON_SCRIPTS],
            **{c: [asset(p) for p in ps] for c, ps in LANGUAGE_SCRIPTS.items()},
        },
        "types": {section: site.translate(lang, label) for section, label in SECTION_NAMES.items()},
        "languageNames": {code: language_name(code, lang) for code in site.languages},
        "strings": {
            "one": site.translate(lang, "1 result"),
            "other": site.translate(lang, "%(count)s results", count="{n}"),
            "none": site.translate(lang, "No results for “%(query)s”.", query="{q}"),
            "others": site.translate(lang, "Found in other languages:"),
            "all": site.translate(lang, "See all results"),
        },
    }
    return safe_json(config)
