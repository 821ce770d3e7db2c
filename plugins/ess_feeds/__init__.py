"""One Atom feed per language of that language's news, with xml:lang."""

from ess_site import site_output

from .atom import write_feeds

__all__ = ["register", "write_feeds"]


def register():
    site_output.connect(write_feeds)
