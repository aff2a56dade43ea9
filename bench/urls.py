"""The project's URLs, plus /bench/ceiling/<size>/: the least a Django view can do to answer
with a page of `size` bytes, through the same middleware as every page. The bench compares each
measured page with it."""

from django.http import HttpResponse
from django.urls import include, path

_HEAD = b"<!doctype html><html><head><title>ceiling</title></head><body><p>"
_TAIL = b"</p></body></html>\n"
_bodies: dict[int, bytes] = {}


def ceiling(request, size: int) -> HttpResponse:
    body = _bodies.get(size)
    if body is None:
        filler = max(size - len(_HEAD) - len(_TAIL), 0)
        body = _bodies[size] = _HEAD + b"x" * filler + _TAIL
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/ceiling/<int:size>/", ceiling),
    path("", include("cercle.project.urls")),
]
