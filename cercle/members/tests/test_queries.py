"""The directory and profiles run the same number of queries for 3 members as for 40."""

import pytest

from cercle.communities.actions.invitations import create_invitation_link
from cercle.communities.actions.joining import accept_invitation
from cercle.members.actions import update_profile

SMALL, LARGE = 3, 40


def _add_members(community, make_user, *, inviter, start, stop):
    for n in range(start, stop):
        user = make_user(f"Membre {n:02d}")
        link = create_invitation_link(community=community, inviter=inviter, max_uses=1, days=5)
        accept_invitation(invitation=link, user=user, accepts_charter=True)
        update_profile(
            profile=user.profile,
            fields={
                "organisation": f"Organisation {n}",
                "region": f"Région {n % 4}",
                "job_title": "Cheffe de projet",
                "can_help_with": "Les marchés publics",
            },
            skills=[f"Compétence {n}", "RH"],
            interests=[f"Intérêt {n}", "Climat"],
        )


@pytest.mark.parametrize(
    "query", ["", "?skill=RH&interest=Climat&q=march%C3%A9s&region=R%C3%A9gion+1"]
)
def test_directory_page(
    client, page_queries, django_assert_max_num_queries, community, alice, bob, make_user, query
):
    client.force_login(alice)
    url = f"/c/{community.slug}/members/{query}"

    _add_members(community, make_user, inviter=bob, start=0, stop=SMALL)
    small = page_queries(url)
    _add_members(community, make_user, inviter=bob, start=SMALL, stop=LARGE)
    large = page_queries(url)

    assert small == large, f"{small} queries with {SMALL} members, {large} with {LARGE}"
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["page"]) > 0


def test_member_profile_page(
    client, page_queries, django_assert_max_num_queries, community, alice, bob
):
    client.force_login(alice)
    url = f"/c/{community.slug}/members/{bob.pk}/"
    update_profile(profile=bob.profile, fields={}, skills=["A"], interests=["B"])
    small = page_queries(url)

    update_profile(
        profile=bob.profile,
        fields={},
        skills=[f"Compétence {n}" for n in range(15)],
        interests=[f"Intérêt {n}" for n in range(15)],
    )

    assert page_queries(url) == small
    with django_assert_max_num_queries(8):
        client.get(url)
