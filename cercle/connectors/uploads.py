"""Archives uploaded by animators (Manage > Import an archive): what a file really is, and the
safe unpacking of a .zip or .tar.gz of a folder.

Nothing of an upload is trusted. Its name and the kind chosen only say what the animator meant:
`check_upload` reads the bytes, and refuses a picture sent as a mailing list, a 7z or RAR
archive Cercle cannot open, a Stack Exchange dump that is not a folder, a zip that is empty or
damaged. `unpack` then refuses members that would land outside the job's folder (`../`, absolute
paths, symbolic and hard links, devices) and stops an archive that expands to more than
settings.IMPORT_MAX_UNPACKED_BYTES or 200 times its own size (a "zip bomb"), counting the bytes
actually written rather than what the archive declares. Each refusal is an `ArchiveError` whose
message is meant for the animator; the caller removes the job's folder, and with it whatever was
unpacked.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import os
import re
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cercle.lib.media import PRIVATE_FOLDER

from .readers import ArchiveError

MAX_RATIO = 200  # the most an archive may expand (XML and mail compress 5 to 20 times)
RATIO_FLOOR = 1024 * 1024  # archives smaller than this are judged as if they weighed this
MAX_FILES = 20_000
MAX_DEPTH = 32
CHUNK = 1024 * 1024
HEAD = 64 * 1024

IMPORTS_FOLDER = "imports"
# Files being uploaded, on the same file system as the jobs' folders (a finished upload is
# moved there, not copied) and as private.
INCOMING_FOLDER = "incoming"

# Folders that archivers add and that are no part of the archive (macOS's resource forks).
IGNORED_FOLDERS = {"__MACOSX"}

ZIP = "zip"
TAR = "tar"  # plain, or compressed with gzip, bzip2 or xz
GZIP = "gzip"  # one gzip-compressed file (the readers decompress it themselves)
TEXT = "text"

_UNSUPPORTED = {
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"Rar!\x1a\x07": "RAR",
}
GZIP_MAGIC = b"\x1f\x8b"
BZIP2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Upload:
    """What an uploaded file turned out to be: ZIP, TAR, GZIP or TEXT."""

    format: str

    @property
    def is_container(self) -> bool:
        return self.format in (ZIP, TAR)


def check_upload(file: IO[bytes], kind: str) -> Upload:
    """What `file` (seekable, at any position) is, if it can be an archive of this `kind`;
    ArchiveError with the reason otherwise. A zip's list of members is checked here too (it is
    read from its end, at once); a tar's is checked while it is unpacked."""
    file.seek(0)
    head = file.read(HEAD)
    file.seek(0)
    if not head:
        raise ArchiveError(_("This file is empty."))
    found = _format(file, head)
    if found == ZIP:
        try:
            with zipfile.ZipFile(file) as archive:
                _zip_members(archive)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ArchiveError(
                _("This zip archive is damaged or incomplete (%(error)s): create it again.")
                % {"error": error}
            ) from error
        finally:
            file.seek(0)
    elif kind == "stackexchange" and found == GZIP:
        raise ArchiveError(
            _(
                "A Stack Exchange dump is a folder (Posts.xml, Users.xml, Comments.xml…): "
                "upload the folder as a .zip or .tar.gz, or its Posts.xml alone."
            )
        )
    elif kind == "stackexchange" and found == TEXT and b"<posts" not in head[:4096]:
        raise ArchiveError(
            _(
                "This file is not a Stack Exchange Posts.xml. Upload the dump's folder as a "
                ".zip or .tar.gz, or its Posts.xml alone."
            )
        )
    return Upload(found)


def _format(file: IO[bytes], head: bytes) -> str:
    for magic, name in _UNSUPPORTED.items():
        if head.startswith(magic):
            raise ArchiveError(
                _(
                    "Cercle cannot open %(format)s archives: unpack it on your computer and "
                    "upload the folder as a .zip or .tar.gz."
                )
                % {"format": name}
            )
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return ZIP
    if _is_tar(head):
        return TAR
    compressed = next((m for m in (GZIP_MAGIC, BZIP2_MAGIC, XZ_MAGIC) if head.startswith(m)), None)
    if compressed is not None:
        try:
            inner = _uncompressed_head(compressed, file)
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as error:
            raise ArchiveError(
                _("This compressed file is damaged or incomplete (%(error)s).") % {"error": error}
            ) from error
        finally:
            file.seek(0)
        if _is_tar(inner):
            return TAR
        if compressed == GZIP_MAGIC:
            return GZIP
        raise ArchiveError(_("Compress a single file with gzip (.gz), or put the files in a .zip."))
    guessed = filetype.guess(head)
    if guessed is not None and not guessed.mime.startswith("text/"):
        raise ArchiveError(
            _(
                "This file is of type %(type)s, not an archive of this kind: choose the file "
                "again, or another kind."
            )
            % {"type": guessed.mime}
        )
    if b"\x00" in head:  # text formats never hold a NUL byte; binary ones nearly always do
        raise ArchiveError(
            _(
                "This file is not text, so not an archive of this kind: choose the file "
                "again, or another kind."
            )
        )
    return TEXT


def _uncompressed_head(magic: bytes, file: IO[bytes]) -> bytes:
    # Closing these leaves `file` open: they did not open it.
    with (
        gzip.GzipFile(fileobj=file, mode="rb")
        if magic == GZIP_MAGIC
        else bz2.BZ2File(file)
        if magic == BZIP2_MAGIC
        else lzma.LZMAFile(file)
    ) as stream:
        return stream.read(512)


def _is_tar(block: bytes) -> bool:
    return len(block) >= 262 and block[257:262] == b"ustar"


# Members ------------------------------------------------------------------------------------


def member_path(name: str) -> tuple[str, ...] | None:
    """The parts of an archive member's path inside the folder it unpacks to, or None for a
    member that is no part of the archive (hidden files, macOS's __MACOSX). ArchiveError for
    a path that would leave the folder."""
    if "\x00" in name:
        raise ArchiveError(_("A file of this archive has an invalid name."))
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        raise ArchiveError(
            _("This archive holds a file with an absolute path (%(name)s): it is refused.")
            % {"name": name[:200]}
        )
    parts = tuple(p for p in normal.split("/") if p not in ("", "."))
    if ".." in parts:
        raise ArchiveError(
            _("This archive holds a file outside its folder (%(name)s): it is refused.")
            % {"name": name[:200]}
        )
    if len(parts) > MAX_DEPTH:
        raise ArchiveError(_("This archive's folders are nested too deep."))
    if not parts or any(p.startswith(".") or p in IGNORED_FOLDERS for p in parts):
        return None
    return parts


def _zip_members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
    members = []
    for info in archive.infolist():
        kind = stat.S_IFMT(info.external_attr >> 16)
        parts = member_path(info.filename)
        if kind == stat.S_IFLNK:
            raise ArchiveError(
                _("This archive holds a symbolic link (%(name)s): it is refused.")
                % {"name": info.filename[:200]}
            )
        if info.is_dir() or parts is None:
            continue
        if kind not in (0, stat.S_IFREG):
            raise ArchiveError(
                _("This archive holds a special file (%(name)s): it is refused.")
                % {"name": info.filename[:200]}
            )
        if info.flag_bits & 0x1:
            raise ArchiveError(
                _("This archive is protected by a password: create it again without one.")
            )
        members.append((info, parts))
    if not members:
        raise ArchiveError(_("This archive is empty: it holds no file."))
    if len(members) > MAX_FILES:
        raise ArchiveError(
            _("This archive holds more than %(n)d files: split it.") % {"n": MAX_FILES}
        )
    declared = sum(info.file_size for info, _parts in members)
    limit = unpacked_limit(archive.fp and _size(archive.fp))
    if declared > limit:
        raise _too_big(limit)
    return members


def _size(file: IO[bytes]) -> int:
    position = file.tell()
    size = file.seek(0, os.SEEK_END)
    file.seek(position)
    return size


def unpacked_limit(compressed: int | None) -> int:
    """The most an archive of `compressed` bytes may unpack to."""
    ratio_limit = MAX_RATIO * max(compressed or 0, RATIO_FLOOR)
    return min(settings.IMPORT_MAX_UNPACKED_BYTES, ratio_limit)


def _too_big(limit: int) -> ArchiveError:
    return ArchiveError(
        _(
            "This archive expands to more than %(limit)s, which Cercle does not accept: "
            "import its files in several smaller archives."
        )
        % {"limit": filesizeformat(limit)}
    )


# Unpacking ----------------------------------------------------------------------------------


class _Budget:
    """What may still be written: bytes and files, counted as they are written."""

    def __init__(self, limit: int, progress: Callable[[int], None] | None) -> None:
        self.limit = limit
        self.written = 0
        self.files = 0
        self.progress = progress

    def add_file(self) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise ArchiveError(
                _("This archive holds more than %(n)d files: split it.") % {"n": MAX_FILES}
            )

    def copy(self, source: IO[bytes], target: IO[bytes]) -> None:
        while chunk := source.read(CHUNK):
            self.written += len(chunk)
            if self.written > self.limit:
                raise _too_big(self.limit)
            target.write(chunk)
            if self.progress is not None:
                self.progress(self.written)


def unpack(
    path: Path,
    upload: Upload,
    folder: Path,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Unpack the zip or tar at `path` into `folder` (which must not exist); the number of
    files written. ArchiveError if the archive is damaged or tries anything unsafe."""
    folder.mkdir(parents=True)
    budget = _Budget(unpacked_limit(path.stat().st_size), progress)
    damaged = (
        zipfile.BadZipFile,
        tarfile.TarError,
        EOFError,
        zlib.error,
        gzip.BadGzipFile,
        lzma.LZMAError,
        NotImplementedError,  # a zip compression method Python does not read
    )
    try:
        members = _zip_entries(path) if upload.format == ZIP else _tar_entries(path)
        for parts, source in members:
            budget.add_file()
            _write(folder, parts, source, budget)
    except damaged as error:
        raise ArchiveError(
            _("This archive is damaged or incomplete (%(error)s): create it again.")
            % {"error": error}
        ) from error
    if not budget.files:
        raise ArchiveError(_("This archive is empty: it holds no file."))
    return budget.files


def _write(folder: Path, parts: tuple[str, ...], source: IO[bytes], budget: _Budget) -> None:
    target = folder.joinpath(*parts)
    # member_path already keeps every member inside; checked again where it matters.
    if not target.resolve().is_relative_to(folder.resolve()):
        raise ArchiveError(_("This archive holds a file outside its folder: it is refused."))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            budget.copy(source, out)
    except FileExistsError:
        raise ArchiveError(
            _("This archive holds %(name)s twice.") % {"name": "/".join(parts)[:200]}
        ) from None
    except gzip.BadGzipFile:
        raise  # the archive is damaged: said by unpack
    except OSError as error:  # a name too long, a file where a folder should be, a full disk
        raise ArchiveError(
            _("%(name)s cannot be unpacked (%(error)s).")
            % {"name": "/".join(parts)[:200], "error": error.strerror or error}
        ) from error


def _zip_entries(path: Path) -> Iterator[tuple[tuple[str, ...], IO[bytes]]]:
    with zipfile.ZipFile(path) as archive:
        for info, parts in _zip_members(archive):
            # ZipExtFile stops at the size the member declares and checks its CRC at the end.
            with archive.open(info) as source:
                yield parts, source


def _tar_entries(path: Path) -> Iterator[tuple[tuple[str, ...], IO[bytes]]]:
    # "r|*": a stream, read once from start to end, whatever the compression.
    with tarfile.open(path, mode="r|*") as archive:
        for member in archive:
            parts = member_path(member.name)
            if member.issym() or member.islnk():
                raise ArchiveError(
                    _("This archive holds a link (%(name)s): it is refused.")
                    % {"name": member.name[:200]}
                )
            if member.isdir() or parts is None:
                continue
            if not member.isfile():
                raise ArchiveError(
                    _("This archive holds a special file (%(name)s): it is refused.")
                    % {"name": member.name[:200]}
                )
            source = archive.extractfile(member)
            if source is None:  # pragma: no cover - isfile() members always have content
                continue
            with source:
                yield parts, source


# What to import -----------------------------------------------------------------------------


def stackexchange_folder(root: Path) -> Path:
    """The folder of an unpacked Stack Exchange dump: the one that holds Posts.xml."""
    found = sorted(
        Path(folder) for folder, dirnames, filenames in os.walk(root) if "Posts.xml" in filenames
    )
    if not found:
        raise ArchiveError(
            _(
                "There is no Posts.xml in this archive: a Stack Exchange dump is the folder "
                "with Posts.xml (and Users.xml, Comments.xml, Votes.xml… when there are)."
            )
        )
    if len(found) > 1:
        raise ArchiveError(
            _("This archive holds several Stack Exchange dumps: import them one at a time.")
        )
    return found[0]


# Receiving ----------------------------------------------------------------------------------


def imports_root() -> Path:
    """MEDIA_ROOT/private/imports/: never served by /media/."""
    return Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER / IMPORTS_FOLDER


class _IncomingFile(UploadedFile):
    """TemporaryUploadedFile, in imports_root()/incoming/ rather than the system's temporary
    folder (often a small RAM disk): an archive of hundreds of megabytes fits, and is then
    moved into its job's folder in one rename."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None) -> None:
        folder = imports_root() / INCOMING_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        file = tempfile.NamedTemporaryFile(suffix=".upload", dir=folder)  # noqa: SIM115
        super().__init__(file, name, content_type, size, charset, content_type_extra)

    def temporary_file_path(self) -> str:
        return self.file.name

    def close(self) -> None:
        with contextlib.suppress(FileNotFoundError):  # moved to its job's folder
            self.file.close()


class ImportUploadHandler(TemporaryFileUploadHandler):
    """Receives an archive to import: on disk, and no more than IMPORT_MAX_BYTES of it (the
    rest is counted, not written, so that the form refuses the file by its real size)."""

    def new_file(self, *args, **kwargs) -> None:
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        self.file = _IncomingFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data, start):
        if start <= settings.IMPORT_MAX_BYTES:
            self.file.write(raw_data)
