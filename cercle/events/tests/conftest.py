"""Fixtures for events: data is built through the real actions.

Times are fixed where the test is about time (reminders, recurrence: `at=` is given to the
actions); pages use the real clock, so their events are placed relative to now.

The tests run inside a transaction that is never committed: what the actions leave for after
the commit (emails) runs only inside `committed()`, which plays the commit's callbacks.
"""

import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cercle.events import actions

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: a mail server that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wall(*parts: int) -> datetime:
    """A wall-clock time, without a zone: the event's time zone gives it one."""
    return datetime(*parts)  # noqa: DTZ001 - naive on purpose, read in the event's zone


def in_days(days: float, hour: int = 18, minute: int = 30) -> datetime:
    """A wall-clock time in Paris, `days` from today."""
    day = timezone.localtime(timezone=PARIS).date() + timedelta(days=int(days))
    return wall(day.year, day.month, day.day, hour, minute)


@pytest.fixture
def make_event(community, bob):
    def make(*, by=None, target=None, days: float = 7, hours: float = 2, **fields):
        start = fields.pop("start", None) or in_days(days)
        values = {
            "title": "Rencontre des dirigeants",
            "address": "12 rue des Lilas, Lyon",
            "time_zone": "Europe/Paris",
            "description": "On parle **recrutement**.",
        }
        values.update(fields)
        return actions.create_event(
            community=target or community,
            by=by or bob,
            start=start,
            end=start + timedelta(hours=hours),
            **values,
        )

    return make


@pytest.fixture
def event(make_event):
    """In a week, in Lyon and by video, 3 places."""
    return make_event(video_url="https://visio.example.org/reseau", capacity=3)
