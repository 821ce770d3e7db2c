"""With PRECOMPRESS (publishconf.py): a .gz and a .br beside every text file of the output, so hosts that
serve precompressed files (nginx gzip_static, Netlify, Cloudflare, Apache with MultiViews) send them."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from ess_site.generator import build_record

from .compress import write_compressed_copies

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".atom", ".ics", ".svg", ".txt"}
MINIMUM_BYTES = 512  # smaller files gain nothing


def precompress_output(pelican) -> None:
    if not pelican.settings.get("PRECOMPRESS"):
        return
    output = Path(pelican.output_path)
    site = build_record(pelican.settings).site
    reused = site.reuse.reused if site is not None and site.reuse is not None else set()
    for path in sorted(output.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.with_name(path.name + ".br").exists():
            relative = path.relative_to(output).as_posix()
            if relative in reused and _take_previous(site.reuse, relative):
                continue  # the same file as last time: the same compressed copies
            data = path.read_bytes()
            if len(data) >= MINIMUM_BYTES:
                write_compressed_copies(path, data)


def _take_previous(reuse, relative: str) -> bool:
    copies = [f"{relative}{suffix}" for suffix in (".gz", ".br")]
    return all(reuse.previous_exists(copy) for copy in copies) and all(reuse.take(copy) for copy in copies)


def register():
    signals.finalized.connect(precompress_output)
