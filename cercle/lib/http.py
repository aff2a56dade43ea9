"""Facts about the HTTP request that several apps need the same way."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address.

    Behind a reverse proxy (BEHIND_PROXY), the address is the last one the proxy appended to
    X-Forwarded-For: the entries before it are whatever the client chose to send, so they are
    never trusted (a forged header must not dodge the login throttle).
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]
