"""The site's declaration: its languages and sections, and every other setting the plugins read, with
their defaults in one place (``defaults.py``). No Pelican: settings come in as a plain dict.

Every module, template helper, command and the Makefile asks :class:`SiteConfig`; nothing else lists
languages or sections.
"""

from .defaults import DEFAULT_CONFIG
from .errors import ConfigError
from .languages import Language, SearchPipeline
from .sections import SECTIONS, Section
from .site_config import SiteConfig, build_date

__all__ = [
    "DEFAULT_CONFIG",
    "SECTIONS",
    "ConfigError",
    "Language",
    "SearchPipeline",
    "Section",
    "SiteConfig",
    "build_date",
]
