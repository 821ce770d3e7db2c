"""Reading again the files whose body alone changed, into the tree read before (the preview server).

The most frequent save while previewing changes a text and nothing else. Then the items, their fields, the
site map and every other translation are what they were: only each file's body (its Markdown, HTML and
digest) is replaced, in the same objects, and only the key of that body (``b:<file>``) changes. Whatever
else changed (front matter, links of the body to other files, a file added, removed, unreadable or with a
problem) answers None, and the caller reads the whole tree again (``read_tree``), which says what is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import files
from .cache_files import digest
from .loader import _Loader, _render_one, _take_converted
from .markdown_render import MarkdownRenderer
from .model import ContentTree, Translation


def reread_bodies(
    tree: ContentTree, root: Path, paths, languages: tuple[str, ...], memo: dict
) -> list[Translation] | None:
    """Updates the translations of ``paths`` in ``tree`` if only their bodies changed; returns them (None: a
    full read is needed; nothing was changed then). ``memo``: as for ``read_tree``, kept up to date."""
    by_path = {t.path: t for item in tree.all_items() for t in item._translations.values()}
    loader = _Loader(Path(root), languages, render=False)
    renderer = MarkdownRenderer()
    updates = []
    for path in sorted(set(map(Path, paths))):
        translation = by_path.get(path)
        if translation is None:
            return None
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not files.is_regular(info.st_mode):
            return None
        read = loader._read_source(path)
        if read is None or loader.problems:
            return None
        text, source = read
        if digest(text[: len(text) - len(source.body)]) != translation.front_digest:
            return None
        body_digest = digest(source.body)
        body = _render_one(source.body, renderer)  # (the Markdown cache is a file: a few bodies convert faster)
        if body is None or body[2]:  # past the time limit, or an image from another host
            return None
        if list(body[1]) != [link.target for link in translation._links]:  # its links to other files changed
            return None
        updates.append((translation, files.signature(info), text, source, body_digest, body))
    for translation, signature, text, source, body_digest, body in updates:
        translation._markdown, translation.body_digest = source.body, body_digest
        _take_converted(translation, body)
        memo[translation.path] = (signature, text, source)
    return [update[0] for update in updates]
