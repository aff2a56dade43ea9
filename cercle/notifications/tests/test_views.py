"""The bell, the notifications page, the settings page, following: who may do what."""

import re

import pytest
from django.test import Client

from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership
from cercle.discussions import actions
from cercle.notifications import actions as notify
from cercle.notifications.models import (
    CHOOSABLE,
    Follow,
    Notification,
    NotificationPreference,
)


def bell(client) -> str:
    """The bell's number in the header ("" when nothing is unread)."""
    html = client.get("/").content.decode()
    link = re.search(r'<a href="/notifications/" id="bell".*?</a>', html, re.S).group(0)
    badge = re.search(r'<span class="badge"[^>]*>(.*?)</span>', link)
    return badge.group(1) if badge else ""


@pytest.fixture
def replies(topic, bob, committed):
    """Three replies of bob to alice's topic: three notifications for her."""
    with committed():
        return [actions.reply(topic=topic, author=bob, body=f"Réponse {i}") for i in range(3)]


def test_the_bell_counts_unread_notifications(client, alice, bob, replies):
    client.force_login(alice)
    assert bell(client) == "3"
    assert 'aria-label="Notifications: 3 unread"' in client.get("/").content.decode()
    client.force_login(bob)
    assert bell(client) == ""


def test_the_bell_shows_99_plus_beyond_99(client, topic, alice, bob, committed, settings):
    with committed():
        for i in range(101):
            actions.reply(topic=topic, author=bob, body=f"R{i}")
    client.force_login(alice)
    assert bell(client) == "99+"


def test_the_bell_is_not_shown_to_visitors(client, community):
    assert 'id="bell"' not in client.get("/").content.decode()


def test_the_notifications_page_lists_them_latest_first(client, alice, bob, replies):
    client.force_login(alice)
    html = client.get("/notifications/").content.decode()
    ids = [int(i) for i in re.findall(r'id="notification-(\d+)"', html)]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == 3
    assert html.count("Bob Animateur replied to you in") == 3


def test_opening_a_notification_marks_it_read_and_leads_to_the_post(client, alice, replies):
    client.force_login(alice)
    notification = Notification.objects.get(post=replies[1])
    response = client.get(f"/notifications/{notification.pk}/")
    assert response["Location"] == f"/c/reseau/p/{replies[1].pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert bell(client) == "2"


def test_marking_one_read_with_htmx_answers_the_line_and_the_bell(client, alice, replies):
    client.force_login(alice)
    notification = Notification.objects.get(post=replies[0])
    response = client.post(
        f"/notifications/{notification.pk}/read/", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert f'id="notification-{notification.pk}" class="notification"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-unread="2"' in html
    # Without htmx, back to the list.
    other = Notification.objects.get(post=replies[1])
    response = client.post(f"/notifications/{other.pk}/read/")
    assert response["Location"] == "/notifications/"
    assert bell(client) == "1"


def test_mark_all_read(client, alice, replies):
    client.force_login(alice)
    response = client.post("/notifications/read/")
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert bell(client) == ""


def test_nobody_reads_or_marks_anothers_notifications(client, alice, bob, replies):
    notification = Notification.objects.filter(recipient=alice).first()
    client.force_login(bob)
    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    client.post("/notifications/read/")  # bob's "all": none of alice's
    notification.refresh_from_db()
    assert notification.read_at is None
    assert f"notification-{notification.pk}" not in client.get("/notifications/").content.decode()


def test_visitors_are_sent_to_log_in(client, alice, replies):
    notification = Notification.objects.filter(recipient=alice).first()
    for url in ("/notifications/", "/me/notifications/", "/news/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response["Location"].startswith("/accounts/login/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_forged_posts_without_the_csrf_token_are_refused(alice, topic, replies):
    notification = Notification.objects.filter(recipient=alice).first()
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(alice)
    for url, data in [
        (f"/notifications/{notification.pk}/read/", {}),
        ("/notifications/read/", {}),
        ("/me/notifications/", {"reply-in_app": "on"}),
        ("/news/read/", {}),
        (f"/c/reseau/t/{topic.pk}/follow/", {"follow": "0"}),
    ]:
        assert forged.post(url, data).status_code == 403, url
    notification.refresh_from_db()
    assert notification.read_at is None
    assert not NotificationPreference.objects.exists()
    assert Follow.objects.filter(user=alice, topic=topic).exists()


def test_notifications_of_a_deleted_message_or_a_community_left_are_hidden(
    client, community, alice, bob, replies
):
    client.force_login(alice)
    actions.delete_post(post=replies[0], by=bob)
    assert bell(client) == "2"
    assert client.get("/notifications/").content.decode().count('id="notification-') == 2
    leave(membership=Membership.objects.get(community=community, user=alice))
    assert bell(client) == ""


def test_the_settings_page_records_each_choice(client, alice):
    client.force_login(alice)
    html = client.get("/me/notifications/").content.decode()
    # The defaults: everything in Cercle; email for what is addressed to the person.
    for kind in CHOOSABLE:
        assert re.search(rf'name="{kind}-in_app"[^>]*checked', html), kind
    # Moderation decisions always reach the person: not a choice.
    assert 'name="moderation-in_app"' not in html
    for kind, mailed in [("reply", True), ("mention", True), ("followed_topic", False)]:
        assert bool(re.search(rf'name="{kind}-email"[^>]*checked', html)) is mailed, kind
    response = client.post(
        "/me/notifications/",
        {
            "reply-in_app": "on",
            "mention-in_app": "on",
            "mention-email": "on",
            "followed_topic-email": "on",
        },
    )
    assert response["Location"] == "/me/notifications/"
    chosen = {
        p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=alice)
    }
    assert chosen == {
        "reply": (True, False),
        "mention": (True, True),
        "accepted_answer": (False, False),
        "followed_topic": (False, True),
        "announcement": (False, False),
        "thanks": (False, False),
        "introduction": (False, False),
        "from_animators": (False, False),
    }
    html = client.get("/me/notifications/").content.decode()
    assert re.search(r'name="followed_topic-email"[^>]*checked', html)
    assert not re.search(r'name="reply-email"[^>]*checked', html)


def test_following_a_topic_from_its_page(client, community, topic, bob, make_member):
    carol = make_member()
    client.force_login(carol)
    page = client.get(f"/c/reseau/t/{topic.pk}/").content.decode()
    assert "Follow this topic" in page
    response = client.post(
        f"/c/reseau/t/{topic.pk}/follow/", {"follow": "1"}, headers={"HX-Request": "true"}
    )
    assert 'aria-pressed="true"' in response.content.decode()
    assert Follow.objects.filter(user=carol, topic=topic).exists()
    assert "✓ Following" in client.get(f"/c/reseau/t/{topic.pk}/").content.decode()
    response = client.post(f"/c/reseau/t/{topic.pk}/follow/", {"follow": "0"})
    assert response["Location"] == f"/c/reseau/t/{topic.pk}/"
    assert not Follow.objects.filter(user=carol, topic=topic).exists()


def test_following_a_category_from_its_page(client, community, alice, bob):
    category = actions.create_category(community=community, by=bob, name="Outils")
    client.force_login(alice)
    url = f"/c/reseau/discussions/categories/{category.slug}/"
    assert "Follow this category" in client.get(url).content.decode()
    # The list of all topics has no category to follow.
    assert "Follow this category" not in client.get("/c/reseau/discussions/").content.decode()
    client.post(url + "follow/", {"follow": "1"})
    assert Follow.objects.filter(user=alice, category=category).exists()
    assert "✓ Following" in client.get(url).content.decode()
    client.post(url + "follow/", {"follow": "0"})
    assert not Follow.objects.filter(user=alice, category=category).exists()


def test_only_members_follow(client, make_community, bob, charlie):
    public = make_community(animator=bob, visibility="public", slug="ouverte")
    talk = actions.start_topic(
        community=public, author=bob, kind="discussion", title="Public", body="?"
    )
    client.force_login(charlie)
    assert client.post(f"/c/ouverte/t/{talk.pk}/follow/", {"follow": "1"}).status_code == 403
    assert not Follow.objects.filter(user=charlie).exists()


def test_a_deleted_topic_cannot_be_followed(client, community, topic, alice, make_member):
    carol = make_member()
    actions.delete_post(post=topic.opening_post, by=alice)
    client.force_login(carol)
    assert client.post(f"/c/reseau/t/{topic.pk}/follow/", {"follow": "1"}).status_code == 404


def test_following_is_idempotent(topic, alice):
    notify.follow_topic(user=alice, topic=topic)
    notify.follow_topic(user=alice, topic=topic)
    assert Follow.objects.filter(user=alice, topic=topic).count() == 1
