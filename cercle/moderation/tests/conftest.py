"""Fixtures for moderation: data is built through the real actions.

In `community` ("reseau"): bob animates, alice is a member, `moderator` moderates, `dave` is
another member (the usual troublemaker of these tests); charlie is an outsider.
"""

import pytest

from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.discussions import actions


def membership(community, user) -> Membership:
    return Membership.objects.select_related("community").get(community=community, user=user)


@pytest.fixture
def moderator(make_member, community, bob):
    user = make_member("Mona Modératrice", "mona@example.org")
    change_role(
        membership=membership(community, user), role=Role.MODERATOR, by=membership(community, bob)
    )
    return user


@pytest.fixture
def dave(make_member):
    return make_member("Dave Troll", "dave@example.org")


@pytest.fixture
def topic(community, alice):
    return actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Comment animer une réunion à distance ?",
        body="Vos astuces ?",
    )


@pytest.fixture
def rude_post(topic, dave):
    return actions.reply(topic=topic, author=dave, body="Vous êtes tous nuls.")


@pytest.fixture
def other_community(make_community, make_user):
    """Another community, with its own animator, member, topic and post."""
    from cercle.communities.actions.joining import join

    animator = make_user("Olga Ailleurs")
    community = make_community(animator=animator, slug="ailleurs")
    member = make_user("Oscar Ailleurs")
    join(community=community, user=member, accepts_charter=True)
    topic = actions.start_topic(
        community=community, author=animator, kind="discussion", title="Ailleurs", body="Ici."
    )
    post = actions.reply(topic=topic, author=member, body="Là-bas.")
    community.animator, community.member, community.topic, community.post = (
        animator,
        member,
        topic,
        post,
    )
    return community
