"""Which words each language's dictionary does not know, and where they are.

Sources: a built site (every page, each text under its nearest ``lang``), the catalogs (every msgstr),
and the content files (text fields and body, under the file's language). Accepted words (names, acronyms,
deliberate loanwords) are listed in ``translations/spelling/<lang>.txt``, one per line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from .hunspell import PROJECT_ROOT, Hunspell
from .text import catalog_messages, html_fragments, page_fragments, site_pages, words

ACCEPTED_FOLDER = PROJECT_ROOT / "translations" / "spelling"
ACCEPTED_LIMIT = 250  # an accepted list longer than this is hiding misspellings
_ELIDED = re.compile(r"^\w{1,5}['’]")  # an elided article or pronoun: l', d', qu', D'

# word → places where it is written
Found = dict[str, dict[str, set[str]]]  # lang → word → places


def collect(texts) -> Found:
    """lang → word → places, from (lang, place, text) triples."""
    found: Found = {}
    for lang, place, text in texts:
        for word in words(text):
            found.setdefault(lang, {}).setdefault(word, set()).add(place)
    return found


def site_texts(output: Path):
    """(lang, page, text) of every visible text of a built site."""
    for page in site_pages(output):
        place = str(page.relative_to(output))
        for lang, text in page_fragments(page):
            yield lang, place, text


def catalog_texts(translations: Path, languages):
    """(lang, 'translations/<lang>/LC_MESSAGES/messages.po:line', msgstr) of every translated message."""
    for lang, po, line, text in catalog_messages(translations, languages):
        place = po.relative_to(translations.parent) if po.is_relative_to(translations.parent) else po
        yield lang, f"{place}:{line}", text


def content_texts(tree, root: Path):
    """(lang, 'content/…/lb.md:line', text) of the text fields and the body of every translation, under
    its language (inner ``lang`` attributes of the body respected)."""
    from lxml import html as lxml_html

    for item in tree.all_items():
        for lang, translation in item.translations.items():
            path = translation.path
            name = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
            for field_name, value in translation.values.items():
                if field_name in ("slug", "status") or field_name not in item.specs:
                    continue
                for text in value if isinstance(value, tuple) else (value,):
                    if isinstance(text, str):
                        yield lang, f"{name}:{translation.line_of(field_name)}", text
            if translation.html.strip():
                fragment = lxml_html.fragment_fromstring(translation.html, create_parent="div")
                for text_lang, text in html_fragments(fragment, default_lang=lang):
                    yield text_lang, f"{name}:{translation.body_line}", text


def merge(*founds: Found) -> Found:
    out: Found = {}
    for found in founds:
        for lang, by_word in found.items():
            for word, places in by_word.items():
                out.setdefault(lang, {}).setdefault(word, set()).update(places)
    return out


def accepted_path(lang: str, folder: Path = ACCEPTED_FOLDER) -> Path:
    return folder / f"{lang}.txt"


def load_accepted(lang: str, folder: Path = ACCEPTED_FOLDER) -> list[str]:
    """The accepted words of a language, in file order (``#`` starts a comment)."""
    path = accepted_path(lang, folder)
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def unknown(found: Found, languages, accepted: dict[str, list[str]] | None = None) -> Found:
    """lang → unknown word (as the dictionary splits it) → places; accepted words left out."""
    out: Found = {}
    for lang in languages:
        by_word = found.get(lang, {})
        listed = Hunspell(lang).listed(by_word)
        skip = set((accepted or {}).get(lang, ()))
        for token, places in by_word.items():
            parts = [token] if token in listed else [p for p in re.split(r"['’\-]", token) if p in listed]
            for part in parts:
                # "l'ULESS" is accepted with "ULESS" (a dictionary that keeps the elided article)
                if part not in skip and _ELIDED.sub("", part) not in skip:
                    out.setdefault(lang, {}).setdefault(part, set()).update(places)
    return out


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def one_edit_apart(a: str, b: str) -> bool:
    """Equal, or one letter inserted, removed, replaced, or two neighbours swapped (case and accents
    ignored)."""
    a, b = _fold(a), _fold(b)
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def accepted_problems(lang: str, accepted: list[str], found: Found) -> list[str]:
    """What is wrong with a language's accepted list: too long, duplicates, words the site does not
    contain, words the dictionary knows anyway, and misspellings (a suggestion one edit away)."""
    problems = []
    path = accepted_path(lang)
    if len(accepted) > ACCEPTED_LIMIT:
        problems.append(f"{path}: {len(accepted)} words, more than {ACCEPTED_LIMIT}")
    seen = set()
    for word in accepted:
        if word in seen:
            problems.append(f"{path}: '{word}' is listed twice")
        seen.add(word)
    hunspell = Hunspell(lang)
    present = {part for token in found.get(lang, {}) for part in [token, *re.split(r"['’\-]", token)]}
    for word in sorted(seen - present):
        problems.append(f"{path}: '{word}' does not occur in any {lang} text of the site or catalogs")
    unknown_words = hunspell.unknown(seen)
    for word in sorted(seen - unknown_words):
        problems.append(f"{path}: '{word}' is in the dictionary already")
    # A misspelling: a word written in lower case (not a name) one edit away from a suggestion
    # ("abonnéieren" → "abonéieren"). Names are the dictionary's blind spot (Schmit → Schmidt), so they
    # are not judged this way; words under five letters are one edit from almost anything.
    common = [w for w in unknown_words if w[:1].islower() and len(w) >= 5]
    for word, suggestions in sorted(hunspell.suggestions(common).items()):
        close = [s for s in suggestions if one_edit_apart(word, s) and not set(" -") & (set(s) - set(word))]
        if close:
            problems.append(f"{path}: '{word}' looks like a misspelling of {', '.join(close)}")
    return problems


def report(unknown_found: Found, suggestions: dict[str, dict[str, list[str]]] | None = None) -> str:
    """Per place (file) and language: the unknown words, with the dictionary's suggestions."""
    by_place: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lang, by_word in unknown_found.items():
        for word, places in by_word.items():
            for place in places:
                by_place[(place.rsplit(":", 1)[0] if place.endswith(tuple("0123456789")) else place, lang)].add(word)
    lines = []
    for (place, lang), found_words in sorted(by_place.items()):
        lines.append(f"{place} [{lang}]")
        for word in sorted(found_words, key=str.casefold):
            hint = ", ".join((suggestions or {}).get(lang, {}).get(word, [])[:4])
            lines.append(f"    {word}" + (f"  → {hint}" if hint else ""))
    return "\n".join(lines)
