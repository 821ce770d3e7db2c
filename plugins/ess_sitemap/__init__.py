"""sitemap.xml with xhtml:link alternates for every translation, and robots.txt pointing to it."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ess_content.cache_files import value_digest
from ess_routes import PageKind
from ess_site import site_output

SITEMAP = "sitemap.xml"


def build_sitemap(site) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in sorted(site.routes.pages, key=lambda p: p.path):
        if not page.kind.indexed:
            continue
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(site.absolute(page.path))}</loc>")
        if page.kind is PageKind.ITEM:
            lines.append(f"    <lastmod>{page.translation.item.sort_moment.date().isoformat()}</lastmod>")
        for alternate in page.alternates:
            href = quoteattr(site.absolute(alternate.path))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{alternate.hreflang}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site, generator=None, writer=None):
    """The previous build's sitemap is kept while the same pages are in the site map and none of what it
    shows of them (address, alternates, date) changed; it is written again otherwise."""
    key = value_digest([page._save_as for page in site.routes.pages])  # which pages there are
    if not site.reuse.reuse(SITEMAP, key):
        with site.reuse.writing(SITEMAP, key):
            site.write_output(SITEMAP, build_sitemap(site))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute('sitemap.xml')}\n"
    site.write_output("robots.txt", robots)


def register():
    site_output.connect(write_sitemap)
