"""Reading again only what a save changed, from the tree read before (the preview server).

The most frequent save while previewing changes a text and nothing else. Then the items, their fields, the
site map and every other translation are what they were: only each file's body (its Markdown, HTML and
digest) is replaced, in the same objects, and only the key of that body (``b:<file>``) changes
(:func:`reread_bodies`). A save that changes front matter (title, tags, dates…) or adds a translation or an
item reads again the items whose folders it touched, and makes a new tree of those and of the other items
as they were (:func:`reread_items`): the site map is then made again from it. Whatever else changed (a file
removed, an attachment, a folder that is not an item's, a file unreadable or with a problem) answers None,
and the caller reads the whole tree again (``read_tree``), which says what is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import files
from .cache_files import digest
from .fields import KEY_PATTERN
from .loader import _Loader, _render_one, _take_converted
from .markdown_render import MarkdownRenderer
from .model import ContentTree, Item, Translation
from .render_cache import RenderCache


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


def reread_items(
    tree: ContentTree, root: Path, paths, languages: tuple[str, ...], memo: dict
) -> tuple[ContentTree, list[Item], list[Item]] | None:
    """A new tree: the items of ``tree`` whose folders hold one of ``paths`` read again (their files
    unchanged since taken from ``memo``, their bodies converted again only when they changed), a new item
    folder read, every other item the same object as in ``tree`` (left as it was). Returns (the new tree, the
    items replaced, the items read again); None when a full read is needed (a file or item removed, a path
    that is not an item's translation or folder, any problem): nothing was changed then. ``memo``: as for
    ``read_tree``, kept up to date."""
    root = Path(root)
    folders = _item_folders(tree, root, paths)
    if folders is None:
        return None
    replaced = [item for section, key in folders if (item := tree.items[section].get(key)) is not None]
    bodies = {
        t.body_digest: (t._html, t._link_targets, t._remote_images)
        for item in replaced
        for t in item._translations.values()
    }
    loader = _Loader(root, languages, render=True, cache=RenderCache(None, known=bodies), memo=memo)
    try:
        read = [loader._read_item(section, root / section / key) for section, key in folders]
        loader._render_all()
    finally:
        loader.conversions.close()
    if loader.problems or None in read:
        return None
    new = {(item.section, item.key): item for item in read}
    for item in replaced:  # a translation removed: links to it from other items are checked by a full read
        if not item._translations.keys() <= new[(item.section, item.key)]._translations.keys():
            return None
    items = {}
    for section, section_items in tree.items.items():
        keys = section_items.keys() | {key for name, key in new if name == section}
        ordered = sorted(keys) if len(keys) > len(section_items) else section_items  # (the loader's order)
        items[section] = {key: new.get((section, key)) or section_items[key] for key in ordered}
    result = ContentTree(items)
    loader._check_references(result, read)
    if loader.problems:
        return None
    return result, replaced, read


def _item_folders(tree: ContentTree, root: Path, paths) -> list[tuple[str, str]] | None:
    """The (section, key) of the item folders holding ``paths`` (translations or the folders themselves),
    in the tree's sections; None for any other path (an attachment, a file beside the sections…), or a
    folder gone. Hidden files, and files written and removed again that were no attachment, are left out."""
    folders = set()
    for path in map(Path, paths):
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            return None
        if len(parts) == 3 and parts[2].startswith("."):
            continue  # an editor's hidden file beside the translations: the loader never reads it
        if len(parts) not in (2, 3) or parts[0] not in tree.items or not KEY_PATTERN.match(parts[1]):
            return None
        if len(parts) == 3 and not parts[2].endswith(".md"):
            item = tree.items[parts[0]].get(parts[1])
            if os.path.lexists(path) or item is None or parts[2] in item.attachments:
                return None  # an attachment: it changes every page that shows its size (a full build)
            continue  # a file an editor wrote and removed while saving (vim's 4913): never read
        folder = root / parts[0] / parts[1]
        try:
            if not files.is_folder(os.lstat(folder).st_mode):
                return None
        except OSError:
            return None
        folders.add((parts[0], parts[1]))
    return sorted(folders) or None
