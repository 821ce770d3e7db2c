"""Writes every HTML page of the site map through the theme, one language at a time."""

from ess_site import site_output

from .writer import write_pages

__all__ = ["register", "write_pages"]


def register():
    site_output.connect(write_pages)
