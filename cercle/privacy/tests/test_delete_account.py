"""A member deletes their account: they cannot log in again, their personal data is gone, and
their messages stay signed "former member" unless they asked for them to be deleted too."""

import pytest

from cercle.accounts.models import LoginSession, User
from cercle.communities.models import Membership
from cercle.discussions.models import Post, Reaction, Topic
from cercle.members.models import Profile

pytestmark = pytest.mark.django_db


def _delete(client, password="correct horse 42", **extra):
    return client.post("/me/delete/", {"password": password, **extra})


def test_a_wrong_password_deletes_nothing(client, alice_with_history):
    alice = alice_with_history[0]
    client.force_login(alice)
    response = _delete(client, password="not my password")
    assert response.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_keeps_posts_as_former_member(
    client, alice_with_history, bob, django_capture_on_commit_callbacks
):
    alice, topic, _bobs, mine = alice_with_history
    photo_name = Profile.objects.get(user=alice).photo.name
    storage = Profile.objects.get(user=alice).photo.storage
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client)

    assert response.status_code == 302
    assert not User.objects.filter(email="alice@example.org").exists()
    assert not Membership.objects.filter(user_id=alice.pk).exists()
    assert not Profile.objects.filter(user_id=alice.pk).exists()
    assert not Reaction.objects.filter(user_id=alice.pk).exists()
    assert not LoginSession.objects.filter(user_id=alice.pk).exists()
    assert not storage.exists(photo_name)
    mine.refresh_from_db()
    assert mine.author_id is None
    assert mine.body == "Alice thanks Bob"
    # The thread reads on, signed "former member".
    client.force_login(bob)
    page = client.get(f"/c/reseau/t/{topic.pk}/").content.decode()
    assert "Alice thanks Bob" in page
    assert "former member" in page
    assert "Alice Membre" not in page


def test_she_cannot_log_in_afterwards(client, alice_with_history):
    alice = alice_with_history[0]
    client.force_login(alice)
    _delete(client)
    assert client.get("/me/preferences/").status_code == 302  # logged out here
    response = client.post(
        "/accounts/login/", {"login": "alice@example.org", "password": "correct horse 42"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_her_other_browsers_are_logged_out(alice_with_history):
    from django.test import Client

    alice = alice_with_history[0]
    phone, laptop = Client(), Client()
    for c in (phone, laptop):
        c.post("/accounts/login/", {"login": alice.email, "password": "correct horse 42"})
    _delete(laptop)
    assert phone.get("/me/preferences/").status_code == 302


def test_deleting_with_posts_erases_their_content(client, alice_with_history, bob):
    alice, topic, bobs, mine = alice_with_history
    client.force_login(alice)

    _delete(client, erase_posts="on")

    mine.refresh_from_db()
    assert mine.body == ""
    assert mine.deleted_at is not None
    topic.refresh_from_db()
    assert topic.deleted_at is not None  # she opened it
    assert not Post.objects.filter(body__contains="Alice").exists()
    bobs.refresh_from_db()
    assert bobs.body == "Bob answers"  # other people's words stay theirs
    assert Topic.objects.get(pk=topic.pk).post_count == 1
