"""Site search: one lunr index per language, built at build time, queried by lunr.js in the page.

Each language's lunr.py index (schema of lunr.js 2.3.9) and result store (url, title, section, date,
snippet per result) are published cut into parts (partition.py): search/<lang>.json lists them, and the
browser fetches only the term shards a query's words fall in and the store chunks of the results it shows.
Published builds add .gz and .br copies, like for every text file (ess_precompress); a preview, which no
host serves, does without.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from ess_content import reads
from ess_site import site_output

from .documents import documents_for
from .index import index_rows, vocabulary
from .normaliser import Normaliser
from .partition import dumps, part_names, partition
from .vendor import search_pipelines


def write_search(site, generator=None, writer=None):
    """Keeps the previous build's files of each language when nothing their documents read changed; builds
    the others' indexes in a second process while the main one renders the pages."""
    stale = [lang for lang in site.languages if not _reuse_language(site, lang)]
    if stale:
        site.run_in_background("search", lambda forked: build_search_files(forked, stale), on_result=site.reuse.merge)


def _reuse_language(site, lang: str) -> bool:
    """Links the previous build's entry and parts of ``lang`` if they are still what this build would write."""
    entry_path = site.routes.search_entry_path(lang)
    if not site.reuse.reuse(entry_path):
        return False
    entry = json.loads(site.published_file(entry_path).read_text(encoding="utf-8"))
    parts = [site.routes.search_part_path(lang, entry["version"], name) for name in part_names(entry)]
    if all(site.reuse.reusable(part, key=entry["version"]) for part in parts):
        for part in parts:
            site.reuse.reuse(part, key=entry["version"])
        return True
    site.reuse.forget(entry_path)  # a part was changed or removed by hand since: build the language again
    return False


def build_search_files(site, languages=None) -> dict:
    """Writes the entry and parts of each language (all by default), the entry recorded with what its
    documents read and each part with its version; returns that record, for the main process's state."""
    languages = languages or site.languages
    cache = site.settings.get("ESS_CACHE_DIR")
    normaliser = Normaliser(
        site.settings["NODE_MODULES"],
        site.settings["SEARCH_PIPELINES_JS"],
        search_pipelines(site.config),
        Path(cache) if cache else None,
    )
    for lang in languages:  # one language at a time: a large site's documents of all four do not fit at once
        with reads.recording() as record:
            docs = documents_for(site, lang)
        normaliser.learn({lang: vocabulary(docs)})
        header, rows = index_rows(docs, lang, normaliser)
        entry, parts = partition(header, [doc.store for doc in docs], rows)
        del docs
        entry_path = site.routes.search_entry_path(lang)
        for name, text in parts.items():
            part_path = site.routes.search_part_path(lang, entry["version"], name)
            site.write_output(part_path, text)
            site.reuse.record(part_path, (), key=entry["version"])
        base = posixpath.dirname(site.routes.search_part_path(lang, entry["version"], "-"))
        entry["base"] = posixpath.relpath(base, posixpath.dirname(entry_path)) + "/"
        site.write_output(entry_path, dumps(entry))
        site.reuse.record(entry_path, sorted(record))
    return site.reuse.export()


def register():
    site_output.connect(write_search)
