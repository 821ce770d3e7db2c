"""Spelling of the site's texts: Hunspell per language, accepted words, and Luxembourgish's n-rule.

``python -m ess_spelling`` (``make spelling``) lists the unknown words per content file and catalog with
the dictionary's suggestions; tests/test_spelling.py checks the built site and the catalogs.
"""

from __future__ import annotations

from .check import catalog_texts, collect, content_texts, load_accepted, site_texts, unknown
from .hunspell import PROJECT_ROOT, Hunspell, SpellingToolMissingError
from .nrule import Breach, candidates

NRULE_LANGUAGE = "lb"  # the language whose texts follow the n-rule


def nrule_breaches(texts, hunspell: Hunspell) -> list[tuple[str, Breach]]:
    """(place, breach) for every n-rule breach in the (lang, place, text) triples of NRULE_LANGUAGE
    (the dictionary is asked once, for every shorter form at the same time)."""
    found = [(place, c) for lang, place, text in texts if lang == NRULE_LANGUAGE for c in candidates(text)]
    shorter = {c[1] for _, c in found}
    known = shorter - hunspell.unknown(shorter)
    return [
        (place, Breach(word, next_word, offset)) for place, (word, short, next_word, offset) in found if short in known
    ]


def editor_texts(tree, root, languages) -> list[tuple[str, str, str]]:
    """What ``make spelling`` reads: the content files and the catalogs."""
    return [*content_texts(tree, root), *catalog_texts(PROJECT_ROOT / "translations", languages)]


def count_unknown(tree, root, languages) -> int:
    """How many different unknown words the content and catalogs hold (accepted words left out)."""
    accepted = {lang: load_accepted(lang) for lang in languages}
    found = unknown(collect(editor_texts(tree, root, languages)), languages, accepted)
    return sum(len(words) for words in found.values())


def spelling_summary(tree, root) -> str:
    """The line ``make check`` prints: how many unknown words, or why spelling was not checked."""
    from ess_content.vocabulary import LANGUAGES

    try:
        count = count_unknown(tree, root, LANGUAGES)
    except SpellingToolMissingError as error:
        return f"Spelling not checked: {error}."
    if not count:
        return "Spelling: no unknown word."
    return f"Spelling: {count} unknown word(s); make spelling lists them with suggestions."


__all__ = [
    "spelling_summary",
    "Hunspell",
    "SpellingToolMissingError",
    "collect",
    "count_unknown",
    "editor_texts",
    "nrule_breaches",
    "site_texts",
]
