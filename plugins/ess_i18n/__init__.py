"""UI strings (gettext catalogs) and locale-aware formatting (Babel) for the four languages."""

from .catalogs import Catalogs
from .formatting import autonym, date_long, date_short, language_name, number

__all__ = ["Catalogs", "autonym", "date_long", "date_short", "language_name", "number"]
