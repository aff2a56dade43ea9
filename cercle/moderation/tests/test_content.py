"""Decisions on messages and topics, each with its reason, its message to the person, and its
reversal by an animator."""

import pytest

from cercle.activity.models import ActivityEvent, Verb
from cercle.discussions import actions as discussions
from cercle.discussions.models import Post, Topic
from cercle.lib.errors import Refused
from cercle.moderation.actions import content, topics
from cercle.moderation.actions.reports import report
from cercle.moderation.actions.reverse import reverse
from cercle.moderation.models import ActionKind, ModerationAction, ReportOutcome
from cercle.notifications.models import Kind, Notification


def _told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Kind.MODERATION))


def test_hiding_a_message_through_the_page_answers_its_report_and_tells_the_author(
    client,
    community,
    moderator,
    alice,
    dave,
    rude_post,
    smtp_inbox,
    django_capture_on_commit_callbacks,
):
    waiting = report(community=community, reporter=alice, reason="charter", post=rude_post)
    client.force_login(moderator)
    url = f"/c/{community.slug}/moderation/posts/{rude_post.pk}/"
    assert client.get(f"{url}?report={waiting.pk}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "verb": "hide",
                "hide-reason": "Attaque personnelle (charte, règle 2).",
                "hide-message": "Dave, merci de rester courtois.",
                "hide-report": waiting.pk,
            },
        )
    assert response.status_code == 302
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is not None
    action = ModerationAction.objects.get()
    assert (action.kind, action.by, action.target_user, action.post, action.report) == (
        ActionKind.HIDE_POST,
        moderator,
        dave,
        rude_post,
        waiting,
    )
    waiting.refresh_from_db()
    assert waiting.outcome == ReportOutcome.ACTED
    assert waiting.handled_by == moderator
    assert waiting.handled_at == action.created_at
    assert len(_told(dave)) == 1
    (mail,) = smtp_inbox.to("dave@example.org")
    text = smtp_inbox.text(mail)
    assert "Attaque personnelle" in text
    assert "Dave, merci de rester courtois." in text
    # Reversed by an animator: the message is back, the row kept.
    reverse(action=action, by=community_animator(community), reason="Erreur de lecture.")
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is None
    action.refresh_from_db()
    assert action.reversed_at is not None
    assert action.reversal_reason == "Erreur de lecture."
    assert ActivityEvent.objects.filter(verb=Verb.REVERSED_MODERATION).count() == 1


def community_animator(community):
    from cercle.accounts.models import User

    return User.objects.get(email="bob@example.org")


def test_a_decision_needs_a_public_reason(client, community, moderator, rude_post):
    client.force_login(moderator)
    url = f"/c/{community.slug}/moderation/posts/{rude_post.pk}/"
    response = client.post(url, {"verb": "hide", "hide-reason": ""})
    assert response.status_code == 200
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is None
    assert not ModerationAction.objects.exists()


def test_editing_with_a_note_keeps_the_former_text_and_is_reversible(
    community, moderator, bob, dave, rude_post
):
    action = content.edit_post(
        post=rude_post,
        by=moderator,
        body="[message modéré]",
        reason="Propos insultants retirés.",
    )
    rude_post.refresh_from_db()
    assert rude_post.body == "[message modéré]"
    assert rude_post.revisions.get().body == "Vous êtes tous nuls."
    assert action.data["previous_body"] == "Vous êtes tous nuls."
    assert len(_told(dave)) == 1
    reverse(action=action, by=bob, reason="Le texte était acceptable.")
    rude_post.refresh_from_db()
    assert rude_post.body == "Vous êtes tous nuls."


def test_closing_and_reopening_with_a_reason(community, moderator, bob, alice, topic):
    closed = topics.close_topic(topic=topic, by=moderator, reason="Le débat tourne en rond.")
    topic.refresh_from_db()
    assert topic.closed_at is not None
    assert closed.target_user == alice
    reverse(action=closed, by=bob, reason="On rouvre.")
    topic.refresh_from_db()
    assert topic.closed_at is None
    discussions.close_topic(topic=topic, by=bob)
    reopened = topics.reopen_topic(topic=topic, by=moderator, reason="Nouvelle question.")
    topic.refresh_from_db()
    assert topic.closed_at is None
    reverse(action=reopened, by=bob, reason="Finalement non.")
    topic.refresh_from_db()
    assert topic.closed_at is not None


def test_moving_a_topic_to_another_category_and_back(client, community, moderator, bob, topic):
    tools = discussions.create_category(community=community, by=bob, name="Outils")
    client.force_login(moderator)
    response = client.post(
        f"/c/{community.slug}/moderation/topics/{topic.pk}/",
        {"verb": "move", "move-category": tools.pk, "move-reason": "C'est une question d'outils."},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.category == tools
    assert ActivityEvent.objects.filter(verb=Verb.MOVED_TOPIC, object_id=topic.pk).exists()
    reverse(action=ModerationAction.objects.get(), by=bob, reason="Mauvaise catégorie.")
    topic.refresh_from_db()
    assert topic.category is None


def test_a_topic_cannot_move_to_another_communitys_category(
    community, moderator, topic, other_community
):
    elsewhere = discussions.create_category(
        community=other_community, by=other_community.animator, name="Ailleurs"
    )
    with pytest.raises(Refused, match="another community"):
        topics.move_topic(topic=topic, category=elsewhere, by=moderator, reason="?")
    topic.refresh_from_db()
    assert topic.category is None


def test_merging_two_topics_and_undoing_it(community, moderator, bob, alice, dave, topic):
    discussions.reply(topic=topic, author=bob, body="Caméras allumées.")
    twin = discussions.start_topic(
        community=community, author=dave, kind="discussion", title="Réunions à distance", body="?"
    )
    answer = discussions.reply(topic=twin, author=alice, body="Un bon micro.")
    action = topics.merge_topics(topic=twin, into=topic, by=moderator, reason="Même sujet.")
    topic.refresh_from_db()
    twin.refresh_from_db()
    assert twin.deleted_at is not None
    assert topic.post_count == 4
    assert set(Post.objects.filter(topic=topic).values_list("pk", flat=True)) >= {
        answer.pk,
        twin.opening_post_id,
    }
    opening = Post.objects.get(pk=twin.opening_post_id)
    assert opening.parent_id == topic.opening_post_id  # a reply now
    assert topic.last_post_at == answer.created_at
    reverse(action=action, by=bob, reason="Ce n'était pas le même sujet.")
    topic.refresh_from_db()
    twin.refresh_from_db()
    assert twin.deleted_at is None
    assert (topic.post_count, twin.post_count) == (2, 2)
    opening.refresh_from_db()
    assert opening.parent_id is None
    assert opening.topic_id == twin.pk
    assert Post.objects.get(pk=answer.pk).topic_id == twin.pk


def test_merging_refuses_a_topic_of_another_community(
    client, community, moderator, topic, other_community
):
    with pytest.raises(Refused, match="Both topics"):
        topics.merge_topics(
            topic=topic, into=other_community.topic, by=moderator, reason="Même sujet."
        )
    client.force_login(moderator)
    response = client.post(
        f"/c/{community.slug}/moderation/topics/{topic.pk}/",
        {"verb": "merge", "merge-into": other_community.topic.pk, "merge-reason": "Même sujet."},
    )
    assert response.status_code == 200
    assert "no topic with this number in this community" in response.content.decode()
    assert Topic.objects.get(pk=other_community.topic.pk).post_count == 2


def test_members_cannot_reach_the_decision_pages(client, community, alice, rude_post, topic, dave):
    client.force_login(alice)
    for url in (
        f"/c/{community.slug}/moderation/posts/{rude_post.pk}/",
        f"/c/{community.slug}/moderation/topics/{topic.pk}/",
        f"/c/{community.slug}/moderation/members/{dave.pk}/",
        f"/c/{community.slug}/moderation/decisions/",
        f"/c/{community.slug}/moderation/settings/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/c/{community.slug}/moderation/posts/{rude_post.pk}/",
        {"verb": "hide", "hide-reason": "Je n'aime pas."},
    )
    assert response.status_code == 403
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is None


def test_only_animators_reverse(client, community, moderator, rude_post):
    action = content.hide_post(post=rude_post, by=moderator, reason="Insulte.")
    with pytest.raises(Refused, match="Only animators"):
        reverse(action=action, by=moderator, reason="Oups.")
    client.force_login(moderator)
    url = f"/c/{community.slug}/moderation/decisions/{action.pk}/reverse/"
    assert client.post(url, {"reason": "Oups."}).status_code == 403
    action.refresh_from_db()
    assert action.reversed_at is None


def test_a_decision_is_reversed_once(community, moderator, bob, rude_post):
    action = content.hide_post(post=rude_post, by=moderator, reason="Insulte.")
    reverse(action=action, by=bob, reason="Non.")
    with pytest.raises(Refused, match="already reversed"):
        reverse(action=action, by=bob, reason="Non.")
