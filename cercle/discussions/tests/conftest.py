"""Fixtures for discussions: data is built through the real actions."""

import pytest

from cercle.discussions import actions


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
