"""The n-rule of Luxembourgish (Eifeler Regel): a word's final -n (or -nn) is dropped before a word that
starts with a consonant other than n, d, t, z or h; it stays before a vowel, before those five letters,
and before punctuation (end of a clause).

Whether a final n can be dropped at all is asked of the dictionary: "Memberen" → "Membere" is a word, so
"Memberen filteren" breaks the rule; "Organisatioun" → "Organisatiou" is not, so its n always stays.
EXCEPTIONS lists the words whose final n stays although the shorter form is a word too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEEPS_N_BEFORE = frozenset("aeiouyàáâäéèêëíìîïóòôöúùûündtzh")
# final n that is part of the word, not the movable n (the shorter form is another word)
EXCEPTIONS = frozenset({"mann", "kanton", "plan", "ton", "wäin", "extern", "intern", "modern", "been"})  # lower case
_ELISION = re.compile(r"^(?:[dDzZsS]['’]|['’][tT]\s)")
# two words with only spaces between them (no punctuation: the n stays before a pause)
_PAIR = re.compile(r"([\w'’-]*\w)(?=(\s+)([\w'’-]+))")


@dataclass(frozen=True)
class Breach:
    word: str
    next_word: str
    offset: int

    @property
    def shorter(self) -> str:
        return self.word[:-2] if self.word.endswith("nn") else self.word[:-1]

    def __str__(self) -> str:
        return f"“{self.word} {self.next_word}”: write “{self.shorter} {self.next_word}” (n-rule)"


def candidates(text: str) -> list[tuple[str, str, str, int]]:
    """(word, the word without its movable n, next word, offset) for every word ending in n followed,
    after spaces only, by a word starting with a consonant that drops the n."""
    out = []
    for match in _PAIR.finditer(text):
        word, next_word = match.group(1), match.group(3)
        bare = _ELISION.sub("", word).split("-")[-1]
        if not bare.endswith("n") or len(bare) < 2 or bare.lower() in EXCEPTIONS or bare.isupper():
            continue
        first = next_word.lstrip("'’")[:1]  # d'…, z'…, 't: the next sound is that letter
        if not first.isalpha() or first.lower() in KEEPS_N_BEFORE:
            continue
        if next_word.isupper() or (next_word[:2].isupper() and len(next_word) > 1):  # acronyms: read letter by letter
            continue
        shorter = bare[:-2] if bare.endswith("nn") else bare[:-1]
        out.append((bare, shorter, next_word, match.start(1)))
    return out


def breaches(text: str, known) -> list[Breach]:
    """Breaches of the n-rule in a Luxembourgish text. ``known(words)`` returns the set of words the
    dictionary knows (the shorter forms are looked up in one call)."""
    found = candidates(text)
    words = known({shorter for _, shorter, _, _ in found if shorter})
    return [Breach(word, next_word, offset) for word, shorter, next_word, offset in found if shorter in words]
