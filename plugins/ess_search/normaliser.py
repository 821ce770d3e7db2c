"""Runs the site's search pipelines (theme/static/js/search-pipelines.js, lunr-languages' stemmers) in
Node, once per build for the whole vocabulary, so indexed terms are exactly what the browser computes.

Why not Python stemmers: snowballstemmer 3.1 and lunr-languages 1.22 disagree on about 4 % of German
words (measured on the demo and a generated tree), and every disagreement is a query that finds nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


class SearchToolsMissingError(RuntimeError):
    pass


class Normaliser:
    """token → (index term | None, query term | None, prefix term | None), per language."""

    def __init__(self, node_modules: Path, pipelines_js: Path):
        self.node_modules = Path(node_modules)
        self.pipelines_js = Path(pipelines_js)
        self.tables: dict[str, dict[str, tuple]] = {}
        node = shutil.which("node")
        if node is None or not (self.node_modules / "lunr").is_dir():
            raise SearchToolsMissingError(
                "the search index needs Node.js and the npm packages lunr and lunr-languages: run `npm ci` "
                "(make html does it for you)"
            )
        self.node = node

    def learn(self, tokens_by_lang: dict[str, set[str]]) -> None:
        request = {
            lang: sorted(t for t in tokens if t not in self.tables.get(lang, {}))
            for lang, tokens in tokens_by_lang.items()
        }
        if not any(request.values()):
            return
        result = subprocess.run(
            [self.node, str(HERE / "normalise.js"), str(self.node_modules), str(self.pipelines_js)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=True,
        )
        for lang, table in json.loads(result.stdout).items():
            self.tables.setdefault(lang, {}).update({token: tuple(terms) for token, terms in table.items()})

    def index_term(self, lang: str, token: str):
        return self.tables[lang][token][0]

    def query_term(self, lang: str, token: str):
        return self.tables[lang][token][1]

    def prefix_term(self, lang: str, token: str):
        return self.tables[lang][token][2]
