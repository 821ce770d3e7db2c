"""``python -m ess_spelling [--content DIR]`` (``make spelling``): the words each language's dictionary does
not know, per content file and catalog, with its suggestions; then Luxembourgish n-rule breaches.

Exit codes: 0 nothing found, 1 unknown words or breaches listed, 2 a tool is missing or the content is invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ess_spelling", description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    args = parser.parse_args(argv)

    import ess_content
    from ess_content.vocabulary import LANGUAGES

    from . import Hunspell, SpellingToolMissingError, collect, editor_texts, nrule_breaches
    from .check import ACCEPTED_FOLDER, load_accepted, report, unknown

    root = args.content or Path(__file__).resolve().parents[2] / "content"
    try:
        tree = ess_content.load(root)
        texts = editor_texts(tree, root, LANGUAGES)
        accepted = {lang: load_accepted(lang) for lang in LANGUAGES}
        found = unknown(collect(texts), LANGUAGES, accepted)
        suggestions = {lang: Hunspell(lang).suggestions(found.get(lang, {})) for lang in LANGUAGES}
        nrule = nrule_breaches(texts, Hunspell("lb"))
    except ess_content.ContentError as error:
        print(error.report(), file=sys.stderr)
        return 2
    except SpellingToolMissingError as error:
        print(f"Spelling not checked: {error}", file=sys.stderr)
        return 2
    if any(found.values()):
        print(report(found, suggestions))
    for place, breach in sorted(nrule, key=lambda x: x[0]):
        print(f"{place} [lb] {breach}")
    counts = ", ".join(f"{lang} {len(found.get(lang, {}))}" for lang in LANGUAGES)
    print(f"\nUnknown words: {counts}; n-rule breaches: {len(nrule)}.")
    if any(found.values()):
        print(
            f"A name or a deliberate loanword that is right: add it to {ACCEPTED_FOLDER.name}/<lang>.txt "
            f"in translations/ (one word a line)."
        )
    return 1 if any(found.values()) or nrule else 0


if __name__ == "__main__":
    sys.exit(main())
