"""The site map: URLs and language relations of every output page (no Pelican dependency)."""

from .config import RouteConfig
from .routes import Alternate, Entry, MenuEntry, OutputPage, Routes, SwitchTarget

__all__ = ["Alternate", "Entry", "MenuEntry", "OutputPage", "RouteConfig", "Routes", "SwitchTarget"]
