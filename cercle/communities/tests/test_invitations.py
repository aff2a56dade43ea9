"""Word of mouth: invitations by email and shareable links, and what they refuse."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.accounts.models import User
from cercle.communities.actions.invitations import create_invitation_link, invite_by_email
from cercle.communities.actions.joining import accept_invitation
from cercle.communities.models import Invitation, InvitePolicy, Membership, MembershipState
from cercle.lib.errors import Refused

PASSWORD = "a long walk 8392"


def _row_of(html: bytes, text: str) -> str:
    """The table row of a management page that mentions `text`."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html.decode(), re.S) if text in r]
    assert len(rows) == 1, rows
    return rows[0]


def _link_path(smtp_inbox, address: str, start: str) -> str:
    """The path of the link starting with `start` in the mail this address received."""
    texts = [smtp_inbox.text(m) for m in smtp_inbox.to(address)]
    paths = [p for text in texts for p in re.findall(r"https?://[^/\s]+(/\S+)", text)]
    (matching,) = [p for p in paths if p.startswith(start)]
    return matching


# --- Links -----------------------------------------------------------------------------------


def test_a_member_creates_a_link_that_brings_a_newcomer_in(
    client, community, alice, bob, make_user
):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/invite/", {"create_link": "1", "max_uses": "5", "days": "7"}
    )
    assert response.status_code == 302
    link = Invitation.objects.get(community=community)
    assert link.is_link
    assert link.created_by == alice
    assert link.max_uses == 5
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
    assert link.get_absolute_url().encode() in client.get(f"/c/{community.slug}/invite/").content

    dora = make_user("Dora Nouvelle")
    client.force_login(dora)
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    assert b"Alice Membre invites you to join this community" in page.content
    client.post(link.get_absolute_url(), {"accepts_charter": "on"})

    membership = Membership.objects.get(community=community, user=dora)
    assert membership.state == MembershipState.ACTIVE
    assert membership.invited_by == alice
    assert membership.invitation == link
    assert membership.charter_version == community.charter_version
    link.refresh_from_db()
    assert link.use_count == 1

    # The animator sees who brought whom.
    client.force_login(bob)
    members_page = client.get(f"/c/{community.slug}/manage/members/")
    assert "Alice Membre" in _row_of(members_page.content, "Dora Nouvelle")
    invitations_page = client.get(f"/c/{community.slug}/manage/invitations/")
    row = _row_of(invitations_page.content, "shareable link")
    assert "Alice Membre" in row
    assert "1 / 5" in row


def test_accepting_requires_the_charter(client, community, alice, charlie):
    link = create_invitation_link(community=community, inviter=alice, max_uses=2, days=3)
    client.force_login(charlie)
    # A browser always sends the CSRF token, even with the box left unticked.
    response = client.post(link.get_absolute_url(), {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()
    link.refresh_from_db()
    assert link.use_count == 0


@pytest.mark.parametrize(
    ("max_uses", "days"), [("0", "7"), ("501", "7"), ("5", "0"), ("5", "91"), ("many", "7")]
)
def test_a_link_with_limits_out_of_range_is_refused(client, community, alice, max_uses, days):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/invite/",
        {"create_link": "1", "max_uses": max_uses, "days": days},
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Invitation.objects.exists()


def test_the_action_refuses_link_limits_out_of_range(community, alice):
    with pytest.raises(Refused, match="from 1 to 500 times"):
        create_invitation_link(community=community, inviter=alice, max_uses=501, days=7)
    with pytest.raises(Refused, match="from 1 to 90 days"):
        create_invitation_link(community=community, inviter=alice, max_uses=1, days=91)
    assert not Invitation.objects.exists()


# --- Emails ----------------------------------------------------------------------------------


@pytest.mark.parametrize("entry_mode", ["invitation", "request"])
def test_an_email_invitation_brings_in_someone_without_an_account(
    client, make_community, bob, smtp_inbox, django_capture_on_commit_callbacks, entry_mode
):
    closed = make_community(animator=bob, slug="ferme", name="Cercle fermé", entry_mode=entry_mode)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/c/ferme/invite/",
            {"emails": "eve@example.org", "message": "Rejoins-nous !", "send_emails": "1"},
            follow=True,
        )
    assert b"1 invitation sent" in response.content
    invitation = Invitation.objects.get(community=closed, email="eve@example.org")

    (mail,) = smtp_inbox.to("eve@example.org")
    assert "Bob Animateur invites you to join Cercle fermé" in mail["Subject"]
    assert "Rejoins-nous !" in smtp_inbox.text(mail)
    assert mail["Reply-To"] == "bob@example.org"
    path = _link_path(smtp_inbox, "eve@example.org", "/i/")
    assert path == f"/i/{invitation.token}/"

    # Eve has no account: the invitation page sends her to sign up, then brings her back.
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert b"Create my account" in page.content
    client.post(
        f"/accounts/signup/?next={path}",
        {
            "name": "Eve Invitée",
            "email": "eve@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    confirm = _link_path(smtp_inbox, "eve@example.org", "/accounts/confirm-email/")
    confirmed = client.post(confirm)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == path

    client.post(path, {"accepts_charter": "on"})

    eve = User.objects.get(email="eve@example.org")
    membership = Membership.objects.get(community=closed, user=eve)
    assert membership.state == MembershipState.ACTIVE  # no approval needed
    assert membership.invited_by == bob
    assert membership.invitation == invitation
    invitation.refresh_from_db()
    assert invitation.is_used_up


def test_an_email_invitation_accepted_by_someone_who_logs_in(
    client, make_community, bob, charlie, django_capture_on_commit_callbacks
):
    club = make_community(animator=bob, slug="club", entry_mode="request")
    (invitation,), _skipped = invite_by_email(
        community=club, inviter=bob, emails=["charlie@example.org"]
    )
    client.get(invitation.get_absolute_url())  # anonymous first, as from the email
    response = client.post(
        "/accounts/login/", {"login": "charlie@example.org", "password": "correct horse 42"}
    )
    assert response["Location"] == invitation.get_absolute_url()

    client.post(invitation.get_absolute_url(), {"accepts_charter": "on"})

    membership = Membership.objects.get(community=club, user=charlie)
    assert membership.state == MembershipState.ACTIVE
    assert membership.invited_by == bob


def test_invalid_addresses_are_listed_and_nobody_is_invited(
    client, community, alice, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/{community.slug}/invite/",
            {"emails": "good@example.org, not-an-email\nalso@bad", "send_emails": "1"},
        )
    assert response.status_code == 200
    assert b"These addresses are not valid: not-an-email, also@bad" in response.content
    assert not Invitation.objects.exists()
    assert smtp_inbox.messages == []


def test_members_already_in_are_skipped(
    client, community, alice, bob, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/{community.slug}/invite/",
            {"emails": "bob@example.org; New@Example.org", "send_emails": "1"},
            follow=True,
        )
    assert b"Already members: bob@example.org" in response.content
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert smtp_inbox.to("bob@example.org") == []
    assert len(smtp_inbox.to("new@example.org")) == 1


def test_a_member_cannot_invite_when_only_animators_may(
    client, community, alice, smtp_inbox, django_capture_on_commit_callbacks
):
    community.invite_policy = InvitePolicy.ANIMATORS
    community.save(update_fields=["invite_policy"])
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        by_email = client.post(
            f"/c/{community.slug}/invite/",
            {"emails": "friend@example.org", "send_emails": "1"},
        )
        by_link = client.post(
            f"/c/{community.slug}/invite/", {"create_link": "1", "max_uses": "5", "days": "7"}
        )
    for response in (by_email, by_link):
        assert response.status_code == 200
        assert b"invitations are sent by the animation team" in response.content
    assert not Invitation.objects.exists()
    assert smtp_inbox.messages == []
    with pytest.raises(Refused):
        create_invitation_link(community=community, inviter=alice, max_uses=1, days=1)


def test_an_outsider_cannot_invite(client, community, charlie):
    client.force_login(charlie)
    response = client.post(
        f"/c/{community.slug}/invite/", {"create_link": "1", "max_uses": "5", "days": "7"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_member_using_an_invitation_again_is_told_and_uses_nothing(client, community, alice, bob):
    link = create_invitation_link(community=community, inviter=bob, max_uses=2, days=3)
    client.force_login(alice)
    assert b"You are already a member" in client.get(link.get_absolute_url()).content

    response = client.post(link.get_absolute_url(), {"accepts_charter": "on"}, follow=True)

    assert b"already a member of this community" in response.content
    link.refresh_from_db()
    assert link.use_count == 0
    assert Membership.objects.get(community=community, user=alice).invited_by is None


# --- Links that no longer work ---------------------------------------------------------------


def test_an_expired_link_says_so(client, community, alice, charlie):
    link = create_invitation_link(community=community, inviter=alice, max_uses=5, days=1)
    Invitation.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    client.force_login(charlie)

    for response in (
        client.get(link.get_absolute_url()),
        client.post(link.get_absolute_url(), {"accepts_charter": "on"}),
    ):
        assert response.status_code == 410
        assert b"This invitation has expired. Ask Alice Membre for a new one." in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()


def test_a_used_up_link_says_so(client, community, alice, charlie, make_user):
    link = create_invitation_link(community=community, inviter=alice, max_uses=1, days=3)
    accept_invitation(invitation=link, user=make_user(), accepts_charter=True)
    client.force_login(charlie)

    response = client.post(link.get_absolute_url(), {"accepts_charter": "on"})

    assert response.status_code == 410
    assert b"already been used as many times as allowed" in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()
    link.refresh_from_db()
    assert link.use_count == 1


def test_a_withdrawn_invitation_says_so(client, community, alice, charlie):
    link = create_invitation_link(community=community, inviter=alice, max_uses=5, days=3)
    client.force_login(alice)
    client.post(f"/c/{community.slug}/invite/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None

    client.force_login(charlie)
    response = client.post(link.get_absolute_url(), {"accepts_charter": "on"})

    assert response.status_code == 410
    assert b"withdrawn by the person who sent it" in response.content
    assert not Membership.objects.filter(community=community, user=charlie).exists()


def test_a_member_cannot_withdraw_someone_elses_invitation(
    client, community, alice, bob, make_user
):
    link = create_invitation_link(community=community, inviter=bob, max_uses=5, days=3)
    client.force_login(alice)
    client.post(f"/c/{community.slug}/invite/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is None


def test_an_unknown_token_is_not_found(client, charlie):
    client.force_login(charlie)
    response = client.get("/i/not-a-real-token/")
    assert response.status_code == 404
    assert b"This invitation link is not valid" in response.content


def test_the_action_refuses_an_expired_invitation_too(community, alice, charlie):
    link = create_invitation_link(community=community, inviter=alice, max_uses=5, days=1)
    Invitation.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(Refused, match="expired"):
        accept_invitation(invitation=link, user=charlie, accepts_charter=True)
    assert not Membership.objects.filter(community=community, user=charlie).exists()
