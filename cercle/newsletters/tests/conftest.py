"""Fixtures for digests and newsletters: data built through the real actions, at fixed times.

`monday` is a Monday 08:00 (Paris) a few weeks back: the weekly digest is due then. What the
tests write happens in the days before it (`at=` given to the actions); the standing members
(alice, bob) joined "now", long after, so they are not newcomers of that week unless a test
says so (`joined_at`).
"""

import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from cercle.communities.models import Membership

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _paris(settings):
    settings.TIME_ZONE = "Europe/Paris"
    settings.DIGEST_HOUR = 7
    settings.SITE_URL = "https://cercle.example.org"
    settings.DEFAULT_FROM_EMAIL = "Cercle <cercle@cercle.example.org>"
    settings.UNSUBSCRIBE_MAILTO = "sender"


@pytest.fixture
def monday() -> datetime:
    today = timezone.localtime(timezone=PARIS).date()
    day = today - timedelta(days=today.weekday() + 21)
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=PARIS)


def set_joined(user, community, at: datetime) -> None:
    Membership.objects.filter(user=user, community=community).update(joined_at=at)


@pytest.fixture
def old_members(community, bob, alice, monday):
    """bob and alice, members for a year before `monday`."""
    for person in (bob, alice):
        set_joined(person, community, monday - timedelta(days=365))
    return bob, alice


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: a mail server that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Refusing:
    """Refuses for good (550) the addresses that contain "bounce", and for now (451) those
    that contain "later"; delivers the others to the inbox."""

    def __init__(self, inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "bounce" in address:
            return "550 5.1.1 No such user here"
        if "later" in address:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return await self.inbox.handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_smtp(smtp_inbox, settings):
    """The smtp_inbox's server replaced by one that refuses some recipients."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(_Refusing(smtp_inbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield smtp_inbox
    controller.stop()
