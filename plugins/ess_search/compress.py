"""Writes a file and its precompressed copies (.gz, .br), byte-identical from build to build."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

LARGE = 100_000  # bytes: large files (search indexes) get the slowest, smallest brotli


def write_precompressed(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    # quality 5 is within 7 % of quality 11 on a page and 6 times faster; large files are worth 11
    quality = 11 if len(data) > LARGE else 5
    path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=quality))
