"""Each action leaves its event in the activity log: who did what, in which community."""

import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.charter import publish_charter
from cercle.communities.actions.groups import create_group, join_group, leave_group
from cercle.communities.actions.invitations import create_invitation_link, invite_by_email
from cercle.communities.actions.joining import (
    accept_invitation,
    approve_request,
    decline_request,
    join,
    leave,
    request_to_join,
)
from cercle.communities.models import Membership
from cercle.lib.errors import Refused


def _events(community, verb):
    return list(ActivityEvent.objects.filter(community=community, verb=verb).order_by("id"))


def _only(community, verb):
    (event,) = _events(community, verb)
    return event


@pytest.fixture
def club(make_community, bob):
    return make_community(animator=bob, slug="club", entry_mode="request")


def test_joining_records_joined_and_the_charter_accepted(community, charlie):
    membership = join(community=community, user=charlie, accepts_charter=True)

    joined = [e for e in _events(community, Verb.JOINED) if e.actor == charlie]
    assert [(e.object_kind, e.object_id) for e in joined] == [
        (ObjectKind.MEMBERSHIP, membership.pk)
    ]
    accepted = [e for e in _events(community, Verb.ACCEPTED_CHARTER) if e.actor == charlie]
    assert len(accepted) == 1
    assert accepted[0].object_kind == ObjectKind.CHARTER
    assert accepted[0].object_id == community.charters.get(version=1).pk


def test_a_request_records_requested(club, charlie):
    membership = request_to_join(
        community=club, user=charlie, motivation="Bonjour", accepts_charter=True
    )
    event = _only(club, Verb.REQUESTED_TO_JOIN)
    assert event.actor == charlie
    assert event.object_id == membership.pk
    assert not [e for e in _events(club, Verb.JOINED) if e.actor == charlie]


def test_approval_records_the_animator_and_the_newcomer_joining(club, bob, charlie):
    membership = request_to_join(
        community=club, user=charlie, motivation="Bonjour", accepts_charter=True
    )
    approve_request(membership=membership, by=bob, welcome="Bienvenue")

    approved = _only(club, Verb.REQUEST_APPROVED)
    assert approved.actor == bob
    assert approved.object_id == membership.pk
    assert approved.context_id == charlie.pk
    joined = [e for e in _events(club, Verb.JOINED) if e.actor == charlie]
    assert len(joined) == 1
    assert [e.actor for e in _events(club, Verb.ACCEPTED_CHARTER)] == [bob, charlie]


def test_decline_records_the_animator(club, bob, charlie):
    membership = request_to_join(
        community=club, user=charlie, motivation="Bonjour", accepts_charter=True
    )
    decline_request(membership=membership, by=bob, reason="Pas maintenant")

    declined = _only(club, Verb.REQUEST_DECLINED)
    assert declined.actor == bob
    assert declined.object_id == membership.pk
    assert declined.context_id == charlie.pk


def test_a_refused_decline_records_nothing(club, bob, charlie):
    membership = request_to_join(
        community=club, user=charlie, motivation="Bonjour", accepts_charter=True
    )
    with pytest.raises(Refused):
        decline_request(membership=membership, by=bob, reason="")
    assert _events(club, Verb.REQUEST_DECLINED) == []


def test_invitations_record_who_invited_and_who_accepted(community, alice, make_user):
    (invitation,), _ = invite_by_email(
        community=community, inviter=alice, emails=["dora@example.org"]
    )
    invited = _only(community, Verb.INVITED)
    assert invited.actor == alice
    assert (invited.object_kind, invited.object_id) == (ObjectKind.INVITATION, invitation.pk)

    dora = make_user("Dora", "dora@example.org")
    membership = accept_invitation(invitation=invitation, user=dora, accepts_charter=True)

    accepted = _only(community, Verb.ACCEPTED_INVITATION)
    assert accepted.actor == dora
    assert accepted.object_id == invitation.pk
    assert accepted.context_id == alice.pk  # the inviter, for word-of-mouth statistics
    joined = [e for e in _events(community, Verb.JOINED) if e.actor == dora]
    assert [(e.object_id, e.context_id) for e in joined] == [(membership.pk, alice.pk)]


def test_a_link_records_its_creation(community, alice):
    link = create_invitation_link(community=community, inviter=alice, max_uses=3, days=2)
    event = _only(community, Verb.CREATED_INVITATION_LINK)
    assert (event.actor, event.object_id) == (alice, link.pk)


def test_a_new_charter_records_publication_then_each_acceptance(community, alice, bob):
    from cercle.communities.actions.charter import accept_charter

    charter = publish_charter(community=community, body="Version deux", by=bob)
    published = [e for e in _events(community, Verb.PUBLISHED_CHARTER) if e.object_id == charter.pk]
    assert [e.actor for e in published] == [bob]

    accept_charter(membership=Membership.objects.get(community=community, user=alice))
    accept_charter(membership=Membership.objects.get(community=community, user=alice))

    on_v2 = [
        e.actor for e in _events(community, Verb.ACCEPTED_CHARTER) if e.object_id == charter.pk
    ]
    assert on_v2 == [bob, alice]  # once each, however many times the button is pressed


def test_leaving_records_left(community, alice):
    membership = Membership.objects.get(community=community, user=alice)
    leave(membership=membership)
    event = _only(community, Verb.LEFT)
    assert (event.actor, event.object_id) == (alice, membership.pk)


def test_groups_record_creation_joining_and_leaving(community, alice, bob):
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    join_group(group=group, user=alice)
    leave_group(group=group, user=alice)

    created = _only(community, Verb.CREATED_GROUP)
    assert (created.actor, created.group) == (bob, group)
    joined = _only(community, Verb.JOINED_GROUP)
    assert (joined.actor, joined.group, joined.object_id) == (alice, group, group.pk)
    left = _only(community, Verb.LEFT_GROUP)
    assert (left.actor, left.group) == (alice, group)


def test_events_stay_in_their_community(community, make_community, alice, charlie):
    other = make_community(slug="autre")
    join(community=other, user=charlie, accepts_charter=True)
    assert not ActivityEvent.objects.filter(community=community, actor=charlie).exists()
    assert ActivityEvent.objects.filter(community=other, actor=charlie, verb=Verb.JOINED).exists()


def test_visiting_records_one_visit_a_day(client, community, alice):
    client.force_login(alice)
    client.get(f"/c/{community.slug}/members/")
    client.get(f"/c/{community.slug}/groups/")
    visits = _events(community, Verb.VISITED)
    assert [e.actor for e in visits] == [alice]


def test_the_views_record_through_the_actions(client, community, charlie, bob):
    """A join through the page, not only through the action, lands in the log."""
    client.force_login(charlie)
    client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"})
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    client.post(f"/c/{community.slug}/groups/{group.slug}/membership/", {"action": "join"})
    client.post(f"/c/{community.slug}/leave/")

    verbs = list(
        ActivityEvent.objects.filter(community=community, actor=charlie)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        Verb.JOINED,
        Verb.ACCEPTED_CHARTER,
        Verb.VISITED,
        Verb.JOINED_GROUP,
        Verb.LEFT,
    ]
