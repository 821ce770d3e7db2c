"""Command line: ``python -m ess_build {build,check,serve}``; see ``--help``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ess_build",
        description="Build, check or preview the ESS Cluster Greater Region website.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the site into the output folder (replaced only on success)")
    build.add_argument("--publish", action="store_true", help="use publishconf.py: absolute URLs under $SITEURL")
    check = sub.add_parser("check", help="validate the content tree only; write nothing")
    serve = sub.add_parser("serve", help="build, serve on http://127.0.0.1:PORT and rebuild on every change")
    serve.add_argument("--port", type=int, default=8000)
    for command in (build, check, serve):
        command.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    for command in (build, serve):
        command.add_argument("--output", type=Path, default=None, help="output folder (default: output/)")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from ess_content import ContentError

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            from .serve import serve

            return serve(args.content, args.output, args.port)
        return _build(args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1


def _check(args) -> int:
    import ess_content

    from .build import PROJECT_ROOT

    tree = ess_content.load(args.content or PROJECT_ROOT / "content")
    count = sum(len(item.translations) for item in tree.all_items())
    print(f"Content is valid: {len(tree.all_items())} items, {count} translations.")
    return 0


def _build(args) -> int:
    from .build import BuildError, build, settings_for

    settings = settings_for(publish=args.publish, content=args.content, output=args.output)
    try:
        summary = build(settings)
    except BuildError as failure:
        print(f"The build failed; the previous output is unchanged.\n{failure}", file=sys.stderr)
        return 2
    print(f"Built {summary['pages']} pages into {settings['OUTPUT_PATH']} in {summary['seconds']:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
