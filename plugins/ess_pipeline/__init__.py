"""The one pipeline every command goes through, without Pelican: the build, ``check``, ``translations``,
``new`` and the tests all call :func:`prepare_site`.

The stages, in order (each a call with a name, as in MkDocs' ``commands/build.py``):
  1. read and validate the content tree (``ess_content.read_tree``)
  2. decide what this build shows (``ess_content.publication``: drafts and scheduled items in preview
     only); decided once, never changed afterwards
  3. build the site map (``ess_routes``): every address, language relation, listing; address clashes.
     Stages 2 and 3 need no body: they run once every file is read, while the bodies are still being
     converted, and again only if the converting or the checks after it left an item out
  4. read every raster image (``ess_images.inspect``): damaged, unsupported or oversized files are problems,
     a logo too small for its display size a warning; each image's upright size noted on its item
  5. cross-references to unpublished members: warnings (pages, JSON-LD and calendars leave them out)
Problems of every stage are reported together; the site map is built from the valid items only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ess_config import SiteConfig
from ess_images.inspect import inspect_tree

from ess_content import ContentError, ContentTree, publication
from ess_content.errors import ProblemList, display_path
from ess_content.loader import read_tree
from ess_content.render_cache import RenderCache
from ess_i18n.tools import _t
from ess_routes import Routes


def _same_items(first: ContentTree, second: ContentTree) -> bool:
    return [(s, [id(i) for i in items.values()]) for s, items in first.items.items()] == [
        (s, [id(i) for i in items.values()]) for s, items in second.items.items()
    ]


@dataclass
class PreparedSite:
    config: SiteConfig
    tree: ContentTree
    routes: Routes
    warnings: list = field(default_factory=list)  # tools messages (ess_i18n.tools), worded when printed


def prepare_site(
    config: SiteConfig,
    content: Path | str,
    *,
    render: bool = True,
    cache: RenderCache | None = None,
    image_cache: Path | None = None,
    memo: dict | None = None,
) -> PreparedSite:
    """Raises ContentError listing every problem of every stage. ``render=False`` (the translation status)
    converts no body and reads no image. ``image_cache``: where what was found in each image is kept. ``memo``:
    the files read by an earlier call in this process (the preview server), read again only when changed."""
    early: list = []  # (tree, routes) of the items valid before the bodies were converted

    def meanwhile(tree: ContentTree) -> None:  # the site map needs no body: built while the workers convert
        early.append((tree, _site_map(config, tree)))

    tree, problems = read_tree(content, config.codes, render=render, cache=cache, memo=memo, meanwhile=meanwhile)
    # (the conversions or the checks after them left an item out: the site map of the items left is made again)
    routes = early[0][1] if early and _same_items(early[0][0], tree) else None
    return _checked(config, tree, problems, routes, render=render, image_cache=image_cache)


def prepare_tree(config: SiteConfig, tree: ContentTree, *, image_cache: Path | None = None) -> PreparedSite:
    """Stages 2 to 5 for a tree read and checked already (the preview server's, some of whose items a save
    read again: ess_content.reread.reread_items). Raises ContentError as :func:`prepare_site` does."""
    return _checked(config, tree, ProblemList(), None, render=True, image_cache=image_cache)


def _site_map(config: SiteConfig, tree: ContentTree) -> Routes:
    publication.apply(tree, preview=config.preview, now=config.now)
    return Routes(tree, config)


def _checked(
    config: SiteConfig, tree: ContentTree, problems: ProblemList, routes: Routes | None, *, render, image_cache
) -> PreparedSite:
    image_notes = []
    if render:
        image_problems, image_notes = inspect_tree(tree, image_cache)
        problems.problems.extend(image_problems.problems)
    if routes is None:
        routes = _site_map(config, tree)
    problems.problems.extend(routes.problems)
    if problems:
        raise ContentError(problems.sorted())
    warnings = [
        _t(
            "%(path)s: field '%(field)s': the member '%(key)s' is not published in this build (a draft); it is left "
            "out of this page, its structured data and its calendar until it is",
            path=display_path(translation.path),
            field=field_name,
            key=key,
        )
        for translation, field_name, key in routes.rules.hidden_references()
    ] + image_notes
    return PreparedSite(config, tree, routes, warnings)
