"""Who sees what: outsiders, visitors, members and animators."""

import pytest

from cercle.communities.actions.groups import create_group
from cercle.communities.actions.joining import join


@pytest.mark.parametrize("path", ["members/", "groups/", "groups/lyon/"])
def test_an_outsider_cannot_read_a_members_only_community(client, community, bob, charlie, path):
    create_group(community=community, by=bob, name="Lyon", kind="local")
    client.force_login(charlie)
    response = client.get(f"/c/{community.slug}/{path}")
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["members/", "groups/", "invite/", "manage/"])
def test_a_visitor_is_sent_to_log_in(client, community, path):
    url = f"/c/{community.slug}/{path}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_presentation_of_a_members_only_community_is_public(client, community, bob):
    create_group(community=community, by=bob, name="Antenne de Lyon", kind="local")
    response = client.get(f"/c/{community.slug}/")
    assert response.status_code == 200
    assert b"Partager nos pratiques" in response.content
    assert b"Bob Animateur" in response.content  # who animates it
    assert b"Antenne de Lyon" not in response.content  # content is for members
    assert b"/members/" not in response.content


def test_a_public_community_shows_its_groups_but_not_its_directory(
    client, make_community, make_user
):
    animator = make_user("Ana Animatrice")
    public = make_community(animator=animator, slug="ouverte", visibility="public")
    create_group(community=public, by=animator, name="Antenne de Nantes", kind="local")
    assert b"Antenne de Nantes" in client.get("/c/ouverte/groups/").content
    assert client.get("/c/ouverte/members/").status_code == 302


def test_a_hidden_community_is_not_listed_for_outsiders(client, make_community, make_user, charlie):
    animator = make_user("Ana Animatrice")
    make_community(animator=animator, slug="secret", name="Cercle secret", visibility="hidden")
    make_community(slug="visible", name="Cercle visible")

    assert b"Cercle secret" not in client.get("/").content
    client.force_login(charlie)
    home = client.get("/")
    assert b"Cercle visible" in home.content
    assert b"Cercle secret" not in home.content

    client.force_login(animator)
    assert b"Cercle secret" in client.get("/").content


@pytest.mark.parametrize(
    "path",
    [
        "",
        "join/",
        "charter/",
        "leave/",
        "members/",
        "groups/",
        "groups/lyon/",
        "invite/",
        "manage/",
        "manage/requests/",
        "manage/members/",
        "manage/invitations/",
        "manage/charter/",
    ],
)
def test_a_hidden_community_is_not_found_anywhere(client, make_community, make_user, path):
    animator = make_user()
    hidden = make_community(animator=animator, slug="secret", visibility="hidden")
    create_group(community=hidden, by=animator, name="Lyon", kind="local")
    outsider = make_user()
    client.force_login(outsider)
    # Leaving takes a POST whatever the address: a GET says so before looking anything up.
    assert client.get(f"/c/secret/{path}").status_code == (405 if path == "leave/" else 404)
    assert client.post(f"/c/secret/{path}").status_code == 404


def test_the_invitation_page_of_a_hidden_community_does_not_link_to_it_when_expired(
    client, make_community, make_user, charlie
):
    from datetime import timedelta

    from django.utils import timezone

    from cercle.communities.actions.invitations import create_invitation_link
    from cercle.communities.models import Invitation

    animator = make_user()
    hidden = make_community(animator=animator, slug="secret", visibility="hidden")
    link = create_invitation_link(community=hidden, inviter=animator, max_uses=1, days=1)
    Invitation.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(charlie)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert b"/c/secret/" not in response.content


@pytest.mark.parametrize(
    "path",
    ["manage/", "manage/requests/", "manage/members/", "manage/invitations/", "manage/charter/"],
)
def test_a_member_cannot_open_management_pages(client, community, alice, path):
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/{path}").status_code == 403


def test_a_member_cannot_change_the_settings(client, community, alice):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/manage/",
        {
            "name": "Pris",
            "purpose": "x",
            "entry_mode": "open",
            "visibility": "public",
            "invite_policy": "10",
        },
    )
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.name == "Réseau des dirigeants"


def test_the_animator_opens_every_management_page(client, community, bob):
    client.force_login(bob)
    for path in ("manage/", "manage/requests/", "manage/members/", "manage/invitations/"):
        assert client.get(f"/c/{community.slug}/{path}").status_code == 200


def test_profiles_are_seen_only_through_a_shared_community(
    client, community, alice, make_community, make_user, charlie
):
    """Alice is in A (`community`) and B; Dora only in A; Charlie only in B."""
    other = make_community(slug="autre", entry_mode="open")
    join(community=other, user=alice, accepts_charter=True)
    join(community=other, user=charlie, accepts_charter=True)
    dora = make_user("Dora Membre")
    join(community=community, user=dora, accepts_charter=True)

    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/members/{dora.pk}/").status_code == 200
    # Dora is not in B: her profile does not exist at B's address.
    assert client.get(f"/c/autre/members/{dora.pk}/").status_code == 404

    # Charlie is not in A: A's directory and profiles are closed to him.
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/members/{alice.pk}/").status_code == 403
    assert client.get(f"/c/{community.slug}/members/{dora.pk}/").status_code == 403
    assert client.get(f"/c/autre/members/{alice.pk}/").status_code == 200
