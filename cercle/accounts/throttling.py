"""Login throttling against password guessing, with django-axes.

allauth logs people in by email: it calls `authenticate(request, email=..., password=...)`,
and its form field is `login`. Axes is told where to find the address in both cases, lower-cased
as accounts store it, so that "Alice@Example.org" and "alice@example.org" count as one target.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    credentials = credentials or {}
    raw = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return str(raw).strip().lower()


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' gate, skipped for logins that do not come from an HTTP request.

    `authenticate()` without a request (the shell, Django's test client) has no IP address to
    throttle by; axes would raise rather than let it through.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request: HttpRequest, response, credentials: dict | None) -> HttpResponse:
    """The page shown instead of the login form while the address is locked out."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)
