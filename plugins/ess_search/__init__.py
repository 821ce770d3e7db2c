"""Site search: one lunr index per language, built at build time, queried by lunr.js in the page.

Writes search/<lang>.index.json (lunr.py, schema of lunr.js 2.3.9) and search/<lang>.store.json
(url, title, section, date, snippet per result), each also as .gz and .br for hosts that serve them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ess_site import site_output

from .compress import write_precompressed
from .documents import documents_for
from .index import build_index, vocabulary
from .normaliser import Normaliser


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search(site, generator=None, writer=None):
    """Builds the indexes in a second process while the main one renders the pages."""
    site.run_in_background("search", build_search_files, on_result=site.reuse.merge)


def _files(site, lang: str) -> list[str]:
    paths = [site.routes.search_data_path(lang, kind) for kind in ("index", "store")]
    return [f"{path}{suffix}" for path in paths for suffix in ("", ".gz", ".br")]


def build_search_files(site) -> dict:
    """Writes each language's index and store, or keeps the previous build's when the documents are the
    same; returns what it decided (for the main process's record of this build)."""
    documents = {lang: documents_for(site, lang) for lang in site.languages}
    keys = {lang: hashlib.blake2b(_json([[d.fields, d.store] for d in docs]), digest_size=16).hexdigest()
            for lang, docs in documents.items()}  # fmt: skip
    stale = {}
    for lang, docs in documents.items():
        if all(site.reuse.reusable(path, keys[lang]) for path in _files(site, lang)):
            for path in _files(site, lang):
                site.reuse.reuse(path, keys[lang])
        else:
            stale[lang] = docs
    if stale:
        cache = site.settings.get("ESS_CACHE_DIR")
        normaliser = Normaliser(
            site.settings["NODE_MODULES"], site.settings["SEARCH_PIPELINES_JS"], Path(cache) if cache else None
        )
        normaliser.learn({lang: vocabulary(docs) for lang, docs in stale.items()})
    for lang, docs in stale.items():
        index = build_index(docs, lang, normaliser)
        store = [doc.store for doc in docs]
        for kind, data in (("index", index), ("store", store)):
            write_precompressed(site.output_file(site.routes.search_data_path(lang, kind)), _json(data))
        for relative in _files(site, lang):
            site.reuse.record(relative, [], keys[lang])
    return site.reuse.export()


def register():
    site_output.connect(write_search)
