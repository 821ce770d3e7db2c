"""Which translations the site being built shows: drafts only in preview; an item whose publication
`date` lies after the build date only in preview (it appears by itself in the first build after it)."""

from __future__ import annotations

import datetime as dt

from .model import ContentTree, Translation


def is_scheduled(translation: Translation, now: dt.datetime) -> bool:
    return translation.item.is_scheduled(now)


def apply(tree: ContentTree, *, preview: bool, now: dt.datetime) -> None:
    for item in tree.all_items():
        for translation in item.translations.values():
            if preview:
                translation.visible = True
            else:
                translation.visible = not translation.is_draft and not is_scheduled(translation, now)
