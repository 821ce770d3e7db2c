"""Raster images (photos, logos) published as upright, metadata-free, resized copies with <picture> markup.

``inspect.inspect_tree`` is the pipeline's image stage (no Pelican: ``make check`` runs it too);
``publish.publish_images`` the output step writing the copies, before the pages; ``markup`` the theme's helpers.
"""

from .variants import ImageInfo, Variant

__all__ = ["ImageInfo", "Variant", "register"]


def register():
    from ess_site import site_output

    from .publish import publish_images

    site_output.connect(publish_images)
