"""Uploaded files, served by Django with headers that keep them inert.

Public uploads (logos and photos, validated from their content) are served at /media/ by
`serve_media`. Files under MEDIA_ROOT/private/ (attachments to posts) are never served there:
only a view that checks who may see them does, through `inert_file_response`.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control

SAFE_INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
PRIVATE_FOLDER = "private"


def inert_file_response(
    file,
    *,
    content_type: str,
    filename: str = "",
    max_age: int = 86400,
    private: bool = True,
    same_origin_only: bool = False,
) -> FileResponse:
    """A response for an uploaded file that no browser will run: images shown inline, every
    other kind downloaded, never sniffed into something else, sandboxed if opened anyway.
    `same_origin_only` keeps other sites from embedding it (private files)."""
    inline = content_type in SAFE_INLINE_TYPES
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        file, content_type=content_type, as_attachment=not inline, filename=filename
    )
    if inline and not filename:
        response.headers.pop("Content-Disposition", None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if same_origin_only:
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, max_age=max_age, private=private)
    return response


@cache_control(max_age=86400, private=True)
def serve_media(request, path: str):
    if "\x00" in path:  # a NUL byte makes the filesystem calls raise: not found, not a 500
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    if target.relative_to(root).parts[0] == PRIVATE_FOLDER:
        raise Http404
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if content_type not in SAFE_INLINE_TYPES:
        content_type = "application/octet-stream"
    return inert_file_response(target.open("rb"), content_type=content_type)
