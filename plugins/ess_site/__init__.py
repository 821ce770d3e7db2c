"""Pelican integration: one generator reads the content tree once, builds the site map, and lets
each output plugin (pages, feeds, sitemap, attachments, ...) write its files from it.

Output plugins connect a module-level function to :data:`site_output`; adding one touches no other.
"""

from pelican import signals

from .generator import SiteGenerator, site_output
from .site import Site

__all__ = ["Site", "SiteGenerator", "site_output", "register"]


def get_generators(pelican):
    return SiteGenerator


def register():
    signals.get_generators.connect(get_generators)
