"""Pre-moderation: off by default; for the first messages of new members and/or for some
categories. A message waiting is seen by its author (marked so) and the moderators only."""

import pytest

from cercle.activity.models import ActivityEvent, Verb
from cercle.discussions import actions as discussions
from cercle.discussions.models import Post, Topic
from cercle.lib.errors import Refused
from cercle.moderation.actions import premoderation, submit
from cercle.moderation.actions.reverse import reverse
from cercle.moderation.actions.rules import set_rules
from cercle.moderation.models import ActionKind, ModerationAction, PendingPost, PendingState
from cercle.notifications.models import Kind, Notification


@pytest.fixture
def first_posts_checked(community, bob):
    return set_rules(community=community, by=bob, values={"premoderate_first_posts": 2})


def test_off_by_default(client, community, dave, topic):
    client.force_login(dave)
    client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Bonjour à tous"})
    assert Post.objects.filter(author=dave, body="Bonjour à tous").exists()
    assert not PendingPost.objects.exists()


def test_a_new_members_reply_waits_seen_by_them_only(
    client, community, alice, dave, topic, first_posts_checked, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/{community.slug}/t/{topic.pk}/", {"body": "Mon premier message"}
        )
    assert response.status_code == 302
    pending = PendingPost.objects.get()
    assert (pending.author, pending.topic, pending.state) == (dave, topic, PendingState.WAITING)
    # Not a post: not counted, not notified (alice follows her topic), not in the cockpit.
    assert not Post.objects.filter(author=dave).exists()
    topic.refresh_from_db()
    assert topic.post_count == 1
    assert not Notification.objects.filter(recipient=alice).exists()
    assert not ActivityEvent.objects.filter(verb=Verb.REPLIED).exists()
    # Its author sees it, marked; another member does not.
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Mon premier message" in page
    assert "awaiting approval" in page
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Mon premier message" not in page


def test_a_moderator_approves_and_it_is_published_then(
    client,
    community,
    alice,
    moderator,
    dave,
    topic,
    first_posts_checked,
    django_capture_on_commit_callbacks,
):
    pending = submit.reply(topic=topic, author=dave, body="Mon premier message")
    client.force_login(moderator)
    page = client.get(f"/c/{community.slug}/moderation/").content.decode()
    assert "Mon premier message" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/c/{community.slug}/moderation/pending/{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    post = pending.published_post
    assert pending.state == PendingState.APPROVED
    assert (post.author, post.topic_id, post.body) == (dave, topic.pk, "Mon premier message")
    topic.refresh_from_db()
    assert topic.post_count == 2
    assert Notification.objects.filter(recipient=alice, post=post, kind=Kind.REPLY).exists()
    assert Notification.objects.filter(recipient=dave, kind=Kind.MODERATION, post=post).exists()
    assert ActivityEvent.objects.filter(verb=Verb.APPROVED_POST, object_id=post.pk).exists()
    client.force_login(alice)
    assert (
        "Mon premier message" in client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    )


def test_only_the_first_messages_wait(community, moderator, dave, topic, first_posts_checked):
    for n in range(2):
        pending = submit.reply(topic=topic, author=dave, body=f"Message {n}")
        assert isinstance(pending, PendingPost)
        premoderation.approve(pending=pending, by=moderator)
    third = submit.reply(topic=topic, author=dave, body="Troisième")
    assert isinstance(third, Post)


def test_moderators_and_animators_never_wait(community, bob, moderator, topic, first_posts_checked):
    assert isinstance(submit.reply(topic=topic, author=moderator, body="Modéré ?"), Post)
    assert isinstance(submit.reply(topic=topic, author=bob, body="Animé ?"), Post)


def test_a_refusal_has_a_reason_in_the_log_and_can_be_reversed(
    client, community, bob, moderator, dave, topic, first_posts_checked
):
    pending = submit.reply(topic=topic, author=dave, body="Achetez mes montres")
    client.force_login(moderator)
    client.post(
        f"/c/{community.slug}/moderation/pending/{pending.pk}/reject/",
        {"reject-reason": "Publicité.", "reject-message": "Pas de publicité ici."},
    )
    pending.refresh_from_db()
    assert pending.state == PendingState.REJECTED
    action = ModerationAction.objects.get(kind=ActionKind.REJECT_POST)
    assert (action.target_user, action.reason) == (dave, "Publicité.")
    assert not Post.objects.filter(author=dave).exists()
    client.force_login(dave)
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Achetez mes montres" not in page
    reverse(action=action, by=bob, reason="C'était une vraie question.")
    pending.refresh_from_db()
    assert pending.state == PendingState.WAITING


def test_a_category_can_be_checked_and_new_topics_wait(
    client, community, bob, alice, dave, moderator
):
    sensitive = discussions.create_category(community=community, by=bob, name="Sensible")
    set_rules(community=community, by=bob, values={}, premoderated_categories=[sensitive])
    client.force_login(dave)
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {
            "kind": "discussion",
            "title": "Sujet délicat",
            "body": "Parlons-en",
            "category": sensitive.pk,
        },
    )
    assert response.status_code == 302
    assert not Topic.objects.filter(title="Sujet délicat").exists()
    page = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert "Sujet délicat" in page
    assert "awaiting approval" in page
    client.force_login(alice)
    assert "Sujet délicat" not in client.get(f"/c/{community.slug}/discussions/").content.decode()
    # Outside that category, nothing waits.
    assert isinstance(
        submit.start_topic(
            community=community, author=dave, kind="discussion", title="Autre", body="Ailleurs"
        ),
        Topic,
    )
    pending = PendingPost.objects.get()
    post = premoderation.approve(pending=pending, by=moderator)
    assert (post.topic.title, post.topic.category) == ("Sujet délicat", sensitive)


def test_approving_is_refused_when_the_author_could_not_publish_now(
    community, bob, moderator, dave, topic, first_posts_checked
):
    pending = submit.reply(topic=topic, author=dave, body="Juste avant la fermeture")
    discussions.close_topic(topic=topic, by=bob)
    with pytest.raises(Refused, match="closed"):
        premoderation.approve(pending=pending, by=moderator)
    pending.refresh_from_db()
    assert pending.state == PendingState.WAITING


def test_members_cannot_approve_nor_another_communitys_moderators(
    client, community, alice, dave, topic, first_posts_checked, other_community
):
    pending = submit.reply(topic=topic, author=dave, body="En attente")
    client.force_login(alice)
    assert (
        client.post(f"/c/{community.slug}/moderation/pending/{pending.pk}/approve/").status_code
        == 403
    )
    client.force_login(other_community.animator)
    url = f"/c/{other_community.slug}/moderation/pending/{pending.pk}/approve/"
    assert client.post(url).status_code == 404
    pending.refresh_from_db()
    assert pending.state == PendingState.WAITING


def test_pages_cost_the_same_with_messages_waiting(
    client, page_queries, community, alice, dave, topic, first_posts_checked
):
    client.force_login(alice)
    pages = (f"/c/{community.slug}/t/{topic.pk}/", f"/c/{community.slug}/discussions/")
    before = [page_queries(url) for url in pages]
    for n in range(5):
        submit.reply(topic=topic, author=dave, body=f"En attente {n}")
    assert [page_queries(url) for url in pages] == before
    # Their author pays one query more per page to see them, whatever their number.
    client.force_login(dave)
    one = [page_queries(url) for url in pages]
    for n in range(5):
        submit.start_topic(
            community=community, author=dave, kind="discussion", title=f"T{n}", body=f"B{n}"
        )
    assert [page_queries(url) for url in pages] == one
