"""Uploaded files, served by Django with headers that keep them inert.

Only images are uploaded today (logos and photos, validated from their content); the headers
make sure that even a file that slipped through is never run by the browser as a page.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control

SAFE_INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


@cache_control(max_age=86400, private=True)
def serve_media(request, path: str):
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = FileResponse(target.open("rb"), content_type=content_type)
    if content_type not in SAFE_INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
