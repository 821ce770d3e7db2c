"""Site search: one lunr index per language, built at build time, queried by lunr.js in the page.

Writes search/<lang>.index.json (lunr.py, schema of lunr.js 2.3.9) and search/<lang>.store.json
(url, title, section, date, snippet per result). Published builds add their .gz and .br copies, like for
every text file (ess_precompress); a preview, which no host serves, does without.
"""

from __future__ import annotations

import json
from pathlib import Path

from ess_content import reads
from ess_site import site_output

from .documents import documents_for
from .index import build_index, vocabulary
from .normaliser import Normaliser
from .vendor import search_pipelines


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search(site, generator=None, writer=None):
    """Keeps the previous build's files of each language when nothing their documents read changed; builds
    the others' indexes in a second process while the main one renders the pages."""
    stale = []
    for lang in site.languages:
        if all(site.reuse.reusable(path) for path in _files(site, lang)):
            for path in _files(site, lang):
                site.reuse.reuse(path)
        else:
            stale.append(lang)
    if stale:
        site.run_in_background("search", lambda forked: build_search_files(forked, stale), on_result=site.reuse.merge)


def _files(site, lang: str) -> list[str]:
    return [site.routes.search_data_path(lang, kind) for kind in ("index", "store")]


def build_search_files(site, languages=None) -> dict:
    """Writes the index and store of each language (all by default), each recorded with what its
    documents read; returns that record, for the main process's state of this build."""
    languages = languages or site.languages
    documents, read = {}, {}
    for lang in languages:
        with reads.recording() as record:
            documents[lang] = documents_for(site, lang)
        read[lang] = sorted(record)
    cache = site.settings.get("ESS_CACHE_DIR")
    normaliser = Normaliser(
        site.settings["NODE_MODULES"],
        site.settings["SEARCH_PIPELINES_JS"],
        search_pipelines(site.config),
        Path(cache) if cache else None,
    )
    normaliser.learn({lang: vocabulary(docs) for lang, docs in documents.items()})
    for lang, docs in documents.items():
        index = build_index(docs, lang, normaliser)
        store = [doc.store for doc in docs]
        for kind, data in (("index", index), ("store", store)):
            site.output_file(site.routes.search_data_path(lang, kind)).write_bytes(_json(data))
        for relative in _files(site, lang):
            site.reuse.record(relative, read[lang])
    return site.reuse.export()


def register():
    site_output.connect(write_search)
