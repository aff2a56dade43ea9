import pytest

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.models import Membership, MembershipState


def test_member_joins_an_open_community_by_accepting_the_charter(client, community, charlie):
    client.force_login(charlie)
    response = client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"}, follow=True)
    assert response.status_code == 200
    assert b"Welcome to R\xc3\xa9seau des dirigeants!" in response.content
    membership = Membership.objects.get(community=community, user=charlie)
    assert membership.state == MembershipState.ACTIVE
    assert membership.charter_version == community.charter_version == 1
    assert ActivityEvent.objects.filter(
        community=community, actor=charlie, verb=Verb.JOINED
    ).exists()
    # Members-only pages open to the new member.
    assert client.get(f"/c/{community.slug}/members/").status_code == 200


def test_joining_without_accepting_the_charter_saves_nothing(client, community, charlie):
    client.force_login(charlie)
    # A browser always sends the CSRF token, even with the box left unticked.
    response = client.post(f"/c/{community.slug}/join/", {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()


def test_joining_twice_says_so_and_keeps_one_row(client, community, alice):
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"}, follow=True)
    assert b"already a member" in response.content
    assert Membership.objects.filter(community=community, user=alice).count() == 1


def test_a_visitor_is_asked_to_sign_up_first_and_nothing_is_created(client, community):
    response = client.get(f"/c/{community.slug}/join/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/signup/?next=/c/{community.slug}/join/"
    assert Membership.objects.filter(community=community).count() == 1  # the animator


def test_an_invitation_only_community_cannot_be_joined_without_invitation(
    client, make_community, charlie
):
    closed = make_community(entry_mode="invitation", slug="sur-invitation")
    client.force_login(charlie)
    response = client.post("/c/sur-invitation/join/", {"accepts_charter": "on"})
    assert response.status_code == 200
    assert b"welcomes new members by invitation only" in response.content
    assert not Membership.objects.filter(community=closed, user=charlie).exists()
    # Asking to join is not possible either.
    client.post("/c/sur-invitation/join/", {"motivation": "Hello", "accepts_charter": "on"})
    assert not Membership.objects.filter(community=closed, user=charlie).exists()


def test_joining_a_hidden_community_by_its_address_finds_nothing(client, make_community, charlie):
    hidden = make_community(visibility="hidden", slug="secret", entry_mode="open")
    client.force_login(charlie)
    assert client.get("/c/secret/join/").status_code == 404
    assert client.post("/c/secret/join/", {"accepts_charter": "on"}).status_code == 404
    assert not Membership.objects.filter(community=hidden, user=charlie).exists()


def test_a_member_who_left_comes_back_on_the_same_row(client, community, alice):
    client.force_login(alice)
    client.post(f"/c/{community.slug}/leave/")
    client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"})
    (membership,) = Membership.objects.filter(community=community, user=alice)
    assert membership.state == MembershipState.ACTIVE
    assert membership.left_at is None


@pytest.mark.parametrize("path", ["", "members/", "invite/", "manage/", "groups/"])
def test_hidden_community_does_not_exist_for_outsiders(client, make_community, charlie, path):
    hidden = make_community(visibility="hidden", slug="secret")
    client.force_login(charlie)
    assert client.get(f"/c/{hidden.slug}/{path}").status_code == 404
