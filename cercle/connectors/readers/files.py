"""Finding and opening the files of an archive, shared by the readers."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable
from pathlib import Path

from .records import ArchiveError

__all__ = ["StrPath", "expand_paths", "open_binary"]

StrPath = str | os.PathLike[str]


def expand_paths(
    paths: StrPath | Iterable[StrPath], suffixes: tuple[str, ...] | None = None
) -> list[Path]:
    """The files of `paths`: files as given, folders read recursively, in name order.

    Hidden files and folders (".name") are left out of folders. With `suffixes`, only the files
    of a folder whose lower-cased name ends with one of them are taken (a file named explicitly is
    always taken). A missing path raises `ArchiveError`.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for folder, dirnames, filenames in os.walk(path):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                found.extend(
                    Path(folder, f)
                    for f in filenames
                    if not f.startswith(".") and (suffixes is None or f.lower().endswith(suffixes))
                )
            files.extend(sorted(found, key=lambda f: f.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            raise ArchiveError(f"{path}: no such file or folder")
    return files


def open_binary(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed when it starts with gzip's magic bytes."""
    try:
        with path.open("rb") as probe:
            compressed = probe.read(2) == b"\x1f\x8b"
        return gzip.open(path, "rb") if compressed else path.open("rb")
    except OSError as error:
        raise ArchiveError(f"{path}: cannot be read ({error.strerror})") from error
