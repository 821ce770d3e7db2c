"""The editors' content contract: reading, validating and typing a content tree (no Pelican dependency)."""

from .errors import ContentError, ContentProblem
from .loader import load
from .model import ContentTree, Item, Translation

__all__ = ["ContentError", "ContentProblem", "ContentTree", "Item", "Translation", "load"]
