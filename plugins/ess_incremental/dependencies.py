"""The current digest of every key ``ess_content.reads`` notes: content keys here, site map keys by the routes."""

from __future__ import annotations

from ess_content.cache_files import value_digest


class Dependencies:
    def __init__(self, tree, routes):
        self.tree = tree
        self.routes = routes
        # (digests are taken outside any recording, so the tree's own accessors serve)
        self.by_source = {t.source_id: t for item in tree.all_items() for t in item.by_lang.values()}

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
                return value_digest(sorted(translation.tag_slugs))
            return f"{translation.front_digest}:{translation.visible}"
        if kind == "i":
            item = self.tree.find(*rest.split("/", 1))
            if item is None:
                return None
            # its shared fields and which translations it has; each translation's own fields are their keys
            return value_digest((sorted(item.shared.items()), list(item.by_lang)))
        if kind == "s":
            return value_digest([item.key for item in self.tree.section(rest)])
        return self.routes.digest_of(key)
