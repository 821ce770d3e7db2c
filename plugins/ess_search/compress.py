"""Writes a file and its precompressed copies (.gz, .br), byte-identical from build to build."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli


def write_precompressed(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=10))
