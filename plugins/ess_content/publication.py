"""Which translations the site being built shows: drafts only in preview; an item whose publication
`date` lies after the build date only in preview (it appears by itself in the first build after it)."""

from __future__ import annotations

import datetime as dt

from .model import ContentTree, Translation

SCHEDULED_SECTIONS = ("news", "resources")  # sections whose `date` is a publication date


def is_scheduled(translation: Translation, now: dt.datetime) -> bool:
    item = translation.item
    return item.section in SCHEDULED_SECTIONS and item.moment("date") is not None and item.moment("date") > now


def apply(tree: ContentTree, *, preview: bool, now: dt.datetime) -> None:
    for item in tree.all_items():
        for translation in item.translations.values():
            if preview:
                translation.visible = True
            else:
                translation.visible = not translation.is_draft and not is_scheduled(translation, now)
