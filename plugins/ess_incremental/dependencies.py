"""The current digest of every key ``ess_content.reads`` notes: content keys here, site map keys by the routes."""

from __future__ import annotations

import hashlib


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


class Dependencies:
    def __init__(self, tree, routes):
        self.tree = tree
        self.routes = routes
        items = [item for section in tree.items.values() for item in section.values()]
        self.by_source = {t.source_id: t for item in items for t in item.by_lang.values()}

    def __call__(self, key: str) -> str | None:
        kind, _, rest = key.partition(":")
        if kind in ("f", "b", "v", "g"):
            translation = self.by_source.get(rest)
            if translation is None:
                return None
            if kind == "b":
                return translation.body_digest
            if kind == "v":
                return str(translation.published)
            if kind == "g":
                return _digest(sorted(translation.tag_slugs))
            return f"{translation.front_digest}:{translation.visible}"
        if kind == "i":
            section, _, name = rest.partition("/")
            item = self.tree.items.get(section, {}).get(name)
            if item is None:
                return None
            # its shared fields and which translations it has; each translation's own fields are their keys
            return _digest((sorted(item.shared.items()), list(item.by_lang)))
        if kind == "s":
            return _digest(list(self.tree.items.get(rest, {})))
        return self.routes.digest_of(key)
