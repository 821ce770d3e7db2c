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
# The site's languages, in the order the language switcher and the root chooser show them. Each entry
# may give: locale (Babel, for dates and numbers; default from CLDR), name (default: its own name from
# CLDR), paths (URL segments of the sections, the tag index and the search page; default: the English
# names), fallbacks (which languages a reader sees where an item is not translated, first match wins;
# the others follow in this order), search ("stemmer": lunr-languages' stemmer for this code, "english",
# or "folding": accents folded and stop_words dropped, for languages no stemmer exists for).
# `make language CODE=xx` adds an entry here and creates its UI catalog; removing an entry removes the
# language (its content files are then reported as errors).
LANGUAGES = {
    "fr": {
        "locale": "fr_FR",
        "paths": {
            "news": "actualites",
            "events": "agenda",
            "resources": "ressources",
            "members": "membres",
            "pages": "pages",
            "tags": "mots-cles",
            "search": "recherche",
        },
        "fallbacks": ["en", "de", "lb"],
        "search": "stemmer",
    },
    "de": {
        "locale": "de_DE",
        "paths": {
            "news": "aktuelles",
            "events": "veranstaltungen",
            "resources": "ressourcen",
            "members": "mitglieder",
            "pages": "seiten",
            "tags": "schlagwoerter",
            "search": "suche",
        },
        "fallbacks": ["en", "fr", "lb"],
        "search": "stemmer",
    },
    "lb": {
        "locale": "lb_LU",
        "paths": {
            "news": "neiegkeeten",
            "events": "evenementer",
            "resources": "ressourcen",
            "members": "memberen",
            "pages": "saiten",
            "tags": "schlagwierder",
            "search": "sichen",
        },
        "fallbacks": ["de", "fr", "en"],
        "search": "folding",
        # the most frequent function words (no stemmer exists for Luxembourgish)
        "stop_words": "a an am un um op vun vum vu der den d de dem déi dat dës dëse dëser ass sinn si se mir mer "
        "dir du hien hatt et en eng engem enger ech mech mat fir iwwer ënner no bei zu ze och awer oder wéi wou wat "
        "net kee keng ni wann well dann do hei sech säin seng hir hire hiren eis eisen äre ären deen",
    },
    "en": {
        "locale": "en_GB",
        "paths": {
            "news": "news",
            "events": "events",
            "resources": "resources",
            "members": "members",
            "pages": "pages",
            "tags": "tags",
            "search": "search",
        },
        "fallbacks": ["fr", "de", "lb"],
        "search": "english",
    },
}
DEFAULT_LANG = "fr"  # the language of the root chooser's own markup; every language is equal otherwise
MENU_SECTIONS = ("news", "events", "resources", "members")
PAGINATION = 10
HOME_PAGE_KEY = "home"  # content/pages/home/<lang>.md holds each language's home page text
NODE_MODULES = "node_modules"
SEARCH_PIPELINES_JS = "theme/static/js/search-pipelines.js"

# -- Pelican: the project's plugins do the work; Pelican's own article/page readers are off ---------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "ess_site",
    "ess_search",  # first: it indexes in a second process while the pages are written
    "ess_images",  # before the pages: a page shows an image's copies, which it makes
    "ess_calendar",  # before the pages too: a large site's calendars are written in a second process meanwhile
    "ess_sitemap",  # before the pages (no page needs it or the attachments): done after them, the other page
    "ess_attachments",  # process would wait for this one; done before, it takes more of the pages meanwhile
    "ess_pages",
    "ess_feeds",
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
