"""The browsers where a member is logged in, which they can list and log out from a distance.

Why not django-user-sessions: it replaces Django's session backend and its last release
(2.0, December 2022) predates Django 5.2. A small model beside Django's own sessions is enough:

- at login (`user_logged_in`), a LoginSession row records the browser and the IP address, and
  its id is kept in the session itself;
- SessionRecordMiddleware refreshes the row's last activity at most every REFRESH, and follows
  the session key when Django rotates it (password change), so an ordinary page view costs no
  query at all;
- ending a session deletes Django's session (that browser is logged out at once) and the row;
  a browser whose row has gone is logged out at its next request.
"""

import re
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from cercle.accounts.models import LoginSession, User
from cercle.lib.http import client_ip

MARK = "_cercle_login_session"
REFRESH = timedelta(minutes=5)


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


def _mark(request: HttpRequest, row: LoginSession, now: datetime) -> None:
    request.session[MARK] = {"id": row.pk, "key": row.session_key, "seen": now.isoformat()}


def record_login(request: HttpRequest, user: User) -> LoginSession:
    if request.session.session_key is None:
        request.session.save()
    now = timezone.now()
    row = LoginSession.objects.create(
        user=user,
        session_key=request.session.session_key,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        ip_address=client_ip(request),
        created_at=now,
        last_activity=now,
    )
    _mark(request, row, now)
    return row


@receiver(user_logged_in, dispatch_uid="cercle.accounts.sessions.logged_in")
def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        record_login(request, user)


@receiver(user_logged_out, dispatch_uid="cercle.accounts.sessions.logged_out")
def _on_logout(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session") or user is None:
        return
    mark = request.session.get(MARK)
    if mark:
        LoginSession.objects.filter(pk=mark["id"], user=user).delete()


class SessionRecordMiddleware:
    """Keeps the current browser's LoginSession up to date (see the module's docstring)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._refresh(request, user)
        return self.get_response(request)

    def _refresh(self, request: HttpRequest, user: User) -> None:
        mark = request.session.get(MARK)
        now = timezone.now()
        if mark is None:
            # Logged in before sessions were recorded: record this one now.
            record_login(request, user)
            return
        key = request.session.session_key
        seen = datetime.fromisoformat(mark["seen"])
        if mark["key"] == key and now - seen < REFRESH:
            return
        updated = LoginSession.objects.filter(pk=mark["id"], user=user).update(
            session_key=key, last_activity=now, ip_address=client_ip(request)
        )
        if not updated:
            # Ended from another browser: this one is logged out from now on.
            logout(request)
            return
        request.session[MARK] = {**mark, "key": key, "seen": now.isoformat()}


def current_session_id(request: HttpRequest) -> int | None:
    mark = request.session.get(MARK)
    return mark["id"] if mark else None


def active_sessions(user: User) -> list[LoginSession]:
    """The user's sessions still alive, newest activity first; dead rows are dropped."""
    store = _store()
    horizon = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    alive, dead = [], []
    for row in LoginSession.objects.filter(user=user):
        if row.last_activity >= horizon and store.exists(row.session_key):
            alive.append(row)
        else:
            dead.append(row.pk)
    if dead:
        LoginSession.objects.filter(pk__in=dead).delete()
    return alive


def end_session(row: LoginSession) -> None:
    """Log that browser out now."""
    _store().delete(row.session_key)
    row.delete()


def end_other_sessions(user: User, *, keep_id: int | None) -> int:
    rows = list(LoginSession.objects.filter(user=user).exclude(pk=keep_id))
    for row in rows:
        end_session(row)
    return len(rows)


def end_all_sessions(user: User) -> None:
    """Every browser of this user is logged out (account deletion)."""
    end_other_sessions(user, keep_id=None)


_BROWSERS = [
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_SYSTEMS = [
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux|X11")),
]


def describe_device(user_agent: str) -> str:
    """ "Firefox on Windows": enough for a person to recognise their own devices."""
    browser = next((name for name, rx in _BROWSERS if rx.search(user_agent)), "")
    system = next((name for name, rx in _SYSTEMS if rx.search(user_agent)), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or ""
