"""Uploaded files: stored under random names, checked from their content, not their name.

Images (logos, photos) go through `validate_image`. Files attached to posts go through
`check_attachment`, which decides what a file is from its bytes (the name and the browser's
content type are never trusted) and accepts only a short list of kinds that browsers do not run:
pictures, PDF, OpenDocument and Office documents, and plain UTF-8 text.
"""

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000


@deconstructible
class upload_path:
    """Files go to <folder>/<random>.<ext>: names users chose never reach the disk."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{ext}"


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Stops writing a file to disk once it is bigger than any upload Cercle accepts.

    The file keeps its real size (Django counts every byte received), so the form still
    refuses it with a clear message; but a 2 GB upload no longer fills the disk on the way.
    """

    def receive_data_chunk(self, raw_data, start):
        if start < upload_size_cap():
            self.file.write(raw_data)


def upload_size_cap() -> int:
    return max(settings.ATTACHMENT_MAX_BYTES, settings.MAX_IMAGE_UPLOAD_BYTES) + 1


def _image_format(upload: UploadedFile) -> tuple[str, int, int]:
    """Pillow's name for the picture's format, and its size; ValidationError if it is not a
    picture Pillow can read (or a decompression bomb)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt, width, height = image.format, image.width, image.height
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This image is too large: reduce its dimensions and try again.")
                )
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("This file is not an image we can read. Use a JPEG, PNG, GIF or WebP picture.")
        ) from exc
    finally:
        upload.seek(0)
    return fmt, width, height


def validate_image(upload: UploadedFile) -> None:
    """Refuse what is too big or not really an image (whatever its name says)."""
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("This image is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )
    fmt, _width, _height = _image_format(upload)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, GIF or WebP picture."))
    # The stored name's extension follows the real format, not the one the uploader gave.
    upload.name = f"image.{ALLOWED_IMAGE_FORMATS[fmt]}"


# --- Attachments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of file that may be attached: its content type and the extensions a file of
    that kind may be named with (the first one is given to files named otherwise)."""

    content_type: str
    extensions: tuple[str, ...]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# Pictures and PDF, recognised by their signature (the `filetype` package's table).
_SIGNED_KINDS = {
    "image/png": Kind("image/png", ("png",)),
    "image/apng": Kind("image/png", ("png", "apng")),
    "image/jpeg": Kind("image/jpeg", ("jpg", "jpeg")),
    "image/gif": Kind("image/gif", ("gif",)),
    "image/webp": Kind("image/webp", ("webp",)),
    "application/pdf": Kind("application/pdf", ("pdf",)),
}
_PILLOW_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}

# OpenDocument: a zip whose first entry, "mimetype", names the kind.
_OPENDOCUMENT_KINDS = {
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "application/vnd.oasis.opendocument.graphics": ("odg",),
}
# Office Open XML: a zip whose [Content_Types].xml names the main part's type. Macro-enabled
# documents (docm, xlsm, pptm) have other main types, and are refused.
_OOXML = "application/vnd.openxmlformats-officedocument."
_OOXML_KINDS = {
    _OOXML + "wordprocessingml.document.main+xml": (_OOXML + "wordprocessingml.document", "docx"),
    _OOXML + "spreadsheetml.sheet.main+xml": (_OOXML + "spreadsheetml.sheet", "xlsx"),
    _OOXML + "presentationml.presentation.main+xml": (
        _OOXML + "presentationml.presentation",
        "pptx",
    ),
}
# Plain UTF-8 text: the name chooses among these, else it is served as .txt.
_TEXT_KINDS = {
    "csv": Kind("text/csv", ("csv",)),
    "md": Kind("text/markdown", ("md", "markdown")),
    "markdown": Kind("text/markdown", ("md", "markdown")),
}
_PLAIN_TEXT = Kind("text/plain", ("txt", "text", "log"))

# Text that a browser, a shell or a double click would run: refused, whatever the name says.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style)\b"
    # an element with an event handler (<img onerror=...>); bounded, so never slow
    rb"|<\s*[a-z][a-z0-9-]*[^<>]{0,500}?\son[a-z]+\s*=",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Names that say "program" or "page": refused even when the bytes look harmless.
_REFUSED_NAMES = """htm html xhtml shtml svg svgz xml xsl xslt js mjs cjs jse vbs vbe wsf wsh
    hta ps1 psm1 bat cmd com exe msi msp scr pif cpl dll sys jar apk app dmg pkg deb rpm sh bash
    zsh csh py pyw rb pl php phtml asp aspx jsp cgi lnk url reg inf scf iso img"""
REFUSED_EXTENSIONS = frozenset(_REFUSED_NAMES.split())

MAX_NAME_CHARS = 120


def _too_big(upload: UploadedFile, limit: int) -> str:
    return _("“%(name)s” is too large (%(size)s); the limit is %(limit)s per file.") % {
        "name": clean_filename(upload.name or ""),
        "size": filesizeformat(upload.size),
        "limit": filesizeformat(limit),
    }


def _refused(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” cannot be attached: attach pictures (PNG, JPEG, GIF, WebP), PDF, "
            "OpenDocument or Office documents, or plain text (TXT, CSV, Markdown)."
        )
        % {"name": clean_filename(upload.name or "")}
    )


def _zip_kind(upload: UploadedFile) -> Kind | None:
    """The document kind of a zip, read from its own description (never extracted)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if infos and infos[0].filename == "mimetype" and infos[0].file_size < 100:
                declared = archive.read(infos[0]).decode("ascii", "replace").strip()
                if declared in _OPENDOCUMENT_KINDS:
                    return Kind(declared, _OPENDOCUMENT_KINDS[declared])
                return None
            names = {info.filename: info for info in infos}
            types = names.get("[Content_Types].xml")
            if types is None or types.file_size > 1_000_000:
                return None
            declared_types = re.findall(
                r'ContentType\s*=\s*"([^"]+)"', archive.read(types).decode("utf-8", "replace")
            )
            if "vbaProject.bin" in " ".join(names):  # macros, whatever the main type says
                return None
            for declared in declared_types:
                if declared in _OOXML_KINDS:
                    content_type, extension = _OOXML_KINDS[declared]
                    return Kind(content_type, (extension,))
            return None
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    finally:
        upload.seek(0)


def _text_kind(upload: UploadedFile) -> Kind | None:
    """Plain text: valid UTF-8, no NUL nor other control characters, no markup, no #!."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.strip() or _CONTROL.search(text) or text.lstrip().startswith(("#!", "<")):
        return None
    if _MARKUP.search(data):
        return None
    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    return _TEXT_KINDS.get(extension, _PLAIN_TEXT)


@dataclass(frozen=True)
class CheckedFile:
    """What an accepted attachment really is."""

    kind: Kind
    name: str  # for display and download, sanitised, with an extension matching the kind
    width: int | None = None
    height: int | None = None


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Accept the file if it is small enough and of a kind we serve safely; ValidationError
    (with a message naming the file) otherwise."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(_too_big(upload, limit))
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty.") % {"name": clean_filename(upload.name or "")}
        )
    original = upload.name or ""
    if "." in original and original.rsplit(".", 1)[-1].lower().strip() in REFUSED_EXTENSIONS:
        raise _refused(upload)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    kind = _SIGNED_KINDS.get(guessed.mime) if guessed is not None else None
    width = height = None
    if kind is not None and kind.is_image:
        try:
            fmt, width, height = _image_format(upload)
        except ValidationError:
            raise _refused(upload) from None
        if _PILLOW_FORMATS.get(fmt) != kind.content_type:
            raise _refused(upload)
    elif kind is None and head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
    elif kind is None:
        kind = _text_kind(upload)
    if kind is None:
        raise _refused(upload)
    return CheckedFile(
        kind=kind, name=clean_filename(original, kind.extensions), width=width, height=height
    )


def clean_filename(name: str, extensions: tuple[str, ...] = ()) -> str:
    """A name safe to show and to offer for download: no folders, no control or direction
    characters, none of the characters file systems refuse, a bounded length, and (given the
    file's kind) an extension of that kind, added when the name has another one, so that a
    text file named run.bat downloads as run.bat.txt."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Categories C*: controls, and formats such as U+202E (right-to-left override), which
    # would make "gpj.exe" read "exe.jpg".
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r'[<>:"|?*/\\]', "_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if extensions and extension.lower() not in extensions:
        stem, extension = name, extensions[0]
    stem = stem or _("file")
    room = MAX_NAME_CHARS - len(extension) - 1
    stem = stem[:room].rstrip(" .") or _("file")
    return f"{stem}.{extension}" if extension else stem
