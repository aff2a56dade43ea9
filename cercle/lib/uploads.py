"""Uploaded images: stored under random names, checked from their content, not their name."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
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


def validate_image(upload: UploadedFile) -> None:
    """Refuse what is too big or not really an image (whatever its name says)."""
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("This image is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This image is too large: reduce its dimensions and try again.")
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("This file is not an image we can read. Use a JPEG, PNG, GIF or WebP picture.")
        ) from exc
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, GIF or WebP picture."))
    # The stored name's extension follows the real format, not the one the uploader gave.
    upload.name = f"image.{ALLOWED_IMAGE_FORMATS[fmt]}"
