"""Site search: one lunr index per language, built at build time, queried by lunr.js in the page.

Writes search/<lang>.index.json (lunr.py, schema of lunr.js 2.3.9) and search/<lang>.store.json
(url, title, section, date, snippet per result). Published builds add their .gz and .br copies, like for
every text file (ess_precompress); a preview, which no host serves, does without.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ess_site import site_output

from .documents import documents_for
from .index import build_index, vocabulary
from .normaliser import Normaliser


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search(site, generator=None, writer=None):
    """Keeps the previous build's files of each language whose inputs are unchanged; builds the others'
    indexes in a second process while the main one renders the pages."""
    keys = {lang: _input_key(site, lang) for lang in site.languages}
    stale = []
    for lang in site.languages:
        if all(site.reuse.reusable(path, keys[lang]) for path in _files(site, lang)):
            for path in _files(site, lang):
                site.reuse.reuse(path, keys[lang])
        else:
            stale.append(lang)
    if stale:
        site.run_in_background(
            "search", lambda forked: build_search_files(forked, stale, keys), on_result=site.reuse.merge
        )


def _input_key(site, lang: str) -> str:
    """What a language's documents are made of: the code, settings and front matter of the whole site
    (labels, addresses, publishers) and the bodies of that language's translations."""
    reuse = site.reuse
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{reuse.global_digest}\0{reuse.structure_digest}\0".encode())
    for item in site.tree.all_items():
        translation = item.translations.get(lang)
        if translation is not None:
            hasher.update(f"{translation.source_id}\0{translation.body_digest}\0".encode())
    return hasher.hexdigest()


def _files(site, lang: str) -> list[str]:
    paths = [site.routes.search_data_path(lang, kind) for kind in ("index", "store")]
    return paths


def build_search_files(site, languages=None, keys=None) -> dict:
    """Writes the index and store of each language (all by default); returns what it wrote, for the main
    process's record of this build."""
    languages = languages or site.languages
    keys = keys or {lang: _input_key(site, lang) for lang in languages}
    documents = {lang: documents_for(site, lang) for lang in languages}
    cache = site.settings.get("ESS_CACHE_DIR")
    normaliser = Normaliser(
        site.settings["NODE_MODULES"], site.settings["SEARCH_PIPELINES_JS"], Path(cache) if cache else None
    )
    normaliser.learn({lang: vocabulary(docs) for lang, docs in documents.items()})
    for lang, docs in documents.items():
        index = build_index(docs, lang, normaliser)
        store = [doc.store for doc in docs]
        for kind, data in (("index", index), ("store", store)):
            site.output_file(site.routes.search_data_path(lang, kind)).write_bytes(_json(data))
        for relative in _files(site, lang):
            site.reuse.record(relative, [], keys[lang])
    return site.reuse.export()


def register():
    site_output.connect(write_search)
