"""With PRECOMPRESS (publishconf.py): a .gz and a .br beside every text file of the output, so hosts that
serve precompressed files (nginx gzip_static, Netlify, Cloudflare, Apache with MultiViews) send them."""

from __future__ import annotations

from pathlib import Path

from ess_search.compress import write_precompressed
from pelican import signals

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".atom", ".ics", ".svg", ".txt"}
MINIMUM_BYTES = 512  # smaller files gain nothing


def precompress_output(pelican) -> None:
    if not pelican.settings.get("PRECOMPRESS"):
        return
    for path in sorted(Path(pelican.output_path).rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.with_name(path.name + ".br").exists():
            data = path.read_bytes()
            if len(data) >= MINIMUM_BYTES:
                write_precompressed(path, data)


def register():
    signals.finalized.connect(precompress_output)
