"""Publishes each item's attachments once, at a language-neutral address all translations link to.

The loader admitted only regular files of the allowed types (ess_content.attachments); they are copied
again without following links, so a file swapped for a link after the check is not published either.
Raster images are not copied: ess_images publishes their resized, metadata-free copies instead."""

import os

from ess_content import ContentError
from ess_content.attachments import MAX_ATTACHMENT_BYTES
from ess_content.errors import ContentProblem, display_path
from ess_content.files import UnsafeFileError, copy_regular
from ess_i18n.tools import _t
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
            try:
                stat = os.lstat(source)
                key = f"{stat.st_size}:{stat.st_mtime_ns}"  # the file as it was last copied
                if site.reuse.reuse(relative, key):
                    continue
                copy_regular(source, site.output_file(relative), MAX_ATTACHMENT_BYTES)
            except (UnsafeFileError, FileNotFoundError) as error:  # changed since the content was checked
                problem = error.message if isinstance(error, UnsafeFileError) else _t("was removed")
                message = _t("%(problem)s (while the site was being built)", problem=problem)
                raise ContentError([ContentProblem(display_path(source), None, None, message)]) from None
            site.reuse.record(relative, [], key)


def register():
    site_output.connect(copy_attachments)
