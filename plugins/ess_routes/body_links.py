"""A body's relative links (another translation, an attachment) pointed at their published addresses."""

from __future__ import annotations

import html
import re


def rewrite_body(routes, translation, fragment: str | None = None) -> str:
    """``fragment``: the body as an earlier step left it (ess_images' pictures), else the body itself."""
    fragment = translation.html if fragment is None else fragment
    replacements = {}
    for link in translation.links:
        anchor = link.target.split("#", 1)[1] if "#" in link.target else ""
        if link.attachment:
            new = routes.attachment_href(translation.item, link.attachment)
        else:
            section, key, lang = link.item_ref
            entry = routes.entry(routes.tree.find(section, key), lang)
            new = entry.href if entry else routes.href(routes.home_path(lang))
        replacements[link.target] = new + (f"#{anchor}" if anchor else "")
    if not replacements:
        return fragment

    def substitute(match: re.Match) -> str:
        target = html.unescape(match.group(2))
        if target in replacements:
            return f'{match.group(1)}="{html.escape(replacements[target], quote=True)}"'
        return match.group(0)

    return re.sub(r'\b(href|src)="([^"]*)"', substitute, fragment)
