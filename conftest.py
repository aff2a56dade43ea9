"""Shared test fixtures.

Three standing people, as in healthchecks' tests: `alice` is a member of `community`, `bob`
animates it, `charlie` is an outsider. Data is built by calling the real actions.
A real SMTP server (aiosmtpd) runs on loopback for tests that send mail.
"""

import itertools
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

_counter = itertools.count(1)


def pytest_configure(config):
    # Pages are tested in French too: build the .mo files (not in git) before any test runs.
    # Only in the main process, so that xdist's workers never read a half-written file.
    if not hasattr(config, "workerinput"):
        from cercle.lib.catalogues import compile_catalogues

        compile_catalogues()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are about what Cercle does on PostgreSQL alone: the SQLite pass
    leaves them out, the PostgreSQL pass runs them (scripts/test runs both)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Plain static storage: the manifest of `collectstatic` does not exist in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    # Argon2 takes ~0.1 s per hash by design: too slow for tests that create dozens of users.
    # Production keeps Argon2 (asserted in cercle/accounts/tests/test_signup.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, inside the test; a test of the worker itself sets the
    # database backend again.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_user(db):
    from cercle.accounts.models import User

    def make(
        name: str | None = None,
        email: str | None = None,
        password: str = "correct horse 42",
        **extra,
    ):
        n = next(_counter)
        user = User.objects.create_user(
            email or f"user{n}@example.org", password, name=name or f"User {n}", **extra
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def make_community(db, make_user):
    from cercle.communities.actions.create import create_community

    def make(*, animator=None, slug: str | None = None, **fields):
        n = next(_counter)
        defaults = {
            "name": f"Communauté {n}",
            "slug": slug or f"communaute-{n}",
            "purpose": "Partager nos pratiques",
            "charter": "Bienveillance et entraide.",
            "entry_mode": "open",
            "visibility": "members",
        }
        defaults.update(fields)
        return create_community(creator=animator or make_user(), **defaults)

    return make


@pytest.fixture
def bob(make_user):
    return make_user("Bob Animateur", "bob@example.org")


@pytest.fixture
def community(make_community, bob):
    return make_community(animator=bob, slug="reseau", name="Réseau des dirigeants")


@pytest.fixture
def alice(make_user, community):
    from cercle.communities.actions.joining import join

    alice = make_user("Alice Membre", "alice@example.org")
    join(community=community, user=alice, accepts_charter=True)
    return alice


@pytest.fixture
def make_member(make_user, community):
    """A new active member of `community` (or of `target`)."""
    from cercle.communities.actions.joining import join

    def make(name: str | None = None, email: str | None = None, target=None):
        user = make_user(name, email)
        join(community=target or community, user=user, accepts_charter=True)
        return user

    return make


@pytest.fixture
def charlie(make_user):
    return make_user("Charlie Dehors", "charlie@example.org")


class _Inbox:
    """Collects what the SMTP server receives, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on loopback; Django sends to it through its SMTP backend."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate limits (e.g. one confirmation email per address every three
    minutes) in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_queries(client):
    """How many queries a GET of `url` runs, once the per-day work of a first visit is done.

    The first GET records the member's daily visit (one UPDATE and one INSERT); the second is
    the one every later page view costs, and the one that is counted.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    return count


@pytest.fixture
def run_worker(monkeypatch):
    """`run_worker()` runs the real background worker (`cercle db_worker`) over what is queued,
    then returns. The worker closes "old" connections as it wakes up; inside a test's
    transaction Django sees the test's connection as one (autocommit off) and would close it on
    PostgreSQL, so that check is left out here."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
