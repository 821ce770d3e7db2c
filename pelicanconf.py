"""Settings for a preview build (make html / make devserver). publishconf.py builds on these.

Everything a site owner may want to change is here as plain data; constants no owner would
change live in the plugins.
"""

import os

SITENAME = "ESS Cluster Greater Region"  # the visible name is a UI string, translated in translations/
SITEURL = ""  # preview: links are root-relative (/fr/...)
PREVIEW = True  # drafts and items dated in the future are shown, with a banner; publishconf turns it off
PREVIEW_ORIGIN = "http://127.0.0.1:8000"  # feeds and sitemap need absolute addresses even in preview

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TRANSLATIONS_PATH = "translations"
TIMEZONE = "Europe/Luxembourg"

# -- languages ------------------------------------------------------------------------------------
LANGUAGES = ("fr", "de", "lb", "en")
DEFAULT_LANG = "fr"  # the language of the root chooser's own markup; every language is equal otherwise
# Where an item has no translation, readers of a language see the first existing one in this order.
LANGUAGE_FALLBACKS = {
    "fr": ("en", "de", "lb"),
    "de": ("en", "fr", "lb"),
    "lb": ("de", "fr", "en"),
    "en": ("fr", "de", "lb"),
}
# Translated section paths: /fr/actualites/, /de/aktuelles/, ...
SECTION_PATHS = {
    "news": {"fr": "actualites", "de": "aktuelles", "lb": "neiegkeeten", "en": "news"},
    "events": {"fr": "agenda", "de": "veranstaltungen", "lb": "evenementer", "en": "events"},
    "resources": {"fr": "ressources", "de": "ressourcen", "lb": "ressourcen", "en": "resources"},
    "members": {"fr": "membres", "de": "mitglieder", "lb": "memberen", "en": "members"},
    "pages": {"fr": "pages", "de": "seiten", "lb": "saiten", "en": "pages"},
}
TAG_PATHS = {"fr": "mots-cles", "de": "schlagwoerter", "lb": "schlagwierder", "en": "tags"}
MENU_SECTIONS = ("news", "events", "resources", "members")
PAGINATION = 10
HOME_PAGE_KEY = "home"  # content/pages/home/<lang>.md holds each language's home page text
# Atom entry ids (RFC 4151 tag: URIs): a domain the owner held and a date it held it on. Never change
# it, not even with a new domain: feed readers know entries by these ids.
FEED_TAG_AUTHORITY = "clusteress-gr.eu,2018"

# -- search --------------------------------------------------------------------------------------
SEARCH_PATHS = {"fr": "recherche", "de": "suche", "lb": "sichen", "en": "search"}
NODE_MODULES = "node_modules"
SEARCH_PIPELINES_JS = "theme/static/js/search-pipelines.js"
# Files published beside the theme's own (output path → source in the project), e.g. lunr.js from npm.
EXTRA_STATIC_FILES = {
    "theme/js/vendor/lunr.min.js": "node_modules/lunr/lunr.min.js",
    "theme/js/vendor/lunr.stemmer.support.min.js": "node_modules/lunr-languages/min/lunr.stemmer.support.min.js",
    "theme/js/vendor/lunr.fr.min.js": "node_modules/lunr-languages/min/lunr.fr.min.js",
    "theme/js/vendor/lunr.de.min.js": "node_modules/lunr-languages/min/lunr.de.min.js",
}

# -- Pelican: the project's plugins do the work; Pelican's own article/page readers are off ---------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "ess_site",
    "ess_search",  # first: it indexes in a second process while the pages are written
    "ess_pages",
    "ess_feeds",
    "ess_sitemap",
    "ess_attachments",
    "ess_calendar",
    "ess_headers",
    "ess_assets",
    "ess_precompress",
]
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = []  # the theme's files are published by ess_assets, under fingerprinted names only
DELETE_OUTPUT_DIRECTORY = False  # output is built in a fresh folder and swapped in by ess_build
CACHE_PATH = os.path.join(".cache", "pelican")
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,  # templates do not change during a build: no stat() per include
}
