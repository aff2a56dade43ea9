"""Pages run the same number of queries for 3 rows as for 40 (no N+1)."""

import pytest

from cercle.communities.actions.create import create_community
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.actions.invitations import create_invitation_link, invite_by_email
from cercle.communities.actions.joining import accept_invitation, join, request_to_join
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.members.actions import update_profile

SMALL, LARGE = 3, 40


def _add_members(community, make_user, *, inviter, start: int, stop: int):
    """Members brought in by `inviter`, with a filled profile and tags."""
    animator = Membership.objects.get(community=community, role=Role.ANIMATOR)
    for n in range(start, stop):
        user = make_user(f"Membre {n:02d}")
        link = create_invitation_link(community=community, inviter=inviter, max_uses=1, days=5)
        membership = accept_invitation(invitation=link, user=user, accepts_charter=True)
        update_profile(
            profile=user.profile,
            fields={"organisation": f"Organisation {n}", "region": f"Région {n % 4}"},
            skills=[f"Compétence {n}", "RH"],
            interests=[f"Intérêt {n}"],
        )
        if n % 5 == 0:
            change_role(membership=membership, role=Role.CO_ANIMATOR, by=animator)


@pytest.fixture
def compare(client, page_queries, django_assert_max_num_queries):
    """Count a page's queries with SMALL rows, grow the data to LARGE rows, count again."""

    def run(url, grow, *, bound):
        grow(0, SMALL)
        small = page_queries(url)
        grow(SMALL, LARGE)
        large = page_queries(url)
        assert small == large, f"{url}: {small} queries with {SMALL} rows, {large} with {LARGE}"
        with django_assert_max_num_queries(bound):  # lists the queries if there are too many
            client.get(url)

    return run


@pytest.mark.parametrize("logged_in", [True, False])
def test_home_page(client, compare, bob, make_user, logged_in):
    if logged_in:
        client.force_login(bob)

    def grow(start, stop):
        for n in range(start, stop):
            mine = create_community(
                creator=bob, name=f"Mienne {n}", slug=f"mienne-{n}", purpose="p", charter="c"
            )
            join_group(group=create_group(community=mine, by=bob, name="G", kind="local"), user=bob)
            other = create_community(
                creator=make_user(),
                name=f"Autre {n}",
                slug=f"autre-{n}",
                purpose="p",
                charter="c",
                entry_mode="open",
                visibility="hidden" if n % 3 == 0 else "members",
            )
            # Some members in each, so that counting them has work to do.
            join(community=other, user=make_user(), accepts_charter=True)

    compare("/", grow, bound=6)


def test_community_detail_page(client, compare, community, bob, alice, make_user):
    client.force_login(alice)

    def grow(start, stop):
        _add_members(community, make_user, inviter=bob, start=start, stop=stop)
        for n in range(start, stop):
            group = create_group(community=community, by=bob, name=f"Groupe {n}", kind="local")
            join_group(group=group, user=alice)

    compare(f"/c/{community.slug}/", grow, bound=10)


def test_manage_members_page(client, compare, community, bob, alice, make_user):
    client.force_login(bob)

    def grow(start, stop):
        _add_members(community, make_user, inviter=alice, start=start, stop=stop)

    compare(f"/c/{community.slug}/manage/members/", grow, bound=8)


def test_manage_invitations_page(client, compare, community, bob, alice, make_user):
    client.force_login(bob)

    def grow(start, stop):
        group = create_group(community=community, by=bob, name=f"Groupe {start}", kind="local")
        for n in range(start, stop):
            inviter = make_user(f"Invitant {n}")
            join(community=community, user=inviter, accepts_charter=True)
            invite_by_email(
                community=community, inviter=inviter, emails=[f"x{n}@example.org"], group=group
            )
            create_invitation_link(community=community, inviter=inviter, max_uses=3, days=5)

    compare(f"/c/{community.slug}/manage/invitations/", grow, bound=8)


def test_manage_requests_page(client, compare, make_community, bob, make_user):
    club = make_community(animator=bob, slug="club", entry_mode="request")
    client.force_login(bob)

    def grow(start, stop):
        for n in range(start, stop):
            user = make_user(f"Candidat {n}")
            update_profile(
                profile=user.profile,
                fields={"organisation": f"Org {n}", "job_title": "DG", "region": "Bretagne"},
                skills=["RH"],
                interests=[],
            )
            request_to_join(
                community=club, user=user, motivation=f"Motivation {n}", accepts_charter=True
            )

    compare("/c/club/manage/requests/", grow, bound=7)


def test_groups_page(client, compare, community, bob, alice, make_user):
    client.force_login(alice)

    def grow(start, stop):
        for n in range(start, stop):
            group = create_group(
                community=community, by=bob, name=f"Groupe {n}", kind="local", region="Ouest"
            )
            join_group(group=group, user=alice)
            join_group(group=group, user=bob)

    compare(f"/c/{community.slug}/groups/", grow, bound=7)


def test_group_page(client, compare, community, bob, alice, make_user):
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    client.force_login(bob)

    def grow(start, stop):
        for n in range(start, stop):
            user = make_user(f"Membre {n}")
            join(community=community, user=user, accepts_charter=True)
            join_group(group=group, user=user)

    compare(group.get_absolute_url(), grow, bound=8)


def test_invite_page(client, compare, community, alice):
    client.force_login(alice)

    def grow(start, stop):
        for n in range(start, stop):
            invite_by_email(community=community, inviter=alice, emails=[f"x{n}@example.org"])
            create_invitation_link(community=community, inviter=alice, max_uses=3, days=5)

    compare(f"/c/{community.slug}/invite/", grow, bound=7)
