"""Which files an item's folder may hold beside its translations: the attachment policy, declared once.

Only the types below are published, each with its media type; anything a browser would run (HTML, scripts)
is refused, and so is an SVG image that holds anything beyond drawing (see :func:`svg_problem`). The
editors' guides, the README and the host header files (ess_headers) read or describe this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ess_i18n.tools import Message, _t

#: An attachment larger than this is refused before it is read.
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
#: Longer names would not fit the file system once the published build adds '.gz' or '.br'.
MAX_NAME_BYTES = 150


@dataclass(frozen=True)
class AttachmentType:
    extension: str
    media_type: str
    kind: str  # document, image, audio, video, archive
    download: bool = False  # published with Content-Disposition: attachment (opened by another program)


ATTACHMENT_TYPES: dict[str, AttachmentType] = {
    t.extension: t
    for t in (
        AttachmentType("pdf", "application/pdf", "document"),
        AttachmentType("odt", "application/vnd.oasis.opendocument.text", "document", True),
        AttachmentType("ods", "application/vnd.oasis.opendocument.spreadsheet", "document", True),
        AttachmentType("odp", "application/vnd.oasis.opendocument.presentation", "document", True),
        AttachmentType(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", True
        ),
        AttachmentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document", True),
        AttachmentType(
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "document", True
        ),
        AttachmentType("txt", "text/plain; charset=utf-8", "document"),
        AttachmentType("csv", "text/csv; charset=utf-8", "document", True),
        AttachmentType("jpg", "image/jpeg", "image"),
        AttachmentType("jpeg", "image/jpeg", "image"),
        AttachmentType("png", "image/png", "image"),
        AttachmentType("webp", "image/webp", "image"),
        AttachmentType("avif", "image/avif", "image"),
        AttachmentType("gif", "image/gif", "image"),
        AttachmentType("svg", "image/svg+xml", "image"),  # drawing only: see svg_problem()
        AttachmentType("mp3", "audio/mpeg", "audio"),
        AttachmentType("ogg", "audio/ogg", "audio"),
        AttachmentType("mp4", "video/mp4", "video"),
        AttachmentType("webm", "video/webm", "video"),
        AttachmentType("zip", "application/zip", "archive", True),
    )
}

#: Headers every published SVG attachment gets where the host reads header files: even an SVG that slipped
#: past svg_problem() could not run a script or load anything when opened on its own.
SVG_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_CONTROL = re.compile("[\x00-\x1f\x7f]")


def attachment_type(name: str) -> AttachmentType | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ATTACHMENT_TYPES.get(extension)


def name_problem(name: str) -> Message | None:
    """Why this file name cannot be published as an attachment (None when it can)."""
    kind = attachment_type(name)
    if kind is None:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        if name.rsplit(".", 1)[-1].lower() in ("heic", "heif"):  # iPhones' own photo format, which browsers do not show
            return _t(
                "is a HEIC photo, which browsers do not show: export it as JPEG (on the iPhone: Settings › Camera › "
                "Formats › Most Compatible); an attachment must be one of: %(types)s",
                types=allowed,
            )
        return _t("files of this type are not published; an attachment must be one of: %(types)s", types=allowed)
    if _CONTROL.search(name):
        return _t("the file name contains a control character; rename the file")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return _t("the file name is longer than %(limit)s bytes; give the file a shorter name", limit=MAX_NAME_BYTES)
    return None


# -- SVG: drawing only ---------------------------------------------------------------------------------------

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
#: Namespaces whose elements a browser would render or run inside an SVG document.
_ACTIVE_NAMESPACES = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML", _SVG, ""}
_SVG_ELEMENTS = frozenset(
    """svg g defs desc title metadata symbol use path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop clipPath mask pattern marker style image filter feBlend feColorMatrix
    feComponentTransfer feComposite feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge
    feMergeNode feMorphology feOffset""".split()
)
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_DANGEROUS = re.compile(r"javascript:|vbscript:|@import|expression\s*\(", re.IGNORECASE)
_EMBEDDED_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")


def _text_problem(value: str) -> Message | str | None:
    if _DANGEROUS.search(value):
        return f"'{_DANGEROUS.search(value).group()}'"
    for target in _URL.findall(value):
        if not target.startswith("#"):
            return _t("a reference to '%(target)s'", target=target[:60])
    return None


def svg_problem(data: bytes) -> tuple[Message, int | None] | None:
    """Why this SVG could run a script or load something when opened (with the line), or None when it is a
    plain drawing: parsed as XML without entities or DTD, every element and attribute checked against an
    allow-list (no script, event handler, foreign HTML, animation, or link other than '#...')."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return _t("is not a well-formed SVG image (%(error)s)", error=exc.msg), exc.lineno
    if root.getroottree().docinfo.doctype:
        return _t("an SVG image must not have a <!DOCTYPE> (it can define entities)"), 1
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != _SVG:
        return _t("is not an SVG image: the root element must be <svg> in the SVG namespace"), root.sourceline
    for node in [*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()]:
        if not isinstance(node.tag, str):
            if isinstance(node, etree._ProcessingInstruction):
                return (
                    _t("an SVG image must not hold processing instructions such as <?xml-stylesheet?>"),
                    node.sourceline,
                )
            continue  # comments
        name = etree.QName(node)
        if (name.namespace or "") in _ACTIVE_NAMESPACES:
            if name.namespace != _SVG or name.localname not in _SVG_ELEMENTS:
                return (
                    _t("an SVG image may only draw: element <%(element)s> is not allowed", element=name.localname),
                    node.sourceline,
                )
        if name.localname == "style" and (problem := _text_problem(node.text or "")):
            return _t("an SVG image may only draw: its <style> holds %(problem)s", problem=problem), node.sourceline
        for attribute, value in node.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                return (
                    _t(
                        "an SVG image may only draw: attribute '%(attribute)s' (a script) is not allowed",
                        attribute=local,
                    ),
                    node.sourceline,
                )
            if local == "href":
                embedded = name.localname == "image" and _EMBEDDED_IMAGE.match(value)
                if not value.startswith("#") and not embedded:
                    return (
                        _t(
                            "an SVG image may only draw: a link to '%(target)s' is not allowed (only '#id')",
                            target=value[:60],
                        ),
                        node.sourceline,
                    )
            elif problem := _text_problem(value):
                return (
                    _t(
                        "an SVG image may only draw: attribute '%(attribute)s' holds %(problem)s",
                        attribute=local,
                        problem=problem,
                    ),
                    node.sourceline,
                )
    return None
