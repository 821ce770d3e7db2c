"""Every setting the project's plugins read, with its default: one place, as Pelican's DEFAULT_CONFIG.

``pelicanconf.py`` overrides only what a site owner changes; a setting missing there takes the value
below. Languages have no default list here: the site declares them (``LANGUAGES`` in pelicanconf.py);
what a language entry leaves out is derived (``languages.py``).
"""

DEFAULT_CONFIG = {
    # {code: {"locale": ..., "name": ..., "paths": {...}, "fallbacks": [...], "search": ..., "stop_words": ...}}
    "LANGUAGES": None,
    "DEFAULT_LANG": None,  # the root chooser's own markup; None: the first declared language
    "MENU_SECTIONS": None,  # None: the sections marked in_menu in ess_config/sections.py
    "PAGINATION": 10,  # entries per page of every list: section listings, their facets, tag pages
    "HOME_PAGE_KEY": "home",  # content/pages/<key>/<lang>.md holds each language's home page text
    # Atom entry ids (RFC 4151 tag: URIs): a domain the owner held and a date it held it on. Never change it,
    # not even with a new domain: feed readers know entries by these ids.
    "FEED_TAG_AUTHORITY": "clusteress-gr.eu,2018",
    "SITEURL": "",
    "ATTACHMENTS_PATH": "files",
    "TIMEZONE": "Europe/Luxembourg",  # of dates written without a time zone (an event's own `timezone` wins)
    "PREVIEW": False,
}
