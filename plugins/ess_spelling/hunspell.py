"""Hunspell (Debian's ``hunspell`` binary) with the dictionaries npm installs (package.json pins them).

One process per question, fed every word at once: ``-l`` lists the words the dictionary does not know,
``-a`` (pipe mode) gives its suggestions, asked only for those.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The npm package holding each language's dictionary (index.aff + index.dic).
DICTIONARY_PACKAGES = {"fr": "dictionary-fr", "de": "dictionary-de", "lb": "dictionary-lb", "en": "dictionary-en-gb"}


class SpellingToolMissingError(RuntimeError):
    pass


def hunspell_binary() -> str | None:
    return shutil.which("hunspell")


def dictionary_path(lang: str, root: Path = PROJECT_ROOT) -> Path | None:
    """The dictionary's path without extension (what ``hunspell -d`` takes), or None when not installed."""
    package = DICTIONARY_PACKAGES.get(lang)
    if package is None:
        return None
    base = root / "node_modules" / package / "index"
    return base if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file() else None


class Hunspell:
    def __init__(self, lang: str, root: Path = PROJECT_ROOT):
        self.lang = lang
        binary = hunspell_binary()
        if binary is None:
            raise SpellingToolMissingError("the hunspell program is missing (Debian package hunspell; see .ci/run)")
        path = dictionary_path(lang, root)
        if path is None:
            package = DICTIONARY_PACKAGES.get(lang, f"a dictionary for '{lang}'")
            raise SpellingToolMissingError(f"{package} is not installed in node_modules/ (npm ci)")
        self._command = [binary, "-d", str(path), "-i", "utf-8"]

    def _run(self, flag: str, words) -> str:
        text = "".join(f"{word}\n" for word in words)
        result = subprocess.run(
            [*self._command, flag], input=text, capture_output=True, text=True, encoding="utf-8", check=True
        )
        return result.stdout

    def listed(self, words) -> set[str]:
        """What the dictionary does not know in these tokens, as it splits them ("d'ULESS" → "ULESS")."""
        words = sorted(set(words))
        return set(self._run("-l", words).split("\n")) - {""} if words else set()

    def unknown(self, words) -> set[str]:
        """The tokens with a part the dictionary does not know."""
        listed = self.listed(words)
        return {word for word in set(words) if word in listed or any(part in listed for part in _parts(word))}

    def suggestions(self, words) -> dict[str, list[str]]:
        """Each word's suggestions (an empty list when the dictionary knows it or has none)."""
        words = sorted(set(words))
        out: dict[str, list[str]] = {word: [] for word in words}
        if not words:
            return out
        blocks = self._run("-a", [f"^{word}" for word in words]).split("\n\n")
        # the first line is the banner; then one block per input line, each line a result for one part
        blocks[0] = blocks[0].split("\n", 1)[1] if "\n" in blocks[0] else ""
        for word, block in zip(words, blocks, strict=False):
            for line in block.splitlines():
                if line.startswith("& "):
                    out[word].extend(s.strip() for s in line.split(": ", 1)[1].split(", "))
        return out


def _parts(word: str) -> list[str]:
    import re

    return [part for part in re.split(r"['’\-]", word) if part]
