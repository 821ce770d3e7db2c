"""Command line of the site: ``python -m ess_build COMMAND`` (the Makefile wraps each command).

  build          build the site into output/ (replaced only when the build succeeds)
  check          validate the content only: the same errors and exit code as build
  serve          preview on http://127.0.0.1:8000/, rebuilt and reloaded on every change
  new            create an item with one file per language, fields to fill in
  translations   which translations are missing or older than another one; UI catalog completeness
  language       declare a new language: its settings entry in pelicanconf.py and its UI catalog

Every command reads the site's declaration (languages, sections) from pelicanconf.py through ess_config,
and ``build``, ``check``, ``translations`` and ``new`` go through the same pipeline (ess_pipeline).

Exit codes (README.md and the editors' guides list them too):
  0  success
  1  problems in the content, each named with file, line and field; nothing was published
  2  the build could not be done: the site's settings are not usable, or the machine stopped it (disk full,
     read-only or forbidden folder, name too long: the message names the file and the cause), or a step
     reported errors
  3  internal error: a bug in the generator (any process: the main one, a Markdown worker, the search step);
     one line says what, the traceback is saved to a file named in the message
130  interrupted (Ctrl+C)
In every failing case the previous output is unchanged and no helper process is left running.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path

from ess_i18n.tools import _t, _tn

EXIT_CONTENT = 1
EXIT_ENVIRONMENT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Failures of the machine, not of the content or of the generator: said as such, without a traceback.
_ENVIRONMENT = {
    errno.ENOSPC: _t("the disk is full: free some space and build again"),
    errno.EDQUOT: _t("the disk quota is used up: free some space and build again"),
    errno.EROFS: _t("the file system is read-only: build into a folder you can write (--output / OUTPUT=)"),
    errno.EACCES: _t("permission denied: build into a folder you can write (--output / OUTPUT=)"),
    errno.EPERM: _t("operation not permitted: build into a folder you can write (--output / OUTPUT=)"),
    errno.ENAMETOOLONG: _t("a file name is too long for this file system: shorten the attachment's or item's name"),
    errno.EMFILE: _t("too many open files: raise the limit (ulimit -n) and build again"),
    errno.EIO: _t("an input/output error on the disk"),
}


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
    check.add_argument(
        "--publish", action="store_true", help="check as `build --publish` would (drafts left out), not as a preview"
    )
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
    new.add_argument("--langs", default=None, help="comma-separated languages (default: every declared language)")
    translations = sub.add_parser("translations", help="report missing and outdated translations, and UI catalogs")
    language = sub.add_parser(
        "language",
        help="declare a new language: settings entry (pelicanconf.py) and UI catalog (translations/)",
        description="Adds CODE to LANGUAGES in pelicanconf.py (locale and native name from Babel, section "
        "paths to translate, a fallback order, lunr-languages' stemmer where one exists) and creates "
        "translations/CODE/LC_MESSAGES/messages.po from messages.pot. Nothing under plugins/ or theme/ changes.",
    )
    language.add_argument("code", help="ISO 639-1 code, e.g. nl")
    for command in (build, check, serve, new, translations, language):
        command.add_argument(
            "--site", type=Path, default=None, help="folder of pelicanconf.py and translations/ (default: the project)"
        )
    for command in (build, check, serve, new, translations):
        command.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    for command in (build, serve):
        command.add_argument("--output", type=Path, default=None, help="output folder (default: output/)")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from .build import PROJECT_ROOT

    if hasattr(args, "content"):
        args.content = args.content or (args.site or PROJECT_ROOT) / "content"
    return reported(lambda: _command(args))


def _command(args) -> int:
    from .build import PROJECT_ROOT

    if args.command == "language":
        from .language import add_language

        return add_language(args.code, args.site or PROJECT_ROOT, PROJECT_ROOT)
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        from .serve import serve

        return serve(args.content, args.output, args.port, args.site)
    if args.command == "new":
        return _new(args)
    if args.command == "translations":
        return _translations(args)
    return _build(args)


def reported(run) -> int:
    """Runs ``run()`` (returning an exit code); every failure is printed as the editors read it, and its
    exit code returned (the preview server's build process reports its builds the same way)."""
    from ess_config import ConfigError

    from ess_content import ContentError

    try:
        return run()
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return EXIT_CONTENT
    except ConfigError as error:
        print(_t("The site's settings are not usable:"), error.report(), sep="\n", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print(_t("Interrupted; the previous output is unchanged."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - every other failure gets a clear message and its own code
        return _failure(error)


def _cause(error: BaseException) -> BaseException:
    """The error a failed helper process raised (BackgroundStepError.error), else the error itself."""
    inner = getattr(error, "error", None)
    return inner if isinstance(inner, BaseException) else error


def _failure(error: Exception) -> int:
    cause = _cause(error)
    if isinstance(cause, OSError) and cause.errno in _ENVIRONMENT:
        where = f" ({cause.filename})" if cause.filename else ""
        print(
            _t(
                "The build failed: %(error)s%(where)s; %(advice)s.\nThe previous output is unchanged.",
                error=cause.strerror,
                where=where,
                advice=_ENVIRONMENT[cause.errno],
            ),
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    details = "".join(traceback.format_exception(error))
    details += getattr(error, "details", "") or ""
    report = _save_report(details)
    what = str(error) if cause is not error else f"{type(error).__name__}: {error}"
    print(
        _t(
            "Internal error (a bug in the site generator, not a problem in the content): %(error)s\n"
            "The previous output is unchanged. Details for the developers: %(report)s",
            error=what,
            report=report,
        ),
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _save_report(details: str) -> str:
    """Writes the traceback to a file (the terminal gets one line); returns where."""
    try:
        handle, path = tempfile.mkstemp(prefix="ess-build-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(details)
        return path
    except OSError:  # nowhere to write it (a full disk): print it after all
        return "\n" + details


def _prepare(args, *, publish: bool = False, render: bool = True):
    """The site as the build sees it (same settings, same pipeline), without Pelican."""
    from ess_pipeline import prepare_site

    from .build import settings_for, site_config

    settings = settings_for(publish=publish, content=args.content, site=args.site)
    config = site_config(settings)
    images = Path(settings["ESS_CACHE_DIR"]) / "images"  # what the build found in each image, not read again
    return prepare_site(config, settings["PATH"], render=render, image_cache=images), settings


def _check(args) -> int:
    prepared, settings = _prepare(args, publish=args.publish)
    tree = prepared.tree
    count = sum(len(item.translations) for item in tree.all_items())
    mode = _t("the published site") if args.publish else _t("a preview: drafts shown")
    items = len(tree.all_items())
    print(
        _t(
            "The content is valid for %(mode)s: %(items)s items, %(translations)s translations.",
            mode=mode,
            items=items,
            translations=count,
        )
    )
    for warning in prepared.warnings:
        print(_t("warning: %(warning)s", warning=warning), file=sys.stderr)
    from ess_spelling import spelling_summary

    print(spelling_summary(tree, args.content, prepared.config.codes, Path(settings["TRANSLATIONS_PATH"])))
    return 0


def _new(args) -> int:
    from .build import settings_for, site_config
    from .scaffold import ScaffoldError, scaffold

    config = site_config(settings_for(publish=False, site=args.site))  # the content folder may not exist yet
    languages = [x.strip() for x in args.langs.split(",") if x.strip()] if args.langs else list(config.codes)
    try:
        written = scaffold(args.content, args.section, args.key, languages, config.codes)
    except ScaffoldError as error:
        print(_t("Nothing was created:"), error.report(), sep="\n", file=sys.stderr)
        return EXIT_ENVIRONMENT
    for path in written:
        print(_t("created %(path)s", path=str(path)))
    print(_t("Fill in the fields, then check with: make check   (the files are drafts until status: published)"))
    return 0


def _translations(args) -> int:
    from ess_content.translation_status import catalog_completeness, status

    prepared, settings = _prepare(args, render=False)
    languages = prepared.config.codes
    rows = status(prepared.tree, args.content, languages)
    print(_t("Translations of each item (missing: no file; older: changed before another translation of the item)"))
    width = max((len(f"{r.section}/{r.key}") for r in rows), default=10)
    for row in rows:
        notes = []
        if row.missing:
            notes.append(str(_t("missing %(langs)s", langs=", ".join(row.missing))))
        if row.stale:
            notes.append(str(_t("older than another translation: %(langs)s", langs=", ".join(row.stale))))
        if row.drafts:
            notes.append(str(_t("draft: %(langs)s", langs=", ".join(row.drafts))))
        notes_text = "; ".join(notes) or str(_t("up to date"))
        print(f"  {row.section + '/' + row.key:<{width}}  {' '.join(row.present):<{3 * len(languages)}}  {notes_text}")
    complete = sum(1 for r in rows if not r.missing and not r.stale)
    print(
        _tn(
            "%(complete)s of %(count)s item is in every language (%(langs)s) and up to date.",
            "%(complete)s of %(count)s items are in every language (%(langs)s) and up to date.",
            len(rows),
            complete=complete,
            langs=", ".join(languages),
        )
    )
    headings = {
        "messages": _t("UI strings (%(path)s):", path="translations/<lang>/LC_MESSAGES/messages.po"),
        "tools": _t("Messages of the tools (%(path)s):", path="translations/<lang>/LC_MESSAGES/tools.po"),
    }
    for domain, heading in headings.items():
        print(heading)
        for lang, (done, fuzzy, total) in catalog_completeness(
            settings["TRANSLATIONS_PATH"], languages, domain
        ).items():
            if fuzzy:
                line = _t("%(done)s/%(total)s translated, %(fuzzy)s fuzzy", done=done, total=total, fuzzy=fuzzy)
            else:
                line = _t("%(done)s/%(total)s translated", done=done, total=total)
            print(f"  {lang}: {line}")
    return 0


def _summary(site, seconds: float, warnings: list[str]) -> str:
    lines = [f"{'':<10}" + "".join(f"{lang:>6}" for lang in site.languages)]
    for section in site.config.sections:
        counts = [
            sum(1 for item in site.tree.section(section) if lang in item.published_translations())
            for lang in site.languages
        ]
        lines.append(f"{section:<10}" + "".join(f"{count:>6}" for count in counts))
    lines.append(
        str(
            _tn(
                "%(count)s warning; %(seconds)s s",
                "%(count)s warnings; %(seconds)s s",
                len(warnings),
                seconds=round(seconds, 1),
            )
        )
    )
    return "\n".join(lines)


def _build(args) -> int:
    from .build import BuildError, build, settings_for

    settings = settings_for(publish=args.publish, content=args.content, output=args.output, site=args.site)
    try:
        summary = build(settings)
    except BuildError as failure:
        print(_t("The build failed; the previous output is unchanged."), failure, sep="\n", file=sys.stderr)
        return EXIT_ENVIRONMENT
    print_summary(summary, settings, publish=args.publish)
    return 0


def print_summary(summary: dict, settings: dict, *, publish: bool) -> None:
    """What a build did: pages, files rendered and kept, image copies, translations per section, warnings."""
    mode = _t("the published site") if publish else _t("a preview: drafts shown")
    print(
        _t(
            "Built %(pages)s pages (%(mode)s) into %(output)s in %(seconds)s s.",
            pages=summary["pages"],
            mode=mode,
            output=settings["OUTPUT_PATH"],
            seconds=round(summary["seconds"], 2),
        )
    )
    reuse = summary["site"].reuse if summary["site"] is not None else None
    if reuse is not None:
        print(
            _t(
                "Rendered %(rendered)s files, kept %(kept)s unchanged from the previous build (%(reason)s).",
                rendered=reuse.rendered,
                kept=len(reuse.reused),
                reason=reuse.reason,
            )
        )
    counts = summary["site"].counts if summary["site"] is not None else {}
    if counts.get("image copies encoded") or counts.get("image copies from the cache"):
        print(
            _t(
                "Image copies: %(encoded)s encoded, %(cached)s taken from the cache (the others kept from the "
                "previous build).",
                encoded=counts["image copies encoded"],
                cached=counts["image copies from the cache"],
            )
        )
    if summary["site"] is not None:
        print(_t("Translations published per section and language:"))
        print(_summary(summary["site"], summary["seconds"], summary["warnings"]))
    for warning in summary["warnings"]:
        print(_t("warning: %(warning)s", warning=warning), file=sys.stderr)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` stopped reading: end quietly (SIGPIPE stays ignored, so a helper
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # dying never kills the build)
        code = 0
    # Every file is written and closed, every helper process joined: the process ends without freeing the
    # site's objects one by one (half a second at 2,000 items). Nothing may rely on finalizers or atexit.
    logging.shutdown()
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # nobody reads the errors any more
        pass
    os._exit(code)
