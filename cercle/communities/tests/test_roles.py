"""Roles: who names animators, and a community always keeps one."""

import pytest

from cercle.communities.actions.joining import join
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.lib.errors import Refused


def _membership(community, user):
    return Membership.objects.get(community=community, user=user)


def _set_role(client, community, membership, role):
    return client.post(
        f"/c/{community.slug}/manage/members/{membership.pk}/role/", {"role": role}, follow=True
    )


@pytest.fixture
def dora(make_user, community):
    dora = make_user("Dora Membre")
    join(community=community, user=dora, accepts_charter=True)
    return dora


def test_the_animator_names_a_co_animator_who_can_then_manage(client, community, alice, bob):
    client.force_login(bob)
    response = _set_role(client, community, _membership(community, alice), Role.CO_ANIMATOR)
    assert b"Role updated." in response.content
    assert _membership(community, alice).role == Role.CO_ANIMATOR

    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/manage/members/").status_code == 200


def test_a_co_animator_names_moderators_but_not_animators(client, community, alice, bob, dora):
    change_role(
        membership=_membership(community, alice),
        role=Role.CO_ANIMATOR,
        by=_membership(community, bob),
    )
    client.force_login(alice)

    refused = _set_role(client, community, _membership(community, dora), Role.ANIMATOR)
    assert b"Only an animator can name or change animators" in refused.content
    assert _membership(community, dora).role == Role.MEMBER

    refused = _set_role(client, community, _membership(community, dora), Role.CO_ANIMATOR)
    assert b"Only an animator can name or change animators" in refused.content
    assert _membership(community, dora).role == Role.MEMBER

    # Nor can they demote the animator.
    _set_role(client, community, _membership(community, bob), Role.MEMBER)
    assert _membership(community, bob).role == Role.ANIMATOR

    allowed = _set_role(client, community, _membership(community, dora), Role.MODERATOR)
    assert b"Role updated." in allowed.content
    assert _membership(community, dora).role == Role.MODERATOR


def test_the_last_animator_cannot_step_down(client, community, bob):
    client.force_login(bob)
    response = _set_role(client, community, _membership(community, bob), Role.MEMBER)
    assert b"always keeps at least one animator" in response.content
    assert _membership(community, bob).role == Role.ANIMATOR


def test_with_a_second_animator_the_first_may_step_down(client, community, alice, bob):
    change_role(
        membership=_membership(community, alice), role=Role.ANIMATOR, by=_membership(community, bob)
    )
    client.force_login(bob)
    _set_role(client, community, _membership(community, bob), Role.MEMBER)
    assert _membership(community, bob).role == Role.MEMBER
    with pytest.raises(Refused, match="at least one animator"):
        change_role(
            membership=_membership(community, alice),
            role=Role.MEMBER,
            by=_membership(community, alice),
        )


def test_a_member_cannot_change_roles(client, community, alice, bob, dora):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/manage/members/{_membership(community, alice).pk}/role/",
        {"role": Role.ANIMATOR},
    )
    assert response.status_code == 403
    response = client.post(
        f"/c/{community.slug}/manage/members/{_membership(community, dora).pk}/role/",
        {"role": Role.MODERATOR},
    )
    assert response.status_code == 403
    assert _membership(community, alice).role == Role.MEMBER
    assert _membership(community, dora).role == Role.MEMBER


def test_an_unknown_role_changes_nothing(client, community, alice, bob):
    client.force_login(bob)
    _set_role(client, community, _membership(community, alice), 99)
    assert _membership(community, alice).role == Role.MEMBER
