"""Command line of the site: ``python -m ess_build COMMAND`` (the Makefile wraps each command).

  build          build the site into output/ (replaced only when the build succeeds)
  check          validate the content only: the same errors and exit code as build
  serve          preview on http://127.0.0.1:8000/, rebuilt and reloaded on every change
  new            create an item with one file per language, fields to fill in
  translations   which translations are missing or older than another one; UI catalog completeness

Exit codes: 0 success, 1 problems in the content (each named with file, line, field), 2 other failure.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ess_build",
        description="Build, check or preview the ESS Cluster Greater Region website.",
        epilog="Each command has its own help: python -m ess_build build --help",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser("build", help="build the site into the output folder (replaced only on success)")
    build.add_argument(
        "--publish", action="store_true", help="use publishconf.py: absolute URLs under $SITEURL, no drafts"
    )
    check = sub.add_parser("check", help="validate the content tree only; write nothing")
    serve = sub.add_parser("serve", help="build, serve on http://127.0.0.1:PORT and rebuild on every change")
    serve.add_argument("--port", type=int, default=8000)
    new = sub.add_parser(
        "new",
        help="create an item: one file per language with the section's fields",
        description="Create content/SECTION/KEY/ with one file per language. The files are drafts: set "
        "'status: published' (or delete the line) when the text is ready.",
    )
    new.add_argument("section", help="news, events, resources, members or pages")
    new.add_argument("key", help="the item's folder name: a-z, 0-9 and hyphens, e.g. convention-2027")
    new.add_argument("--langs", default="fr,de,lb,en", help="comma-separated languages (default: fr,de,lb,en)")
    translations = sub.add_parser("translations", help="report missing and outdated translations, and UI catalogs")
    for command in (build, check, serve, new, translations):
        command.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    for command in (build, serve):
        command.add_argument("--output", type=Path, default=None, help="output folder (default: output/)")
    return parser


def main(argv=None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `... | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from ess_content import ContentError

    from .build import PROJECT_ROOT

    args.content = args.content or PROJECT_ROOT / "content"
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            from .serve import serve

            return serve(args.content, args.output, args.port)
        if args.command == "new":
            return _new(args)
        if args.command == "translations":
            return _translations(args)
        return _build(args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1


def _check(args) -> int:
    import ess_content
    from ess_routes import RouteConfig, Routes

    from .build import settings_for

    tree = ess_content.load(args.content)
    Routes(tree, RouteConfig.from_settings(settings_for(publish=False, content=args.content)))  # address clashes
    count = sum(len(item.translations) for item in tree.all_items())
    print(f"The content is valid: {len(tree.all_items())} items, {count} translations.")
    from ess_spelling import spelling_summary

    print(spelling_summary(tree, args.content))
    return 0


def _new(args) -> int:
    from .scaffold import ScaffoldError, scaffold

    try:
        written = scaffold(
            args.content, args.section, args.key, [x.strip() for x in args.langs.split(",") if x.strip()]
        )
    except ScaffoldError as error:
        print(f"Nothing was created:\n{error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"created {path}")
    print("Fill in the fields, then check with: make check   (the files are drafts until status: published)")
    return 0


def _translations(args) -> int:
    import ess_content
    from ess_content.translation_status import catalog_completeness, status

    from .build import PROJECT_ROOT

    rows = status(ess_content.load(args.content, render=False), args.content)
    print("Translations of each item (missing: no file; older: changed before another translation of the item)")
    width = max((len(f"{r.section}/{r.key}") for r in rows), default=10)
    for row in rows:
        notes = []
        if row.missing:
            notes.append(f"missing {', '.join(row.missing)}")
        if row.stale:
            notes.append(f"older than another translation: {', '.join(row.stale)}")
        if row.drafts:
            notes.append(f"draft: {', '.join(row.drafts)}")
        print(
            f"  {row.section + '/' + row.key:<{width}}  {' '.join(row.present):<11}  {'; '.join(notes) or 'up to date'}"
        )
    complete = sum(1 for r in rows if not r.missing and not r.stale)
    print(f"{complete} of {len(rows)} items are in all four languages and up to date.")
    print("UI strings (translations/<lang>/LC_MESSAGES/messages.po):")
    for lang, (done, fuzzy, total) in catalog_completeness(PROJECT_ROOT / "translations").items():
        extra = f", {fuzzy} fuzzy" if fuzzy else ""
        print(f"  {lang}: {done}/{total} translated{extra}")
    return 0


def _summary(site, seconds: float, warnings: list[str]) -> str:
    from ess_pages.labels import SECTION_NAMES

    lines = [f"{'':<10}" + "".join(f"{lang:>6}" for lang in site.languages)]
    for section in SECTION_NAMES:
        counts = [
            sum(1 for item in site.tree.section(section) if lang in item.published_translations())
            for lang in site.languages
        ]
        lines.append(f"{section:<10}" + "".join(f"{count:>6}" for count in counts))
    lines.append(f"{len(warnings)} warning(s); {seconds:.1f} s")
    return "\n".join(lines)


def _build(args) -> int:
    from .build import BuildError, build, settings_for

    settings = settings_for(publish=args.publish, content=args.content, output=args.output)
    try:
        summary = build(settings)
    except BuildError as failure:
        print(f"The build failed; the previous output is unchanged.\n{failure}", file=sys.stderr)
        return 2
    mode = "the published site" if args.publish else "a preview: drafts shown"
    print(f"Built {summary['pages']} pages ({mode}) into {settings['OUTPUT_PATH']} in {summary['seconds']:.2f} s.")
    reuse = summary["site"].reuse if summary["site"] is not None else None
    if reuse is not None:
        print(
            f"Rendered {reuse.rendered} files, kept {len(reuse.reused)} unchanged from the previous build ({reuse.reason})."
        )
    if summary["site"] is not None:
        print("Translations published per section and language:")
        print(_summary(summary["site"], summary["seconds"], summary["warnings"]))
    for warning in summary["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
