"""lunr.py indexes whose terms come from the site's own JavaScript pipelines (see normaliser.py)."""

from __future__ import annotations

from contextlib import contextmanager

import lunr.builder
from lunr.builder import Builder
from lunr.pipeline import Pipeline

from .documents import FIELDS, SearchDocument
from .tokens import tokenize


def query_label(lang: str) -> str:
    return f"ess-query-{lang}"


def register_query_pipeline(normaliser, lang: str):
    """Registers 'ess-query-<lang>' for lunr.py (the browser registers the same label in JavaScript)."""

    def query_function(token, i, tokens):
        term = normaliser.query_term(lang, str(token))
        return token.update(lambda s, m: term) if term else None

    label = query_label(lang)
    Pipeline.registered_functions.pop(label, None)
    Pipeline.register_function(query_function, label)
    return query_function


def tokenized(document: SearchDocument) -> dict[str, list[str]]:
    if document.tokens is None:
        document.tokens = {name: tokenize(value) for name, value in document.fields.items()}
    return document.tokens


def vocabulary(documents: list[SearchDocument]) -> set[str]:
    return {token for doc in documents for tokens in tokenized(doc).values() for token in tokens}


def _pretokenized(obj, metadata=None, separator=None):
    """lunr.py's Tokenizer for a field that is already a list of index terms. Plain strings do: with an
    empty pipeline and no metadata whitelisted, the builder only takes ``str(term)`` of each (a Token per
    word cost a third of the index's build time)."""
    return obj


def _no_token_set(builder):
    """The token set is what lunr.py searches with; lunr.js rebuilds its own from the serialised index, which
    does not hold it, so building one here is wasted (an eighth of the index's time)."""
    builder.token_set = None


@contextmanager
def _lean_builder():
    original = lunr.builder.Tokenizer, Builder._create_token_set
    lunr.builder.Tokenizer, Builder._create_token_set = _pretokenized, _no_token_set
    try:
        yield
    finally:
        lunr.builder.Tokenizer, Builder._create_token_set = original


def empty_index(lang: str) -> dict:
    """lunr.py cannot build an index of no document (it divides by zero); lunr.js loads this one."""
    from lunr import __TARGET_JS_VERSION__

    return {
        "version": __TARGET_JS_VERSION__,
        "fields": [name for name, _ in FIELDS],
        "fieldVectors": [],
        "invertedIndex": [],
        "pipeline": [query_label(lang)],
    }


def build_index(documents: list[SearchDocument], lang: str, normaliser) -> dict:
    """lunr.py index of the documents. Their words are turned into index terms here, once, from the table
    the browser's pipelines computed (stop words dropped), so lunr.py's own index pipeline stays empty."""
    if not documents:
        return empty_index(lang)
    table = normaliser.tables[lang]
    builder = Builder()
    builder.search_pipeline.add(register_query_pipeline(normaliser, lang))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    with _lean_builder():
        for doc in documents:
            terms = {
                name: [term for term in (table[token][0] for token in tokens) if term]
                for name, tokens in tokenized(doc).items()
            }
            builder.add({"ref": doc.ref, **terms})
        return builder.build().serialize()
