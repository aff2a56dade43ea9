"""Who is notified of what, in Cercle and by email through a real SMTP server."""

import re

import pytest
from django.db import transaction

from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership, MembershipState
from cercle.discussions import actions
from cercle.discussions.models import Post
from cercle.notifications import actions as notify
from cercle.notifications.models import Follow, Kind, Notification


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def subject(mail) -> str:
    """The subject as read (a long encoded one is folded over lines by the sender)."""
    return " ".join(str(mail["Subject"]).split())


def link_paths(smtp_inbox, address: str) -> list[str]:
    texts = [smtp_inbox.text(m) for m in smtp_inbox.to(address)]
    return [p for text in texts for p in re.findall(r"https?://[^/\s]+(/\S+)", text)]


def test_a_reply_to_alices_message_notifies_her_in_cercle_and_by_email(
    client, topic, alice, bob, smtp_inbox, committed
):
    with committed():
        post = actions.reply(topic=topic, author=bob, body="Caméras allumées, et un tour de table.")
    (notification,) = Notification.objects.filter(recipient=alice)
    assert notification.kind == Kind.REPLY
    assert (notification.actor, notification.topic, notification.post) == (bob, topic, post)
    assert notification.read_at is None

    (mail,) = smtp_inbox.to("alice@example.org")
    assert subject(mail) == f"Bob Animateur replied to you in “{topic.title}”"
    text = smtp_inbox.text(mail)
    assert "Caméras allumées, et un tour de table." in text
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert f"/c/reseau/p/{post.pk}/" in html
    post_path, settings_path = link_paths(smtp_inbox, "alice@example.org")
    assert settings_path == "/me/notifications/"
    # The link leads alice to the reply, on its page of the topic.
    client.force_login(alice)
    response = client.get(post_path)
    assert response.status_code == 302
    assert response["Location"] == f"/c/reseau/t/{topic.pk}/#post-{post.pk}"
    # Nobody else was told: bob wrote it.
    assert not smtp_inbox.to("bob@example.org")
    assert kinds_for(bob) == []


def test_a_mention_notifies_the_member_named(topic, bob, make_member, smtp_inbox, committed):
    carol = make_member("Carol Membre", "carol@example.org")
    with committed():
        actions.reply(topic=topic, author=bob, body="@Carol Membre, tu en penses quoi ?")
    assert kinds_for(carol) == [Kind.MENTION]
    (mail,) = smtp_inbox.to("carol@example.org")
    assert subject(mail).startswith("Bob Animateur mentioned you in")


def test_a_reply_that_also_names_its_addressee_notifies_once_as_a_mention(
    topic, alice, bob, smtp_inbox, committed
):
    with committed():
        actions.reply(topic=topic, author=bob, body="@Alice Membre bonne question !")
    # Three reasons (reply to her opening post, mention, she follows her topic): one notice.
    assert kinds_for(alice) == [Kind.MENTION]
    assert len(smtp_inbox.to("alice@example.org")) == 1


def test_the_strongest_reason_the_member_accepts_wins(topic, alice, bob, smtp_inbox, committed):
    # alice wants no mention at all, but replies by email.
    notify.set_preferences(user=alice, choices={Kind.MENTION: (False, False)})
    with committed():
        actions.reply(topic=topic, author=bob, body="@Alice Membre bonne question !")
    assert kinds_for(alice) == [Kind.REPLY]
    (mail,) = smtp_inbox.to("alice@example.org")
    assert "replied to you" in subject(mail)


def test_accepting_an_answer_notifies_its_author(question, alice, bob, smtp_inbox, committed):
    answer = actions.reply(topic=question, author=bob, body="Un pad partagé.")
    with committed():
        actions.accept_answer(topic=question, post=answer, by=alice)
    (notification,) = Notification.objects.filter(recipient=bob)
    assert (notification.kind, notification.actor, notification.post) == (
        Kind.ACCEPTED_ANSWER,
        alice,
        answer,
    )
    (mail,) = smtp_inbox.to("bob@example.org")
    assert subject(mail) == f"Alice Membre accepted your answer in “{question.title}”"


def test_accepting_ones_own_answer_notifies_nobody(community, bob, alice, committed):
    with committed():
        question = actions.start_topic(
            community=community, author=alice, kind="question", title="?", body="Une idée ?"
        )
        answer = actions.reply(topic=question, author=bob, body="Oui.")
    Notification.objects.all().delete()
    with committed():
        # bob animates the community: he may accept any answer, his own included.
        actions.accept_answer(topic=question, post=answer, by=bob)
    assert not Notification.objects.exists()


def test_followers_of_a_topic_are_notified_of_its_replies(
    topic, bob, make_member, smtp_inbox, committed
):
    carol = make_member("Carol Membre", "carol@example.org")
    dave = make_member("Dave Membre", "dave@example.org")
    notify.follow_topic(user=carol, topic=topic)
    with committed():
        actions.reply(topic=topic, author=bob, body="Un tour de table.")
    assert kinds_for(carol) == [Kind.FOLLOWED_TOPIC]
    assert kinds_for(dave) == []
    # Followed topics are not mailed unless the member asks for it.
    assert not smtp_inbox.to("carol@example.org")
    notify.set_preferences(user=carol, choices={Kind.FOLLOWED_TOPIC: (True, True)})
    with committed():
        actions.reply(topic=topic, author=bob, body="Et un second.")
    assert len(smtp_inbox.to("carol@example.org")) == 1
    notify.unfollow_topic(user=carol, topic=topic)
    with committed():
        actions.reply(topic=topic, author=bob, body="Et un troisième.")
    assert len(kinds_for(carol)) == 2


def test_the_author_of_a_topic_follows_it(topic, alice, bob, make_member, committed):
    carol = make_member("Carol Membre", "carol@example.org")
    assert Follow.objects.filter(user=alice, topic=topic).exists()
    first = actions.reply(topic=topic, author=bob, body="Un")
    with committed():
        # carol answers bob, not alice: alice hears of it as the topic's follower.
        actions.reply(topic=topic, author=carol, body="Deux", reply_to=first)
    assert kinds_for(alice) == [Kind.FOLLOWED_TOPIC]
    assert kinds_for(bob) == [Kind.REPLY]


def test_followers_of_a_category_are_notified_of_its_new_topics(
    community, alice, bob, make_member, committed
):
    category = actions.create_category(community=community, by=bob, name="Outils")
    notify.follow_category(user=alice, category=category)
    carol = make_member()
    with committed():
        inside = actions.start_topic(
            community=community,
            author=carol,
            kind="discussion",
            title="Un outil",
            body="?",
            category=category,
        )
        actions.start_topic(
            community=community, author=carol, kind="discussion", title="Ailleurs", body="?"
        )
    (notification,) = Notification.objects.filter(recipient=alice)
    assert (notification.kind, notification.topic) == (Kind.FOLLOWED_TOPIC, inside)
    assert "in a category you follow" in notification.summary()


def test_announcements_notify_the_members_who_want_them(
    community, alice, bob, make_member, smtp_inbox, committed
):
    carol = make_member("Carol Membre", "carol@example.org")
    dave = make_member("Dave Membre", "dave@example.org")
    notify.set_preferences(user=carol, choices={Kind.ANNOUNCEMENT: (True, True)})
    notify.set_preferences(user=dave, choices={Kind.ANNOUNCEMENT: (False, False)})
    with committed():
        announcement = actions.start_topic(
            community=community,
            author=bob,
            kind="announcement",
            title="Rencontre le 12",
            body="Venez nombreux.",
        )
    notified = set(
        Notification.objects.filter(topic=announcement).values_list("recipient__email", flat=True)
    )
    # In Cercle by default (alice), not for who turned it off (dave), never for the author.
    assert notified == {"alice@example.org", "carol@example.org"}
    assert Notification.objects.filter(recipient=carol).get().kind == Kind.ANNOUNCEMENT
    # By email only for who asked.
    assert [m["X-Envelope-To"] for m in smtp_inbox.messages] == ["carol@example.org"]


def test_the_actor_is_never_notified(topic, alice, committed):
    with committed():
        # alice answers her own topic (that she follows) and names herself.
        actions.reply(topic=topic, author=alice, body="@Alice Membre moi-même")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("gone", ["left", "suspended"])
def test_a_member_who_left_or_is_suspended_is_not_notified(
    community, topic, alice, bob, smtp_inbox, committed, gone
):
    membership = Membership.objects.get(community=community, user=alice)
    if gone == "left":
        leave(membership=membership)
    else:
        Membership.objects.filter(pk=membership.pk).update(state=MembershipState.SUSPENDED)
    with committed():
        actions.reply(topic=topic, author=bob, body="@Alice Membre tu es là ?")
    assert not Notification.objects.exists()
    assert not smtp_inbox.messages


def test_preferences_turn_email_and_in_app_off(topic, alice, bob, smtp_inbox, committed):
    notify.set_preferences(user=alice, choices={Kind.REPLY: (True, False)})
    with committed():
        actions.reply(topic=topic, author=bob, body="Un")
    assert kinds_for(alice) == [Kind.REPLY]
    assert not smtp_inbox.messages
    notify.set_preferences(
        user=alice, choices={Kind.REPLY: (False, False), Kind.FOLLOWED_TOPIC: (False, False)}
    )
    with committed():
        actions.reply(topic=topic, author=bob, body="Deux")
    assert len(kinds_for(alice)) == 1
    assert not smtp_inbox.messages
    # Email without the bell is a choice too.
    notify.set_preferences(user=alice, choices={Kind.REPLY: (False, True)})
    with committed():
        actions.reply(topic=topic, author=bob, body="Trois")
    assert len(kinds_for(alice)) == 1
    assert len(smtp_inbox.to("alice@example.org")) == 1


def test_an_edit_notifies_only_the_people_it_adds(topic, alice, bob, make_member, committed):
    carol = make_member("Carol Membre", "carol@example.org")
    with committed():
        post = actions.reply(topic=topic, author=bob, body="Bonjour @Alice Membre")
    with committed():
        actions.edit_post(post=post, by=bob, body="Bonjour @Alice Membre et @Carol Membre")
    assert kinds_for(carol) == [Kind.MENTION]
    assert kinds_for(alice) == [Kind.MENTION]  # once, not again for the edit
    with committed():
        actions.edit_post(post=post, by=bob, body="Bonjour @Alice Membre et @Carol Membre !")
    assert Notification.objects.count() == 2


def test_nothing_is_notified_of_a_post_deleted_before_its_commit(topic, alice, bob, committed):
    with committed():
        post = actions.reply(topic=topic, author=bob, body="Oups")
        actions.delete_post(post=post, by=bob)
    assert not Notification.objects.exists()


def test_a_refusing_mail_server_does_not_prevent_the_reply(
    client, settings, topic, alice, bob, closed_port, committed, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2
    client.force_login(bob)
    with committed():
        response = client.post(f"/c/reseau/t/{topic.pk}/", {"body": "Ma réponse compte."})
    assert response.status_code == 302
    post = Post.objects.get(body="Ma réponse compte.")
    assert response["Location"] == f"/c/reseau/p/{post.pk}/"
    # The bell still tells alice; the mail that could not leave is logged.
    assert kinds_for(alice) == [Kind.REPLY]
    assert "Could not send notifications/email/notification to alice@example.org" in caplog.text


def test_a_failing_notification_never_undoes_the_reply(
    client, topic, alice, bob, committed, monkeypatch, caplog
):
    def broken(post):
        raise RuntimeError("notifications are down")

    monkeypatch.setattr(notify, "notify_for_reply", broken)
    client.force_login(bob)
    with committed():
        response = client.post(f"/c/reseau/t/{topic.pk}/", {"body": "Toujours là."})
    assert response.status_code == 302
    assert Post.objects.filter(body="Toujours là.").exists()
    assert "notifications are down" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_notifications_leave_after_a_real_commit(community, topic, alice, bob, smtp_inbox):
    """No captured callbacks here: the reply commits, then Django runs what waited for it."""
    post = actions.reply(topic=topic, author=bob, body="Après le commit.")
    assert transaction.get_autocommit()
    assert Notification.objects.get(recipient=alice).post == post
    (mail,) = smtp_inbox.to("alice@example.org")
    assert f"/c/reseau/p/{post.pk}/" in smtp_inbox.text(mail)


def test_emails_wait_for_the_background_worker_not_the_members_request(
    settings, topic, alice, bob, smtp_inbox, committed, run_worker
):
    """With the production backend, a reply writes the in-app notification at once and leaves
    the email to the worker (`cercle serve` starts one; `cercle db_worker` otherwise)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with committed():
        actions.reply(topic=topic, author=bob, body="Je réponds plus tard par courriel.")
    assert kinds_for(alice) == [Kind.REPLY]
    assert smtp_inbox.to("alice@example.org") == []

    run_worker()
    (mail,) = smtp_inbox.to("alice@example.org")
    assert "Je réponds plus tard par courriel." in smtp_inbox.text(mail)
