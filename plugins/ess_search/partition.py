"""The published form of a language's search: its lunr index cut into term ranges and its result store cut
into chunks, so a visitor fetches only what a query needs (theme/static/js/search-index.js reads them).

    search/<lang>.json                    the entry: where the parts are, the range each term shard
                                          starts at, the documents' sections; revalidated on every visit
    search/<lang>/<version>/t<n>.json     term shard n: [[term, term index, postings per field], ...]
    search/<lang>/<version>/d<n>.json     store chunk n: the results' entries of documents n·K … n·K+K-1

``version`` is a digest of every part: a part never changes under its name, so a visitor who loaded an
entry never mixes two builds' parts.

Why the browser can score from parts exactly as from the whole index: lunr.js 2.3.9 (like lunr.py) scores
a document field by ``query vector · field vector / |query vector|``; the dot product only reads the field
vector's entries of the query's own terms, which are the postings of the shards the query's terms fall
in, and the norm is the query's. So an index rebuilt from the loaded shards, with each term's original
index, gives the same results, scores and order (tests/test_search.py checks it against lunr.js on the
whole index and against lunr.py). Postings hold, per field, ``[ref delta, weight × 1000, ...]``: refs are
positions in the store, weights are the index's own (lunr rounds them to three decimals, so the integer
is exact and ``n / 1000`` gives back the same double).

How search-index.js scores, in lunr's order without lunr's objects (when 10,000 documents match, lunr.js
on the whole index takes 15 to 50 times as long: bench/search.py): each term's postings decoded once into
typed arrays; per field, a dot product accumulated in an array indexed by document, the query's terms in
lunr.Vector's index order; a document's field scores added in the order lunr made its field matches
(clause, term, expanded term, field, postings in ref order), and results ranked by score with ties in
the order their first field matched, as lunr's stable sort leaves them (a radix sort of the scores'
bits); a result's matched terms found only for the results shown; a wildcard expanded with lunr's
TokenSet of the loaded terms once per term.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: Raw bytes a term shard grows to before the next term starts a new one (a term's postings are never
#: split). About a quarter of that once gzipped; a query fetches one shard per word.
SHARD_BYTES = 12_000
#: Store entries per chunk: a result list shows up to eight results, each in its own chunk at worst. Eight
#: rather than four: half the files (2,000 items: 250 per language instead of 500, each a file to write and
#: deploy) for about 1.5 kB more gzip before the first result (5 %; bench/search.py).
CHUNK_ENTRIES = 8


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _thousandths(weight: float) -> int:
    scaled = round(weight * 1000)
    if scaled / 1000 != weight:  # lunr rounds every weight to three decimals; anything else is a bug
        raise ValueError(f"search weight {weight!r} has more than three decimals")
    return scaled


def encoded_postings(postings) -> list[int]:
    """A term's postings in one field, ``(ref, weight)`` in ref order, as published: [ref delta, weight ×
    1000, ...]."""
    encoded, previous = [], 0
    for ref, weight in postings:
        encoded += [ref - previous, _thousandths(weight)]
        previous = ref
    return encoded


def _separator(previous: str, first: str) -> str:
    """The shortest start of ``first`` that sorts after ``previous`` (the shard's boundary in the entry)."""
    for length in range(1, len(first) + 1):
        if first[:length] > previous:
            return first[:length]
    return first


def _term_rows(index: dict) -> list[list]:
    """[term, term index, postings of each field] in term order, from a serialised lunr index."""
    fields = index["fields"]
    weights: dict[tuple[int, str], dict[int, float]] = {}  # (term index, field) → {ref: weight}
    for field_ref, elements in index["fieldVectors"]:
        field, _, ref = field_ref.partition("/")
        for position in range(0, len(elements), 2):
            weights.setdefault((elements[position], field), {})[int(ref)] = elements[position + 1]
    rows = []
    for term, posting in index["invertedIndex"]:  # lunr.py serialises them sorted by term
        term_index = posting["_index"]
        row = [term, term_index]
        for field in fields:
            of_field = weights.get((term_index, field), {})
            row.append(encoded_postings((ref, of_field[ref]) for ref in sorted(int(r) for r in posting[field])))
        rows.append(row)
    return rows


def _sections(store: list) -> list[list]:
    """The section of each document in ref order, as runs: [[section, count], ...]."""
    runs: list[list] = []
    for entry in store:
        if runs and runs[-1][0] == entry[2]:
            runs[-1][1] += 1
        else:
            runs.append([entry[2], 1])
    return runs


def partition(index: dict, store: list, rows: list[list] | None = None) -> tuple[dict, dict[str, str]]:
    """The entry and the parts (file name → text) of one language's index and store; ``rows``: the index's
    term rows when they were built without serialising it (index.index_rows; ``index`` is its header then)."""
    shards: list[list] = []
    boundaries: list[str] = []
    size, previous = SHARD_BYTES, ""
    for row in _term_rows(index) if rows is None else rows:
        row_bytes = len(dumps(row).encode("utf-8"))
        if size + row_bytes > SHARD_BYTES and (not shards or shards[-1]):
            shards.append([])
            boundaries.append(_separator(previous, row[0]) if boundaries else "")
            size = 0
        shards[-1].append(row)
        size += row_bytes
        previous = row[0]
    parts = {f"t{n}.json": dumps(rows) for n, rows in enumerate(shards)}
    for n, start in enumerate(range(0, len(store), CHUNK_ENTRIES)):
        parts[f"d{n}.json"] = dumps(store[start : start + CHUNK_ENTRIES])
    hasher = hashlib.blake2b(digest_size=5)
    for name in sorted(parts):
        hasher.update(f"{name}\0{parts[name]}\0".encode())
    entry = {
        "version": hasher.hexdigest(),
        "fields": index["fields"],
        "pipeline": index["pipeline"],
        "shards": boundaries,
        "documents": len(store),
        "chunk": CHUNK_ENTRIES,
        "sections": _sections(store),
    }
    return entry, parts


def assemble(entry: dict, shards: list[list], chunks: list[list]) -> tuple[dict, list]:
    """The serialised lunr index and the store back from an entry and all its parts (for lunr.py: the
    parity test and the benchmark). Field vectors of fields that hold no term are left out: no query
    reaches them."""
    from lunr import __TARGET_JS_VERSION__

    fields = entry["fields"]
    inverted, vectors = [], {}
    for rows in shards:
        for term, term_index, *postings in rows:
            posting = {"_index": term_index}
            for field, encoded in zip(fields, postings, strict=True):
                posting[field] = {}
                ref = 0
                for position in range(0, len(encoded), 2):
                    ref += encoded[position]
                    posting[field][str(ref)] = {}
                    vectors.setdefault((ref, fields.index(field)), []).append(
                        (term_index, encoded[position + 1] / 1000)
                    )
            inverted.append([term, posting])
    field_vectors = [
        [f"{fields[field]}/{ref}", [value for pair in sorted(elements) for value in pair]]
        for (ref, field), elements in sorted(vectors.items())
    ]
    index = {
        "version": __TARGET_JS_VERSION__,
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": entry["pipeline"],
    }
    return index, [entry for chunk in chunks for entry in chunk]


def part_names(entry: dict) -> list[str]:
    """The file names of an entry's parts, in its version's folder."""
    chunks = -(-entry["documents"] // entry["chunk"])
    return [f"t{n}.json" for n in range(len(entry["shards"]))] + [f"d{n}.json" for n in range(chunks)]


def load_published(entry_path: Path) -> tuple[dict, list]:
    """A built language's serialised lunr index and store, read back from its entry file and its parts."""
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    folder = entry_path.parent / entry["base"]
    parts = {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in part_names(entry)}
    shards = [data for name, data in parts.items() if name.startswith("t")]
    chunks = [data for name, data in parts.items() if name.startswith("d")]
    return assemble(entry, shards, chunks)
