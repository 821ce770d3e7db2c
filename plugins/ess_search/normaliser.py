"""Runs the site's search pipelines (theme/static/js/search-pipelines.js, lunr-languages' stemmers) in
Node, once per build for the whole vocabulary, so indexed terms are exactly what the browser computes.

Why not Python stemmers: snowballstemmer 3.1 and lunr-languages 1.22 disagree on about 4 % of German
words (measured on the demo and a generated tree), and every disagreement is a query that finds nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from ess_content.cache_files import read_pickle, write_pickle

HERE = Path(__file__).resolve().parent


class SearchToolsMissingError(RuntimeError):
    pass


class Normaliser:
    """token → (index term | None, query term | None, prefix term | None), per language."""

    def __init__(self, node_modules: Path, pipelines_js: Path, pipelines: dict, cache_dir: Path | None = None):
        self.node_modules = Path(node_modules)
        self.pipelines_js = Path(pipelines_js)
        self.pipelines = pipelines  # lang → the declared pipeline (SearchPipeline.as_json())
        self.tables: dict[str, dict[str, tuple]] = {}
        node = shutil.which("node")
        if node is None or not (self.node_modules / "lunr").is_dir():
            raise SearchToolsMissingError(
                "the search index needs Node.js and the npm packages lunr and lunr-languages: run `npm ci` "
                "(make html does it for you)"
            )
        self.node = node
        self.cache = Path(cache_dir) / f"search-terms-{self._version()}.pickle" if cache_dir else None
        self._cached = read_pickle(self.cache) or {}

    def _version(self) -> str:
        """The scripts and packages that decide the terms: a change to any starts a new table."""
        hasher = hashlib.blake2b(digest_size=8)
        hasher.update(json.dumps(self.pipelines, sort_keys=True).encode())
        for path in (
            HERE / "normalise.js",
            HERE / "lunr_loader.js",
            self.pipelines_js,
            self.node_modules / "lunr" / "package.json",
            self.node_modules / "lunr-languages" / "package.json",
        ):
            hasher.update(path.read_bytes() if path.is_file() else b"-")
        return hasher.hexdigest()

    def learn(self, tokens_by_lang: dict[str, set[str]], *, complete: bool = False) -> None:
        """Terms for every token, from earlier builds' table where it has them, else from Node (one run).
        An index needs only each token's index term; ``complete`` also asks for its query and prefix terms."""
        size = 3 if complete else 1

        def known(table, token) -> bool:
            return token in table and len(table[token]) >= size

        for lang, tokens in tokens_by_lang.items():
            cached = self._cached.get(lang, {})
            table = self.tables.setdefault(lang, {})
            table.update({t: cached[t] for t in tokens if known(cached, t) and not known(table, t)})
        request = {
            lang: sorted(t for t in tokens if not known(self.tables[lang], t))
            for lang, tokens in tokens_by_lang.items()
        }
        if any(request.values()):
            result = subprocess.run(
                # one thread: V8's background compilation and GC threads cost CPU time this short run never wins back
                [
                    self.node,
                    "--single-threaded",
                    str(HERE / "normalise.js"),
                    str(self.node_modules),
                    str(self.pipelines_js),
                ],
                input=json.dumps({"complete": complete, "pipelines": self.pipelines, "tokens": request}),
                capture_output=True,
                text=True,
                check=True,
            )
            for lang, table in json.loads(result.stdout).items():
                self.tables.setdefault(lang, {}).update({token: tuple(terms) for token, terms in table.items()})
            if self.cache is not None:
                write_pickle(self.cache, self.tables)  # this build's vocabulary: never outgrows one content tree

    def query_term(self, lang: str, token: str):
        return self.tables[lang][token][1]

    def prefix_term(self, lang: str, token: str):
        return self.tables[lang][token][2]
