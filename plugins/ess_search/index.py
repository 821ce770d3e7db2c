"""lunr.py indexes whose terms come from the site's own JavaScript pipelines (see normaliser.py)."""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as inverse_document_frequency
from lunr.pipeline import Pipeline
from lunr.vector import Vector

from .documents import FIELDS, SearchDocument
from .partition import encoded_postings
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
        # one string per word however many documents hold it (a large site's words would not fit otherwise)
        document.tokens = {name: list(map(sys.intern, tokenize(value))) for name, value in document.fields.items()}
        document.fields = {}  # its words are all the index needs from here on: the text can go
    return document.tokens


def vocabulary(documents: list[SearchDocument]) -> set[str]:
    return {token for doc in documents for tokens in tokenized(doc).values() for token in tokens}


class _TermsBuilder(Builder):
    """lunr.py's Builder for documents whose fields are already lists of index terms (no tokenizer, no
    pipeline, no metadata kept). It fills the same structures in the same order as ``Builder.add``, counting
    with ``Counter`` instead of a Python loop over every word, and skips the token set, which only lunr.py's
    own search uses: lunr.js rebuilds it from the serialised index, which does not hold it. The index files
    are byte for byte those of ``Builder`` (tests/test_search.py compares them); together a third of the
    index's build time."""

    def add(self, doc, attributes=None):
        if self.metadata_whitelist or self.pipeline._stack:  # pragma: no cover - not how index_rows uses it
            raise ValueError("_TermsBuilder takes ready index terms: no pipeline, no metadata")
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name in self._fields:
            terms = doc[field_name]
            field_ref = str(FieldRef(doc_ref, field_name))
            field_terms = Counter(terms)  # first occurrences first, like the loop it replaces
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = len(terms)
            for term in field_terms:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name].setdefault(doc_ref, defaultdict(list))

    #: False: only the weights for term_rows are computed, not the vectors a serialised index holds
    vectors = True

    def _create_field_vectors(self):
        """Builder's BM25 vectors with the same arithmetic, each filled at once in term order instead of by
        one binary-search insertion per term; each weight also kept by (term index, field) for term_rows."""
        field_vectors = {}
        idf_cache = {}
        self.weights = weights = {}  # (term index, field) → [(ref as a number, weight), ...] in ref order
        k1, b = self._k1, self._b
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            if not term_frequencies:  # (a field empty in every document has an average length of 0)
                field_vectors[field_ref] = Vector()
                continue
            ref = FieldRef.from_string(field_ref)
            field_boost = self._fields[ref.field_name].boost
            doc_boost = self._documents[ref.doc_ref].get("boost", 1)
            length_ratio = self.field_lengths[field_ref] / self.average_field_length[ref.field_name]
            scored = []
            for term, tf in term_frequencies.items():
                posting = self.inverted_index[term]
                idf = idf_cache.get(term)
                if idf is None:
                    idf = idf_cache[term] = inverse_document_frequency(posting, self.document_count)
                score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length_ratio) + tf)
                score *= field_boost
                score *= doc_boost
                scored.append((posting["_index"], round(score, 3)))
            number = int(ref.doc_ref)
            for term_index, weight in scored:
                weights.setdefault((term_index, ref.field_name), []).append((number, weight))
            if self.vectors:
                scored.sort()
                field_vectors[field_ref] = Vector([value for pair in scored for value in pair])
        self.field_vectors = field_vectors

    def _create_token_set(self):
        self.token_set = None

    def term_rows(self) -> list[list]:
        """[term, term index, per field [ref delta, weight × 1000, ...]] in term order: the rows
        partition._term_rows reads from the serialised index, without serialising it (once built; refs are
        the documents' positions)."""
        fields = list(self._fields)
        rows = []
        for term in sorted(self.inverted_index):
            term_index = self.inverted_index[term]["_index"]
            row = [term, term_index]
            for field in fields:
                row.append(encoded_postings(sorted(self.weights.get((term_index, field), ()))))
            rows.append(row)
        return rows


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


def index_rows(documents: list[SearchDocument], lang: str, normaliser) -> tuple[dict, list[list]]:
    """What partition() needs of the lunr.py index of the documents: its header (the serialised index less
    its postings and vectors) and its term rows, built without serialising the index (which took a fifth of
    the search's time)."""
    if not documents:
        return empty_index(lang), []
    builder = _built(documents, lang, normaliser)
    header = {key: value for key, value in empty_index(lang).items() if key not in ("fieldVectors", "invertedIndex")}
    return header, builder.term_rows()


def _built(documents: list[SearchDocument], lang: str, normaliser) -> _TermsBuilder:
    """The documents' words are turned into index terms here, once, from the table the browser's pipelines
    computed (stop words dropped), so lunr.py's own index pipeline stays empty."""
    table = normaliser.tables[lang]
    builder = _TermsBuilder()
    builder.vectors = False  # (index_rows takes the term rows, never the serialised index)
    builder.search_pipeline.add(register_query_pipeline(normaliser, lang))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    index_term = {token: terms[0] for token, terms in table.items()}.__getitem__  # ('' for a stop word)
    for doc in documents:
        terms = {name: list(filter(None, map(index_term, tokens))) for name, tokens in tokenized(doc).items()}
        builder.add({"ref": doc.ref, **terms})
    builder.build()
    return builder
