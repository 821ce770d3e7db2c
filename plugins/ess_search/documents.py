"""What gets indexed for each published translation, and the small store that displays a result."""

from __future__ import annotations

from dataclasses import dataclass

from ess_content.markdown_render import plain_text
from ess_pages.labels import VOCABULARIES

# Three fields, not five: every field is one more vector to score per matching document, and query
# time grows with it (bench/search.py). Tags and type-specific facts weigh as keywords; the summary
# and the body are the text.
FIELDS = (("title", 10), ("keywords", 4), ("text", 1))
SNIPPET_CHARACTERS = 240


@dataclass
class SearchDocument:
    ref: str
    fields: dict[str, str]
    store: list  # [url, title, section, date text, snippet]
    tokens: dict[str, list[str]] | None = None  # filled once by index.tokenized()


def _label(site, lang: str, vocabulary: str, value: str) -> str:
    return site.translate(lang, VOCABULARIES[vocabulary][value])


def _details(site, translation) -> list[str]:
    """Type-specific fields: venue and city for events; territory, themes, legal form for members;
    publisher and type for resources."""
    item, lang, neutral = translation.item, translation.lang, translation.item.neutral
    parts: list[str] = []
    if item.section == "events":
        parts += [translation.get("venue") or "", translation.get("address") or "", translation.city or ""]
    elif item.section == "members":
        parts += [_label(site, lang, "territory", neutral["territory"]), _label(site, lang, "kind", neutral["kind"])]
        parts += [_label(site, lang, "theme", theme) for theme in neutral.get("themes", ())]
        parts += [translation.get("legal_form") or "", translation.city or "", translation.get("address") or ""]
    elif item.section == "resources":
        parts += [
            publisher if isinstance(publisher, str) else publisher.shown.title
            for publisher in site.routes.references(item, "publisher", lang)
        ]
        parts.append(_label(site, lang, "resource_type", neutral["type"]))
    return [part for part in parts if part]


def documents_for(site, lang: str) -> list[SearchDocument]:
    routes = site.routes
    documents = []
    for item in site.tree.all_items():
        translation = item.published_translations().get(lang)
        page = routes.item_page(item, lang) if translation else None
        if page is None:
            continue  # not in this language, or the home page text
        body = plain_text(translation.html)
        date_field = site.config.sections[item.section].date_field
        moment = item.moment(date_field) if date_field else None
        snippet = translation.summary or body
        if len(snippet) > SNIPPET_CHARACTERS:
            snippet = snippet[:SNIPPET_CHARACTERS].rsplit(" ", 1)[0] + " …"
        store = [
            routes.href(page.path),
            translation.title,
            item.section,
            site.formats.date_long(moment, lang) if moment else "",
            snippet,
        ]
        fields = {
            "title": translation.title,
            "keywords": " ".join([*translation.tags, *_details(site, translation)]),
            "text": f"{translation.summary or ''} {body}",
        }
        documents.append(SearchDocument(str(len(documents)), fields, store))
    return documents
