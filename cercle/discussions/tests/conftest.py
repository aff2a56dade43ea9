"""Fixtures for discussions: data is built through the real actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.communities.actions.joining import join
from cercle.discussions import actions


@pytest.fixture
def make_member(make_user, community):
    """A new active member of `community`."""

    def make(name: str | None = None, email: str | None = None, target=None):
        user = make_user(name, email)
        join(community=target or community, user=user, accepts_charter=True)
        return user

    return make


@pytest.fixture
def topic(community, alice):
    """A discussion opened by alice (a member)."""
    return actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Comment animer une réunion à distance ?",
        body="Vos astuces ?",
    )


@pytest.fixture
def question(community, alice):
    return actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="Quel outil pour les comptes rendus ?",
        body="Je cherche un outil simple.",
    )


@pytest.fixture
def count_queries(client):
    """How many queries a GET of `url` runs once the first visit of the day is recorded
    (the first GET records it; the second is what every later view costs)."""

    def count(url: str) -> int:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    return count
