"""Publishes each item's attachments once, at a language-neutral address all translations link to.

Raster images are not copied: ess_images publishes their resized, metadata-free copies instead."""

import shutil

from ess_site import site_output


def copy_attachments(site, generator=None, writer=None):
    for item in site.tree.all_items():
        if not item.published:
            continue
        for name in item.attachments:
            if name in item.images:
                continue
            relative = f"{site.routes.config.attachments_path}/{item.section}/{item.key}/{name}"
            source = item.folder / name
            stat = source.stat()
            key = f"{stat.st_size}:{stat.st_mtime_ns}"  # the file as it was last copied
            if site.reuse.reuse(relative, key):
                continue
            shutil.copyfile(source, site.output_file(relative))
            site.reuse.record(relative, [], key)


def register():
    site_output.connect(copy_attachments)
