"""Incremental builds: an output file of the previous build is reused when nothing it depends on changed.

A file depends on the code, theme, catalogs and settings of the build, its date, the front matter of
every translation and the attachments (together: a change there re-renders everything), and on the
bodies it read while it was rendered (recorded by ``ess_content.reads``). Editing a body therefore
re-renders only the pages that show that body. Reused files are hard links to the previous output,
taken into the fresh staging folder, so a failed build still leaves the previous output untouched.
"""

from .fingerprint import global_digest, structure_digest
from .reuse import Reuse
from .state import load_state, save_state, state_path

__all__ = ["Reuse", "global_digest", "load_state", "save_state", "state_path", "structure_digest"]
