"""Reading the content tree without ever leaving it: only regular files and folders inside content/ are read.

Symbolic links, devices, named pipes and sockets are refused by what ``lstat`` says about the entry itself
(never followed), and a file is opened with ``O_NOFOLLOW`` and checked again on the open descriptor, so a
link swapped in between is refused too. A file larger than its limit is refused before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ess_i18n.tools import Message, _t

#: A translation (Markdown with its front matter) larger than this is refused before it is read.
MAX_TEXT_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


class UnsafeFileError(Exception):
    """An entry of the content tree that is not a regular file or folder, or is too large (``message``: why,
    a tools message worded in the editor's language when shown)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> Message:
    if stat.S_ISLNK(mode):
        return _t("is a symbolic link")
    if stat.S_ISFIFO(mode):
        return _t("is a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _t("is a device")
    if stat.S_ISSOCK(mode):
        return _t("is a socket")
    return _t("is not a regular file")


def refusal(mode: int) -> Message:
    """Why an entry whose mode is neither a regular file nor a folder is refused."""
    return _t(
        "%(kind)s: content is read only from regular files and folders inside the content folder; "
        "put a copy of the file here instead",
        kind=_kind(mode),
    )


def entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """The folder's entries, sorted by name, each with its own lstat (links not followed)."""
    with os.scandir(folder) as scan:
        found = sorted((entry.name, entry.path, entry.stat(follow_symlinks=False)) for entry in scan)
    return [(Path(path), info) for _name, path, info in found]  # (names differ: the sort never compares more)


def signature(info: os.stat_result) -> tuple[int, int, int]:
    """A file as a stat saw it (inode, size, time): the same signature, the same file, not read again."""
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def is_folder(mode: int) -> bool:
    return stat.S_ISDIR(mode)


def is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def open_regular(path: Path, limit: int) -> int:
    """A descriptor of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafeFileError(refusal(stat.S_IFLNK)) from None
        raise UnsafeFileError(_t("cannot be read: %(error)s", error=exc.strerror)) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise UnsafeFileError(refusal(info.st_mode))
    if info.st_size > limit:
        os.close(descriptor)
        raise UnsafeFileError(too_large(info.st_size, limit))
    return descriptor


def too_large(size: int, limit: int) -> Message:
    return _t(
        "is %(size)s bytes; the limit for this kind of file is %(limit)s bytes (%(mib)s MiB)",
        size=size,
        limit=limit,
        mib=limit // 1024 // 1024,
    )


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file inside the tree, refused (UnsafeFileError) when anything else or too large;
    never reads more than ``limit`` + 1 bytes, even from a file that grows while it is read."""
    descriptor = open_regular(path, limit)
    try:
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    if total > limit:
        raise UnsafeFileError(too_large(total, limit))
    return b"".join(chunks)


def copy_regular(source: Path, target: Path, limit: int) -> None:
    """Copy a regular file of the tree (same checks as :func:`read_regular`) without loading it whole."""
    descriptor = open_regular(source, limit)
    try:
        with open(target, "wb") as out:
            total = 0
            while chunk := os.read(descriptor, _CHUNK):
                total += len(chunk)
                if total > limit:
                    raise UnsafeFileError(too_large(total, limit))
                out.write(chunk)
    finally:
        os.close(descriptor)
