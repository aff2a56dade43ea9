"""Communities on request: someone asks with a motivation, an animator approves or declines."""

import pytest

from cercle.communities.actions.joining import request_to_join
from cercle.communities.models import Membership, MembershipState


@pytest.fixture
def club(make_community, bob):
    """A members-only community where an animator approves each newcomer."""
    club = make_community(animator=bob, slug="club", name="Club des achats", entry_mode="request")
    club.welcome_message = "Le mot d'accueil par défaut."
    club.save(update_fields=["welcome_message"])
    return club


@pytest.fixture
def request_of_charlie(club, charlie):
    return request_to_join(
        community=club, user=charlie, motivation="Je pilote les achats.", accepts_charter=True
    )


def _decide(client, club, membership, decision, message=""):
    return client.post(
        f"/c/{club.slug}/manage/requests/{membership.pk}/",
        {"decision": decision, "message": message},
        follow=True,
    )


def test_request_with_a_motivation_reaches_the_animator(client, club, bob, charlie):
    client.force_login(charlie)
    response = client.post(
        "/c/club/join/",
        {"motivation": "Je pilote les achats d'une métropole.", "accepts_charter": "on"},
        follow=True,
    )
    assert b"Your request has been sent to the animators" in response.content
    membership = Membership.objects.get(community=club, user=charlie)
    assert membership.state == MembershipState.PENDING
    assert membership.request_message == "Je pilote les achats d'une métropole."

    client.force_login(bob)
    page = client.get("/c/club/manage/requests/")
    assert page.status_code == 200
    assert b"Charlie Dehors" in page.content
    assert "Je pilote les achats d&#x27;une métropole.".encode() in page.content
    assert f"/c/club/manage/requests/{membership.pk}/".encode() in page.content


def test_a_request_without_motivation_is_refused(client, club, charlie):
    client.force_login(charlie)
    response = client.post("/c/club/join/", {"motivation": "  ", "accepts_charter": "on"})
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not Membership.objects.filter(community=club, user=charlie).exists()


def test_approving_with_a_welcome_makes_a_member_and_emails_them(
    client, club, bob, charlie, request_of_charlie, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, club, request_of_charlie, "approve", "Bienvenue parmi nous !")

    assert b"Charlie Dehors is now a member" in response.content
    membership = Membership.objects.get(pk=request_of_charlie.pk)
    assert membership.state == MembershipState.ACTIVE
    assert membership.decided_by == bob
    assert membership.joined_at is not None
    assert membership.charter_version == club.charter_version

    (mail,) = smtp_inbox.to("charlie@example.org")
    assert "Club des achats" in mail["Subject"]
    body = smtp_inbox.text(mail)
    assert "Bienvenue parmi nous !" in body
    assert "/c/club/" in body

    # The new member now reads members-only pages.
    client.force_login(charlie)
    assert client.get("/c/club/members/").status_code == 200


def test_approving_without_a_word_sends_the_community_welcome_message(
    client, club, bob, request_of_charlie, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, club, request_of_charlie, "approve")
    (mail,) = smtp_inbox.to("charlie@example.org")
    assert "Le mot d'accueil par défaut." in smtp_inbox.text(mail)


def test_the_approved_request_leaves_the_waiting_list(client, club, bob, request_of_charlie):
    client.force_login(bob)
    _decide(client, club, request_of_charlie, "approve")
    page = client.get("/c/club/manage/requests/")
    assert b"Charlie Dehors" not in page.content
    assert b"No request is waiting" in page.content


def test_declining_with_a_reason_emails_the_reason(
    client, club, bob, charlie, request_of_charlie, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(
            client, club, request_of_charlie, "decline", "Réservé aux acheteurs publics."
        )

    assert b"was declined" in response.content
    membership = Membership.objects.get(pk=request_of_charlie.pk)
    assert membership.state == MembershipState.DECLINED
    assert membership.decision_message == "Réservé aux acheteurs publics."
    assert membership.decided_by == bob
    (mail,) = smtp_inbox.to("charlie@example.org")
    assert "Réservé aux acheteurs publics." in smtp_inbox.text(mail)

    client.force_login(charlie)
    assert client.get("/c/club/members/").status_code == 403


def test_declining_without_a_reason_is_refused_and_changes_nothing(
    client, club, bob, request_of_charlie, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, club, request_of_charlie, "decline", "   ")

    assert b"Give the person a reason" in response.content
    membership = Membership.objects.get(pk=request_of_charlie.pk)
    assert membership.state == MembershipState.PENDING
    assert membership.decided_by is None
    assert smtp_inbox.messages == []


def test_a_request_answered_twice_keeps_the_first_answer(client, club, bob, request_of_charlie):
    client.force_login(bob)
    _decide(client, club, request_of_charlie, "approve")
    response = _decide(client, club, request_of_charlie, "decline", "Trop tard.")
    assert b"already been answered" in response.content
    assert Membership.objects.get(pk=request_of_charlie.pk).state == MembershipState.ACTIVE


def test_a_second_request_is_refused_and_keeps_one_row(client, club, charlie, request_of_charlie):
    client.force_login(charlie)
    response = client.post(
        "/c/club/join/", {"motivation": "Encore moi.", "accepts_charter": "on"}, follow=True
    )
    assert b"already waiting for an animator" in response.content
    assert Membership.objects.filter(community=club, user=charlie).count() == 1
    membership = Membership.objects.get(community=club, user=charlie)
    assert membership.request_message == "Je pilote les achats."


def test_declined_person_may_ask_again_on_the_same_row(client, club, bob, charlie):
    membership = request_to_join(
        community=club, user=charlie, motivation="Premier essai.", accepts_charter=True
    )
    client.force_login(bob)
    _decide(client, club, membership, "decline", "Précisez votre métier.")

    client.force_login(charlie)
    client.post("/c/club/join/", {"motivation": "Je suis acheteur.", "accepts_charter": "on"})

    (membership,) = Membership.objects.filter(community=club, user=charlie)
    assert membership.state == MembershipState.PENDING
    assert membership.request_message == "Je suis acheteur."
    assert membership.decision_message == ""


def test_a_pending_applicant_cannot_read_members_only_content(client, club, charlie):
    request_to_join(community=club, user=charlie, motivation="Bonjour.", accepts_charter=True)
    client.force_login(charlie)
    assert client.get("/c/club/members/").status_code == 403
    assert client.get("/c/club/groups/").status_code == 403
    detail = client.get("/c/club/")
    assert detail.status_code == 200
    assert b"waiting for an animator" in detail.content


def test_a_member_cannot_see_or_answer_requests(client, club, bob, make_user, request_of_charlie):
    from cercle.communities.actions.invitations import create_invitation_link
    from cercle.communities.actions.joining import accept_invitation

    alice = make_user("Alice Membre")
    link = create_invitation_link(community=club, inviter=bob, max_uses=1, days=1)
    accept_invitation(invitation=link, user=alice, accepts_charter=True)
    client.force_login(alice)

    assert client.get("/c/club/manage/requests/").status_code == 403
    url = f"/c/club/manage/requests/{request_of_charlie.pk}/"
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert Membership.objects.get(pk=request_of_charlie.pk).state == MembershipState.PENDING


def test_an_animator_of_another_community_cannot_answer_this_one(
    client, club, make_community, make_user, request_of_charlie
):
    other_animator = make_user("Autre Animateur")
    make_community(animator=other_animator, slug="autre")
    client.force_login(other_animator)
    response = client.post(
        f"/c/autre/manage/requests/{request_of_charlie.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=request_of_charlie.pk).state == MembershipState.PENDING
