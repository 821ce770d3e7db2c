"""Site search: one lunr index per language, built at build time, queried by lunr.js in the page.

Writes search/<lang>.index.json (lunr.py, schema of lunr.js 2.3.9) and search/<lang>.store.json
(url, title, section, date, snippet per result), each also as .gz and .br for hosts that serve them.
"""

from __future__ import annotations

import json

from ess_site import site_output

from .compress import write_precompressed
from .documents import documents_for
from .index import build_index, vocabulary
from .normaliser import Normaliser


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search(site, generator=None, writer=None):
    """Builds the indexes in a second process while the main one renders the pages."""
    site.run_in_background("search", build_search_files)


def build_search_files(site):
    normaliser = Normaliser(site.settings["NODE_MODULES"], site.settings["SEARCH_PIPELINES_JS"])
    documents = {lang: documents_for(site, lang) for lang in site.languages}
    normaliser.learn({lang: vocabulary(docs) for lang, docs in documents.items()})
    for lang, docs in documents.items():
        index = build_index(docs, lang, normaliser)
        store = [doc.store for doc in docs]
        for kind, data in (("index", index), ("store", store)):
            write_precompressed(site.output_file(site.routes.search_data_path(lang, kind)), _json(data))


def register():
    site_output.connect(write_search)
