"""Local chapters and thematic groups inside a community."""

from cercle.communities.actions.groups import create_group
from cercle.communities.models import Group, GroupMembership


def test_the_animator_creates_a_group(client, community, bob):
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/manage/groups/new/",
        {"name": "Antenne de Lyon", "kind": "local", "region": "Auvergne-Rhône-Alpes"},
        follow=True,
    )
    group = Group.objects.get(community=community)
    assert group.slug == "antenne-de-lyon"
    assert group.region == "Auvergne-Rhône-Alpes"
    assert response.redirect_chain[-1][0] == f"/c/{community.slug}/groups/antenne-de-lyon/"
    assert b"Group created." in response.content
    assert b"Antenne de Lyon" in client.get(f"/c/{community.slug}/groups/").content


def test_two_groups_with_the_same_name_are_refused(client, community, bob):
    create_group(community=community, by=bob, name="Antenne de Lyon", kind="local")
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/manage/groups/new/", {"name": "Antenne de Lyon", "kind": "thematic"}
    )
    assert response.status_code == 200
    assert b"A group with this name already exists" in response.content
    assert Group.objects.filter(community=community).count() == 1


def test_a_member_cannot_create_a_group(client, community, alice):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/manage/groups/new/", {"name": "Mon groupe", "kind": "thematic"}
    )
    assert response.status_code == 403
    assert not Group.objects.exists()


def test_a_member_joins_then_leaves_a_group(client, community, alice, bob):
    group = create_group(community=community, by=bob, name="Achats durables", kind="thematic")
    client.force_login(alice)
    url = f"/c/{community.slug}/groups/{group.slug}/membership/"

    joined = client.post(url, {"action": "join"}, follow=True)
    assert b"You have joined Achats durables" in joined.content
    assert GroupMembership.objects.filter(group=group, user=alice).exists()
    assert b"Alice Membre" in client.get(group.get_absolute_url()).content
    assert b"my group" in client.get(f"/c/{community.slug}/groups/").content

    again = client.post(url, {"action": "join"}, follow=True)
    assert b"already in this group" in again.content
    assert GroupMembership.objects.filter(group=group, user=alice).count() == 1

    left = client.post(url, {"action": "leave"}, follow=True)
    assert b"You have left Achats durables" in left.content
    assert not GroupMembership.objects.filter(group=group, user=alice).exists()


def test_an_outsider_cannot_join_a_group(client, community, bob, charlie):
    group = create_group(community=community, by=bob, name="Achats durables", kind="thematic")
    client.force_login(charlie)
    response = client.post(f"/c/{community.slug}/groups/{group.slug}/membership/")
    assert response.status_code == 403
    assert not GroupMembership.objects.filter(user=charlie).exists()


def test_a_group_of_another_community_is_not_found_here(
    client, community, alice, make_community, make_user
):
    other = make_community(slug="autre")
    other_animator = other.memberships.get().user
    group = create_group(community=other, by=other_animator, name="Ailleurs", kind="thematic")
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/groups/{group.slug}/").status_code == 404
    response = client.post(f"/c/{community.slug}/groups/{group.slug}/membership/")
    assert response.status_code == 404
    assert not GroupMembership.objects.exists()
