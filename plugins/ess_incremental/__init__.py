"""Incremental builds: an output file of the previous build is reused when nothing it depends on changed.

A file depends on the code, theme, catalogs, settings, date and attachments of the build (a change there
re-renders everything), and on what it read while it was rendered, recorded by ``ess_content.reads``:
front matter and bodies of translations, items, and its place in the site map. Editing one file
therefore re-renders only the pages that show something of it or whose place in the site map changed.
Reused files are hard links to the previous output, taken into the fresh staging folder, so a failed
build still leaves the previous output untouched.
"""

from .dependencies import Dependencies, keys_of_items, site_map_keys
from .fingerprint import global_digest
from .reuse import Reuse
from .state import load_state, save_state, state_of, state_path

__all__ = [
    "Dependencies",
    "Reuse",
    "keys_of_items",
    "site_map_keys",
    "global_digest",
    "load_state",
    "save_state",
    "state_of",
    "state_path",
]
