"""The animators' welcome message, the newcomer's first visit, and the invitation to the
introduction thread."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.actions.joining import join, leave
from cercle.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_only_animators_edit_the_welcome_message(client, community, alice, bob, charlie):
    url = f"/c/{community.slug}/manage/welcome/"
    for person in (alice, charlie):
        client.force_login(person)
        assert client.post(url, {"text": "Pirate"}).status_code == 403
    client.force_login(bob)
    page = client.post(url, {"text": "Bienvenue **à toi**", "preview": "1"}).content.decode()
    assert "<strong>à toi</strong>" in page
    community.refresh_from_db()
    assert community.welcome_message == ""
    client.post(url, {"text": "Bienvenue **à toi**"})
    community.refresh_from_db()
    assert community.welcome_message == "Bienvenue **à toi**"
    assert ActivityEvent.objects.filter(verb=Verb.CHANGED_WELCOME_MESSAGE, actor=bob).exists()


def test_a_newcomer_is_welcomed_on_the_first_visit_after_joining_only(
    client, community, bob, make_user, introductions, django_capture_on_commit_callbacks
):
    _ritual, thread = introductions
    community.welcome_message = "Ici on s'entraide. <script>alert(1)</script>"
    community.save()
    dana = make_user("Dana Nouvelle")
    client.force_login(dana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"})
    first = client.get(response["Location"]).content.decode()
    assert "Welcome to Réseau des dirigeants!" in first
    assert "Ici on s&#x27;entraide." in first or "Ici on s'entraide." in first
    assert "<script>alert(1)</script>" not in first
    assert thread.get_absolute_url() in first
    again = client.get(f"/c/{community.slug}/").content.decode()
    assert "Welcome to Réseau des dirigeants!" not in again


def test_joining_invites_to_the_current_introduction_thread_once(
    community, bob, make_user, introductions, django_capture_on_commit_callbacks
):
    _ritual, thread = introductions
    dana = make_user("Dana Nouvelle")
    with django_capture_on_commit_callbacks(execute=True):
        membership = join(community=community, user=dana, accepts_charter=True)
    [notification] = Notification.objects.filter(recipient=dana)
    assert (notification.kind, notification.topic, notification.actor) == (
        Kind.WELCOME,
        thread,
        bob,
    )
    assert "Introduce yourself in “Présentez-vous" in notification.summary()
    # Leaving and coming back does not invite again.
    with django_capture_on_commit_callbacks(execute=True):
        leave(membership=membership)
        join(community=community, user=dana, accepts_charter=True)
    assert Notification.objects.filter(recipient=dana).count() == 1


def test_no_thread_no_invitation_and_back_dated_joins_invite_nobody(
    community, make_user, django_capture_on_commit_callbacks, introductions
):
    dana = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        join(
            community=community,
            user=dana,
            accepts_charter=True,
            at=timezone.now() - timedelta(days=30),
        )
    assert not Notification.objects.filter(recipient=dana).exists()


def test_without_an_introduction_ritual_nobody_is_invited(
    community, make_user, django_capture_on_commit_callbacks
):
    dana = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        join(community=community, user=dana, accepts_charter=True)
    assert not Notification.objects.filter(recipient=dana).exists()
