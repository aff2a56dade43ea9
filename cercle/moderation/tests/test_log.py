"""The moderation log members read: what was done and why, nothing private."""

import pytest

from cercle.moderation.actions import content
from cercle.moderation.actions.people import silence, warn
from cercle.moderation.actions.reports import report
from cercle.moderation.actions.reverse import reverse


@pytest.fixture
def decisions(community, alice, bob, moderator, dave, rude_post):
    reported = report(community=community, reporter=alice, reason="charter", post=rude_post)
    hidden = content.hide_post(
        post=rude_post,
        by=moderator,
        reason="Insulte envers les membres (règle 2).",
        message="Message privé pour Dave : calme-toi.",
        report=reported,
    )
    silenced = silence(
        community=community,
        member=dave,
        by=bob,
        reason="Récidive après avertissement.",
        message="Une semaine sans écrire, Dave.",
        days=7,
    )
    warned = warn(community=community, member=dave, by=bob, reason="Ton agressif.")
    reverse(action=warned, by=bob, reason="Avertissement levé après excuses.")
    return hidden, silenced


def test_members_read_what_was_done_and_why(client, community, alice, topic, decisions):
    client.force_login(alice)
    response = client.get(f"/c/{community.slug}/moderation/log/")
    assert response.status_code == 200
    page = response.content.decode()
    for public in (
        "Message hidden",
        "Insulte envers les membres (règle 2).",
        "Member silenced",
        "Récidive après avertissement.",
        "Avertissement levé après excuses.",
        topic.title,
    ):
        assert public in page, public


def test_the_log_exposes_nothing_private(client, community, alice, dave, decisions):
    client.force_login(dave)  # even the person concerned reads the same public log
    page = client.get(f"/c/{community.slug}/moderation/log/").content.decode()
    body = page.split("<main", 1)[1]
    for private in (
        "Alice Membre",  # who reported
        "Mona Modératrice",  # who decided
        "Message privé pour Dave",  # the private messages
        "Une semaine sans écrire",
        "Dave Troll",  # who a decision was about (the header shows the reader's own name only)
    ):
        assert private not in body, private


def test_the_log_is_for_members(client, community, charlie, decisions):
    assert client.get(f"/c/{community.slug}/moderation/log/").status_code == 302
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/moderation/log/").status_code == 403


def test_moderators_see_the_full_record(client, community, moderator, decisions):
    client.force_login(moderator)
    page = client.get(f"/c/{community.slug}/moderation/decisions/").content.decode()
    assert "Message privé pour Dave" in page
    assert "Dave Troll" in page
