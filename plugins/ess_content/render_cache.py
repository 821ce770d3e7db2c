"""Markdown → HTML results of earlier builds, found again by the digest of the body's text.

Keyed by the renderer's own version too (its source, Markdown's and nh3's), so a change to the
conversion rules never reuses an old result. The cache is a plain local file the build wrote
itself; a missing or unreadable one only means converting again.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from .cache_files import digest, read_pickle, write_pickle

#: The modules whose rules decide the HTML of a body.
RENDERER_SOURCES = ("markdown_render.py", "phrases.py")


def renderer_version() -> str:
    source = "".join(Path(__file__).with_name(name).read_text(encoding="utf-8") for name in RENDERER_SOURCES)
    return digest(f"{source}\0{version('markdown')}\0{version('nh3')}")[:16]


class RenderCache:
    """Body digest → the body converted (``markdown_render.converted``: its HTML, links and remote images)."""

    def __init__(self, folder: Path | str | None, known: dict[str, tuple] | None = None):
        """``known``: bodies converted already, instead of a file (``folder`` None)."""
        self.path = Path(folder) / f"markdown-{renderer_version()}.pickle" if folder else None
        self._loaded: dict[str, tuple] | None = known  # the file is read when a body is first looked up
        self._used: dict[str, tuple] = {}

    @property
    def _known(self) -> dict[str, tuple]:
        if self._loaded is None:
            self._loaded = read_pickle(self.path) or {}
        return self._loaded

    def get(self, body_digest: str) -> tuple | None:
        body = self._known.get(body_digest)
        if body is not None:
            self._used[body_digest] = body
        return body

    def put(self, body_digest: str, body: tuple) -> None:
        self._used[body_digest] = body

    def save(self) -> None:
        """Keeps what this build used (so the file never outgrows one content tree)."""
        if self.path is not None and self._loaded is not None and self._used != self._loaded:
            write_pickle(self.path, self._used)
