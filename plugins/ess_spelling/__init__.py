"""Spelling of the site's texts: Hunspell per language, accepted words, and Luxembourgish's n-rule.

``python -m ess_spelling`` (``make spelling``) lists the unknown words per content file and catalog with
the dictionary's suggestions; tests/test_spelling.py checks the built site and the catalogs.
"""

from __future__ import annotations

from .check import ACCEPTED_FOLDER, catalog_texts, collect, content_texts, load_accepted, site_texts, unknown
from .hunspell import DICTIONARY_PACKAGES, PROJECT_ROOT, Hunspell, SpellingToolMissingError
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


def editor_texts(tree, root, languages, translations=None) -> list[tuple[str, str, str]]:
    """What ``make spelling`` reads: the content files and the catalogs."""
    folder = translations or PROJECT_ROOT / "translations"
    return [*content_texts(tree, root), *catalog_texts(folder, languages)]


def checked_languages(languages) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(languages with a dictionary, declared languages without one)."""
    return tuple(x for x in languages if x in DICTIONARY_PACKAGES), tuple(
        x for x in languages if x not in DICTIONARY_PACKAGES
    )


def count_unknown(tree, root, languages, translations=None) -> int:
    """How many different unknown words the content and catalogs hold (accepted words left out)."""
    folder = (translations or PROJECT_ROOT / "translations") / ACCEPTED_FOLDER.name
    accepted = {lang: load_accepted(lang, folder) for lang in languages}
    found = unknown(collect(editor_texts(tree, root, languages, translations)), languages, accepted)
    return sum(len(words) for words in found.values())


def spelling_summary(tree, root, languages, translations=None) -> str:
    """The line ``make check`` prints: how many unknown words, or why spelling was not checked."""
    checked, without = checked_languages(languages)
    note = f" (no dictionary for {', '.join(without)})" if without else ""
    try:
        count = count_unknown(tree, root, checked, translations)
    except SpellingToolMissingError as error:
        return f"Spelling not checked: {error}."
    if not count:
        return f"Spelling: no unknown word{note}."
    return f"Spelling: {count} unknown word(s){note}; make spelling lists them with suggestions."


__all__ = [
    "Hunspell",
    "SpellingToolMissingError",
    "checked_languages",
    "collect",
    "count_unknown",
    "editor_texts",
    "nrule_breaches",
    "site_texts",
    "spelling_summary",
]
