"""Leaving a community."""

from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.models import GroupMembership, Membership, MembershipState


def test_a_member_leaves_and_loses_access(client, community, alice, bob):
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    join_group(group=group, user=alice)
    client.force_login(alice)

    response = client.post(f"/c/{community.slug}/leave/", follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert b"You have left R\xc3\xa9seau des dirigeants" in response.content
    membership = Membership.objects.get(community=community, user=alice)
    assert membership.state == MembershipState.LEFT
    assert membership.left_at is not None
    assert not GroupMembership.objects.filter(user=alice).exists()
    assert client.get(f"/c/{community.slug}/members/").status_code == 403
    # Former members no longer appear in the directory.
    client.force_login(bob)
    directory = client.get(f"/c/{community.slug}/members/")
    assert b"Alice Membre" not in directory.content


def test_the_only_animator_cannot_leave(client, community, alice, bob):
    client.force_login(bob)
    response = client.post(f"/c/{community.slug}/leave/", follow=True)
    assert b"only animator: hand the role to another member before you leave" in response.content
    assert Membership.objects.get(community=community, user=bob).state == MembershipState.ACTIVE


def test_leaving_needs_a_post(client, community, alice):
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/leave/").status_code == 405
    assert Membership.objects.get(community=community, user=alice).state == MembershipState.ACTIVE


def test_an_outsider_cannot_leave_what_they_are_not_in(client, community, charlie):
    client.force_login(charlie)
    assert client.post(f"/c/{community.slug}/leave/").status_code == 403
    assert not Membership.objects.filter(community=community, user=charlie).exists()
