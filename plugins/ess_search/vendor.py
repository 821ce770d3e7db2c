"""What the browser needs to search each declared language: the lunr.js files from npm and the pipeline
of each language, both read from the language declaration (no language is named here)."""

from __future__ import annotations

VENDOR_DIR = "js/vendor"  # under the theme's static folder in the output
COMMON = {  # published file → its source under node_modules/
    "lunr.min.js": "lunr/lunr.min.js",
    "lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
}


def search_pipelines(config) -> dict[str, dict]:
    """lang → its pipeline as search-pipelines.js takes it."""
    return {lang.code: lang.search.as_json() for lang in config.languages}


def stemmer_file(code: str) -> str:
    return f"lunr.{code}.min.js"


def vendor_files(config) -> dict[str, str]:
    """Published name (under js/vendor/) → source under node_modules/: lunr, the stemmer support, and
    the lunr-languages file of each language whose pipeline is a stemmer."""
    files = dict(COMMON)
    for lang in config.languages:
        if lang.search.kind == "stemmer":
            files[stemmer_file(lang.search.stemmer_code)] = (
                f"lunr-languages/min/{stemmer_file(lang.search.stemmer_code)}"
            )
    return files
