"""Markdown → HTML results of earlier builds, found again by the digest of the body's text.

Keyed by the renderer's own version too (its source, Markdown's and nh3's), so a change to the
conversion rules never reuses an old result. The cache is a plain local file the build wrote
itself; a missing or unreadable one only means converting again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def renderer_version() -> str:
    source = (Path(__file__).with_name("markdown_render.py")).read_text(encoding="utf-8")
    return digest(f"{source}\0{version('markdown')}\0{version('nh3')}")[:16]


class RenderCache:
    def __init__(self, folder: Path | str | None):
        self.path = Path(folder) / f"markdown-{renderer_version()}.pickle" if folder else None
        self._known: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if self.path is not None and self.path.exists():
            try:
                with self.path.open("rb") as stream:
                    self._known = pickle.load(stream)
            except Exception:  # noqa: BLE001 - a damaged cache is only a slower build
                self._known = {}
        self.hits = 0

    def get(self, body_digest: str) -> str | None:
        html = self._known.get(body_digest)
        if html is not None:
            self._used[body_digest] = html
            self.hits += 1
        return html

    def put(self, body_digest: str, html: str) -> None:
        self._used[body_digest] = html

    def save(self) -> None:
        """Keeps what this build used (so the file never outgrows one content tree)."""
        if self.path is None or self._used == self._known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with temporary.open("wb") as stream:
            pickle.dump(self._used, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
