"""Pages that all visitors (people not logged in) see the same, kept ready in each process.

The topic list and the topic pages of public communities are what passers-by and search
engines read most. As a visitor sees them, they depend only on the data and on the time, so
`@kept_for_visitors` serves a page again, without running its view, as long as:

- the database has not changed since it was made (cercle.discussions.generation: any write
  that a page may show, by any process);
- none of the dates it shows has moved on: "3 hours ago" becoming "4 hours ago", a poll
  reaching its closing date. The page is kept until the first such moment, found from the
  dates in its template's context (cercle.lib.fragments.next_change), and MAX_AGE at most.

Only GET requests without a session or messages cookie are served so (nobody is logged in,
no message waits to be shown), one page per address, language and htmx request. The page's
CSRF token is a placeholder, replaced by the request's own token each time it is served.
Members' pages are never kept whole: they show what is theirs (unread posts, their reactions,
their drafts), and their repeated parts are memoised instead (cercle.lib.fragments).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone, translation

from cercle.discussions import generation
from cercle.lib.fragments import CSRF_PLACEHOLDER, Memo, next_change

MAX_AGE = timedelta(minutes=10)
_PLACEHOLDER = CSRF_PLACEHOLDER.encode()


@dataclass(frozen=True)
class Kept:
    content: bytes
    content_type: str
    until: datetime


_pages: Memo | None = None


def pages() -> Memo:
    global _pages  # one store per process, sized from the settings
    if _pages is None:
        _pages = Memo(getattr(settings, "VISITOR_PAGES_KEPT", 200))
    return _pages


def is_visitor(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _serve(request, content: bytes, content_type: str) -> HttpResponse:
    token = get_token(request).encode() if _PLACEHOLDER in content else b""
    return HttpResponse(content.replace(_PLACEHOLDER, token), content_type=content_type)


def kept_for_visitors(view):
    """Serve the view's page to visitors from the kept pages (the view must answer with a
    TemplateResponse for its page to be kept)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_visitor(request) or pages().size <= 0:
            return view(request, *args, **kwargs)
        current = generation.current()
        if current is None:
            return view(request, *args, **kwargs)
        key = (
            current,
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            translation.get_language(),
            request.headers.get("HX-Request") == "true",
        )
        now = timezone.now()
        kept = pages().get(key)
        if kept is not None and now < kept.until:
            return _serve(request, kept.content, kept.content_type)
        response = view(request, *args, **kwargs)
        if (
            not isinstance(response, TemplateResponse)
            or response.is_rendered
            or response.status_code != 200
        ):
            return response
        response.context_data["csrf_token"] = CSRF_PLACEHOLDER
        response.render()
        until = min(next_change(response.context_data, now), now + MAX_AGE)
        if generation.current() == current:  # nothing written meanwhile
            pages().put(key, Kept(response.content, response["Content-Type"], until))
        token = get_token(request).encode() if _PLACEHOLDER in response.content else b""
        response.content = response.content.replace(_PLACEHOLDER, token)
        return response

    return wrapped
