"""The site map: URLs and language relations of every output page (no Pelican dependency).

``urls`` the URL scheme (pure functions of the configuration), ``builder`` builds the site map once,
``entries`` the rules (fallbacks, upcoming events, listing order, references), ``routes`` the questions
templates and outputs ask, ``digests`` the state of its keys for incremental builds.
"""

from .kinds import PageKind
from .pages import Alternate, Entry, MenuEntry, OutputPage, SwitchTarget
from .routes import Routes
from .urls import UrlScheme

__all__ = ["Alternate", "Entry", "MenuEntry", "OutputPage", "PageKind", "Routes", "SwitchTarget", "UrlScheme"]
