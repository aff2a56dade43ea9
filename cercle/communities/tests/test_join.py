import pytest

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.models import Membership, MembershipState


def test_member_joins_an_open_community_by_accepting_the_charter(client, community, charlie):
    client.force_login(charlie)
    response = client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"}, follow=True)
    assert response.status_code == 200
    membership = Membership.objects.get(community=community, user=charlie)
    assert membership.state == MembershipState.ACTIVE
    assert membership.charter_version == community.charter_version == 1
    assert ActivityEvent.objects.filter(
        community=community, actor=charlie, verb=Verb.JOINED
    ).exists()


def test_joining_without_accepting_the_charter_saves_nothing(client, community, charlie):
    client.force_login(charlie)
    response = client.post(f"/c/{community.slug}/join/", {})
    assert response.status_code == 200
    assert b"required" in response.content or b"obligatoire" in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()


@pytest.mark.parametrize("path", ["", "members/", "invite/", "manage/", "groups/"])
def test_hidden_community_does_not_exist_for_outsiders(client, make_community, charlie, path):
    hidden = make_community(visibility="hidden", slug="secret")
    client.force_login(charlie)
    assert client.get(f"/c/{hidden.slug}/{path}").status_code == 404
