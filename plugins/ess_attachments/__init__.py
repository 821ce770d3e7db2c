"""Publishes each item's attachments once, at a language-neutral address all translations link to."""

import shutil

from ess_site import site_output


def copy_attachments(site, generator=None, writer=None):
    for item in site.tree.all_items():
        if not item.published:
            continue
        for name in item.attachments:
            target = site.output_file(f"{site.routes.config.attachments_path}/{item.section}/{item.key}/{name}")
            shutil.copyfile(item.folder / name, target)


def register():
    site_output.connect(copy_attachments)
