"""``python -m ess_spelling [--content DIR]`` (``make spelling``): the words each language's dictionary does
not know, per content file and catalog, with its suggestions; then Luxembourgish n-rule breaches.

Exit codes: 0 nothing found, 1 unknown words or breaches listed, 2 a tool is missing or the content is invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ess_i18n.tools import _t


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ess_spelling", description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    parser.add_argument("--site", type=Path, default=None, help="folder of pelicanconf.py and translations/")
    args = parser.parse_args(argv)

    from ess_config import ConfigError
    from ess_pipeline import prepare_site

    from ess_build.build import PROJECT_ROOT, settings_for, site_config
    from ess_content import ContentError

    from . import (
        NRULE_LANGUAGE,
        Hunspell,
        SpellingToolMissingError,
        checked_languages,
        collect,
        editor_texts,
        nrule_breaches,
    )
    from .check import ACCEPTED_FOLDER, load_accepted, report, unknown

    root = args.content or (args.site or PROJECT_ROOT) / "content"
    try:
        settings = settings_for(publish=False, content=root, site=args.site)
        config = site_config(settings)
        languages, without = checked_languages(config.codes)
        tree = prepare_site(config, root).tree
        translations = Path(settings["TRANSLATIONS_PATH"])
        texts = editor_texts(tree, root, languages, translations)
        accepted = {lang: load_accepted(lang, translations / ACCEPTED_FOLDER.name) for lang in languages}
        found = unknown(collect(texts), languages, accepted)
        suggestions = {lang: Hunspell(lang).suggestions(found.get(lang, {})) for lang in languages}
        nrule = nrule_breaches(texts, Hunspell(NRULE_LANGUAGE)) if NRULE_LANGUAGE in languages else []
    except (ContentError, ConfigError) as error:
        print(error.report(), file=sys.stderr)
        return 2
    except SpellingToolMissingError as error:
        print(_t("Spelling not checked: %(error)s", error=str(error)), file=sys.stderr)
        return 2
    if any(found.values()):
        print(report(found, suggestions))
    for place, breach in sorted(nrule, key=lambda x: x[0]):
        phrase, fix = f"{breach.word} {breach.next_word}", f"{breach.shorter} {breach.next_word}"
        print(_t("%(place)s [lb] “%(phrase)s”: write “%(fix)s” (n-rule)", place=place, phrase=phrase, fix=fix))
    counts = ", ".join(f"{lang} {len(found.get(lang, {}))}" for lang in languages)
    print()
    print(_t("Unknown words: %(counts)s; n-rule breaches: %(breaches)s.", counts=counts, breaches=len(nrule)))
    if without:
        print(
            _t(
                "Not checked (no dictionary in plugins/ess_spelling/hunspell.py): %(languages)s.",
                languages=", ".join(without),
            )
        )
    if any(found.values()):
        print(
            _t(
                "A name or a deliberate loanword that is right: add it to translations/spelling/<lang>.txt (one word a line)."
            )
        )
    return 1 if any(found.values()) or nrule else 0


if __name__ == "__main__":
    sys.exit(main())
