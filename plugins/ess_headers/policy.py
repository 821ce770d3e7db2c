"""What every host must send, in one place: security headers, media types with their charset, caching,
precompressed copies, files never served. The HTML meta tag and the generated _headers, _redirects,
.htaccess and _nginx.conf (hosts.py) are all derived from these values."""

from __future__ import annotations

from ess_content.attachments import ATTACHMENT_TYPES, SVG_POLICY

#: No inline script or style, nothing from another origin. Used as a <meta> in every page too
#: (frame-ancestors is only honoured as a header).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), geolocation=(), microphone=(), interest-cohort=()"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

#: Media types with the charset every host must send (text formats a browser or a reader would
#: otherwise guess: calendars, feeds, JSON, XML, plain text).
MEDIA_TYPES = (
    ("html", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("json", "application/json; charset=utf-8"),
    ("atom", "application/atom+xml; charset=utf-8"),
    ("xml", "application/xml; charset=utf-8"),
    ("ics", "text/calendar; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("svg", "image/svg+xml; charset=utf-8"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    ("gif", "image/gif"),
    ("avif", "image/avif"),  # photos' copies (ess_images)
    ("pdf", "application/pdf"),
)

#: Files under the theme's folder carry a digest of their content in their name (ess_assets), the parts of
#: the search indexes one in their folder's (ess_search): cached for a year without revalidation. Everything
#: else (HTML, feeds, each language's search entry, which names the parts) revalidates every time.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

#: Precompressed copies written by ess_precompress, in the order a host should prefer them.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))

#: Files in the output that configure a host and are never served (plus every name starting with a dot).
HOST_FILES = ("_headers", "_redirects", "_nginx.conf")

#: Headers for files by extension, on top of HEADERS: attachments (their types declared once in
#: ess_content.attachments) that should be saved rather than opened, and SVG images, which when opened on
#: their own may neither run a script nor load anything.
EXTENSION_HEADERS = (("svg", (("Content-Security-Policy", SVG_POLICY),)),) + tuple(
    (kind.extension, (("Content-Disposition", "attachment"),)) for kind in ATTACHMENT_TYPES.values() if kind.download
)


def extension_headers(name: str) -> tuple[tuple[str, str], ...]:
    """EXTENSION_HEADERS for one file name (the preview server sends them too)."""
    extension = name.rsplit(".", 1)[-1].lower()
    return next((headers for ext, headers in EXTENSION_HEADERS if ext == extension), ())
