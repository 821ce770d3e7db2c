"""The one pipeline every command goes through, without Pelican: the build, ``check``, ``translations``,
``new`` and the tests all call :func:`prepare_site`.

The stages, in order (each a call with a name, as in MkDocs' ``commands/build.py``):
  1. read and validate the content tree (``ess_content.read_tree``)
  2. decide what this build shows (``ess_content.publication``: drafts and scheduled items in preview
     only); decided once, never changed afterwards
  3. build the site map (``ess_routes``): every address, language relation, listing; address clashes
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
from ess_content.errors import display_path
from ess_content.loader import read_tree
from ess_content.render_cache import RenderCache
from ess_i18n.tools import _t
from ess_routes import Routes


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
    tree, problems = read_tree(content, config.codes, render=render, cache=cache, memo=memo)
    image_notes = []
    if render:
        image_problems, image_notes = inspect_tree(tree, image_cache)
        problems.problems.extend(image_problems.problems)
    publication.apply(tree, preview=config.preview, now=config.now)
    routes = Routes(tree, config)
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
