"""Exports and reports are written whole or not at all: into a new file beside the one asked for, which
replaces it only once every byte is on disk. A full USB stick or a write refused halfway leaves the
file that was there before (or none), never a CSV cut off at a row that looks complete."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new file in `path`'s folder to write to; when the block ends it becomes `path`, and should the block
    (or the replacing) fail it is deleted and `path` is left as it was. A missing or read-only folder fails
    at once, before anything is written."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # Made like any new file (the umask applies), so the export has the permissions it always had.
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield temp
        _flush_to_disk(temp)  # a stick pulled out after the rename must not hold a file of zeros
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _flush_to_disk(path: Path) -> None:
    handle = os.open(path, os.O_RDWR)  # writable: Windows' fsync (_commit) needs it
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_bytes(path: Path, data: bytes) -> None:
    """`data` as the whole of `path` (see `replacing`)."""
    with replacing(path) as temp:
        temp.write_bytes(data)
