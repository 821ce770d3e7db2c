"""UI strings (gettext catalogs) and locale-aware formatting (Babel) for the declared languages."""

from .catalogs import Catalogs
from .formatting import Formats

__all__ = ["Catalogs", "Formats"]
