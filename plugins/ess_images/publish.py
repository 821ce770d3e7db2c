"""Output step: every published item's image copies into the output folder, before the pages are written.

A copy is taken, in this order, from the previous output (unchanged source and settings: the incremental
record), from the cache folder (made by an earlier build of any output folder), or encoded now (on two
processes). A build with nothing changed encodes nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .encode import cache_file, cache_key, encode_missing


def _place(source: Path, target: Path) -> None:
    """A hard link to the cached file (nothing ever writes into a published file), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish_images(site, generator=None, writer=None):
    folder = Path(site.settings.get("ESS_CACHE_DIR") or tempfile.mkdtemp(prefix="ess-images-")) / "images"
    pending = []  # (relative path, cached file) to place once encoded
    tasks = []
    taken = 0
    for item in site.tree.all_items():
        if not item.published:
            continue
        for info in item.images.values():
            missing = []
            for variant in info.variants():
                relative = f"{site.routes.config.attachments_path}/{item.section}/{item.key}/{variant.name}"
                key = cache_key(info, variant)
                if site.reuse.reuse(relative, key):
                    continue
                cached = cache_file(folder, info, variant)
                if not cached.is_file():
                    missing.append(variant)
                else:
                    taken += 1
                pending.append((relative, cached, key))
            if missing:
                tasks.append((item.folder / info.name, info, tuple(missing), folder))
    encoded = encode_missing(tasks)
    for relative, cached, key in pending:
        _place(cached, site.output_file(relative))
        site.reuse.record(relative, [], key)
    site.counts["image copies encoded"] = encoded
    site.counts["image copies from the cache"] = taken
