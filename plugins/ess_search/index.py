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


def tokenized(document: SearchDocument) -> dict[str, dict[str, int]]:
    """Each field's words, each with how often it occurs, in the order they first occur (all the index
    needs of a field: its terms, their frequencies and their first occurrences' order)."""
    if document.tokens is None:
        # one string per word however many documents hold it (a large site's words would not fit otherwise)
        document.tokens = {
            name: {sys.intern(token): count for token, count in Counter(tokenize(value)).items()}
            for name, value in document.fields.items()
        }
        document.fields = {}  # its words are all the index needs from here on: the text can go
    return document.tokens


def vocabulary(documents: list[SearchDocument]) -> set[str]:
    return set().union(*(counts for doc in documents for counts in tokenized(doc).values()))


def index_terms(counts: dict[str, int], index_term) -> dict[str, int]:
    """A field's index terms with their frequencies, from its words' (``index_term``: '' for a stop word),
    in the order of their first occurrence in the field: what the list of its words' terms would count."""
    terms: dict[str, int] = {}
    for token, count in counts.items():
        term = index_term(token)
        if term:
            terms[term] = terms.get(term, 0) + count
    return terms


#: the metadata of every posting (none is kept: see _TermsBuilder), one shared empty dict
_NO_METADATA: dict = {}


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
            terms = doc[field_name]  # a list of terms, or each term with its frequency (index_terms)
            field_ref = f"{field_name}/{doc_ref}"  # (FieldRef's text)
            if isinstance(terms, list):
                field_terms = Counter(terms)  # first occurrences first, like the loop it replaces
                self.field_lengths[field_ref] = len(terms)
            else:
                field_terms = terms
                self.field_lengths[field_ref] = sum(terms.values())
            self.field_term_frequencies[field_ref] = field_terms
            for term in field_terms:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = _NO_METADATA

    #: False: only the weights for term_rows are computed, not the vectors a serialised index holds
    vectors = True

    def _create_field_vectors(self):
        """Builder's BM25 vectors with the same arithmetic, each filled at once in term order instead of by
        one binary-search insertion per term; each weight also kept by field and term index for term_rows
        (the parts of the formula that are the same for a whole field or term computed once for it, the
        same operations on the same values)."""
        field_vectors = {}
        terms: dict[str, tuple[int, float]] = {}  # term → (its index, its inverse document frequency)
        # field → term index → [(ref as a number, weight), ...] in ref order
        self.weights = weights = {name: defaultdict(list) for name in self._fields}
        k1, b = self._k1, self._b
        k1_plus_1 = k1 + 1
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            if not term_frequencies:  # (a field empty in every document has an average length of 0)
                field_vectors[field_ref] = Vector()
                continue
            ref = FieldRef.from_string(field_ref)
            field_boost = self._fields[ref.field_name].boost
            doc_boost = self._documents[ref.doc_ref].get("boost", 1)
            length_ratio = self.field_lengths[field_ref] / self.average_field_length[ref.field_name]
            norm = k1 * (1 - b + b * length_ratio)
            scored = []
            for term, tf in term_frequencies.items():
                found = terms.get(term)
                if found is None:
                    posting = self.inverted_index[term]
                    found = terms[term] = (posting["_index"], inverse_document_frequency(posting, self.document_count))
                scored.append((found[0], round(found[1] * (k1_plus_1 * tf) / (norm + tf) * field_boost * doc_boost, 3)))
            number = int(ref.doc_ref)
            by_term = weights[ref.field_name]
            for term_index, weight in scored:
                by_term[term_index].append((number, weight))
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
                row.append(encoded_postings(sorted(self.weights[field].get(term_index, ()))))
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
        builder.add(
            {"ref": doc.ref, **{name: index_terms(counts, index_term) for name, counts in tokenized(doc).items()}}
        )
    builder.build()
    return builder
