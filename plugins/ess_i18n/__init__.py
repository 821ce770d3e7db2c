"""UI strings (gettext catalogs) and locale-aware formatting (Babel) for the four languages."""

from .catalogs import Catalogs
from .formatting import (
    autonym,
    date_long,
    date_range,
    date_short,
    file_size,
    language_name,
    number,
    territory_name,
)

__all__ = [
    "Catalogs",
    "autonym",
    "date_long",
    "date_range",
    "date_short",
    "file_size",
    "language_name",
    "number",
    "territory_name",
]
