"""The current digest of every key ``ess_content.reads`` notes, by key kind: one table for the content's
keys and the site map's (``ess_routes.digests``). A later build reuses an output when every key it read
has the digest it had."""

from __future__ import annotations

from ess_content import reads
from ess_content.cache_files import value_digest
from ess_routes.digests import SITE_MAP_KEYS


def _front(translation) -> str:
    return f"{translation.front_digest}:{translation.visible}"


def _tags(translation) -> str:
    return value_digest(sorted(translation.tag_slugs))


#: kind → (what it stands for, digest of one translation) for the keys named after a translation file
TRANSLATION_KEYS = {
    "f": ("a translation's front matter and what derives from it", _front),
    "b": ("its body: Markdown, HTML, the links in it", lambda translation: translation.body_digest),
    "v": ("whether it is published in this build", lambda translation: str(translation.published)),
    "g": ("its tags", _tags),
}


class Dependencies:
    def __init__(self, tree, routes):
        self.tree = tree
        self.routes = routes
        # (digests are taken outside any recording, so the tree's own accessors serve)
        self.by_source = {t.source_id: t for item in tree.all_items() for t in item._translations.values()}
        self.kinds = {
            **{kind: (text, self._translation_digest(digest)) for kind, (text, digest) in TRANSLATION_KEYS.items()},
            "i": ("an item's shared fields and which translations it has", self._item),
            "s": ("which items a section holds", self._section),
            **{kind: (text, self._site_map_digest(digest)) for kind, (text, digest) in SITE_MAP_KEYS.items()},
        }

    def __call__(self, key: str) -> str | None:
        kind, _, rest = key.partition(":")
        if kind not in self.kinds:
            raise KeyError(f"not a dependency key: {key}")
        return self.kinds[kind][1](rest)

    def _translation_digest(self, digest):
        def of(source_id: str) -> str | None:
            translation = self.by_source.get(source_id)
            return None if translation is None else digest(translation)

        return of

    def _site_map_digest(self, digest):
        return lambda rest: digest(self.routes, rest)

    def _item(self, rest: str) -> str | None:
        item = self.tree.find(*rest.split("/", 1))
        if item is None:
            return None
        # its shared fields and which translations it has; each translation's own fields are their keys
        return value_digest((sorted(item._neutral.items()), list(item._translations)))

    def _section(self, rest: str) -> str:
        return value_digest([item.key for item in self.tree.section(rest)])


def keys_of_items(items) -> set[str]:
    """The keys of ``items`` and of their translations: those a save that read these items again may have
    changed, besides :func:`site_map_keys`."""
    return {item.item_key for item in items} | {
        reads.key(kind, translation.source_id)
        for item in items
        for translation in item._translations.values()
        for kind in TRANSLATION_KEYS
    }


#: the kinds of keys a site map made again may change, whichever item a save changed
REMADE_KINDS = frozenset(SITE_MAP_KEYS) | {"s"}


def site_map_keys(keys) -> set[str]:
    """Of ``keys``, those of the site map and of which items each section holds."""
    return {key for key in keys if key.partition(":")[0] in REMADE_KINDS}
