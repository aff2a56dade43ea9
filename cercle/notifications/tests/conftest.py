"""Fixtures for notifications and reading: data is built through the real actions.

The tests run inside a transaction that is never committed, so what the actions leave for
after the commit (notifying, mailing) runs only inside `committed()`, which plays the commit's
callbacks as Django would (one end-to-end test commits for real: test_notify.py).
"""

import socket

import pytest

from cercle.discussions import actions


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the on-commit callbacks of what is done inside."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def topic(community, alice, committed):
    """A discussion opened by alice (a member); she follows it from the start."""
    with committed():
        return actions.start_topic(
            community=community,
            author=alice,
            kind="discussion",
            title="Comment animer une réunion à distance ?",
            body="Vos astuces ?",
        )


@pytest.fixture
def question(community, alice, committed):
    with committed():
        return actions.start_topic(
            community=community,
            author=alice,
            kind="question",
            title="Quel outil pour les comptes rendus ?",
            body="Je cherche un outil simple.",
        )


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: a mail server that refuses every connection."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
