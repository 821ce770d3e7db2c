"""The site's query, in Python: the same clauses as essSearch.query in search-pipelines.js, for the
parity test and the benchmark (lunr.py against the built index files)."""

from __future__ import annotations

from lunr.index import Index
from lunr.query import Query

from .index import register_query_pipeline
from .tokens import tokenize

MAX_WORDS = 12


def load_index(serialised: dict, lang: str, normaliser) -> Index:
    register_query_pipeline(normaliser, lang)
    return Index.load(serialised)


def learn_queries(normaliser, lang: str, texts) -> None:
    normaliser.learn({lang: {word for text in texts for word in tokenize(text)[:MAX_WORDS]}}, complete=True)


def run_query(index: Index, lang: str, text: str, normaliser) -> list[dict]:
    words = tokenize(text)[:MAX_WORDS]
    if not words:
        return []
    query = index.create_query()
    for word in words:
        query.term(word, use_pipeline=True)
    whole = normaliser.query_term(lang, words[-1])
    prefix = normaliser.prefix_term(lang, words[-1])
    if prefix and len(prefix) >= 2 and not (whole and whole in index.inverted_index):
        query.term(prefix, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING, boost=0.5)
    return index.query(query)
