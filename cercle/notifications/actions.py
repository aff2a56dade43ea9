"""Writes: notifying members, their choices, what they follow and how far they have read.

The `notify_for_*` functions are called by cercle.discussions.actions once the post (or the
accepted answer) is committed, through `transaction.on_commit(..., robust=True)`: a failure
here is logged and never undoes nor hides what the member published. Each of them:

- never notifies the person who acted;
- notifies only active members of the topic's community (not those who left or are
  suspended), and nothing about a topic or post deleted meanwhile;
- gives each person one notification per event even when several reasons apply: the
  strongest reason (models.STRENGTH) among the kinds they accept on that channel;
- writes the in-app notifications in one statement, then hands the emails to a background
  task after commit (cercle.notifications.tasks), which sends them through cercle.lib.mail
  (a mail server that refuses is logged, never raised).

Reading and following are the member's own business: they record no activity event (the
daily visit the community pages record already tells the cockpit who reads).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cercle.accounts.models import User
from cercle.communities.models import Community, MembershipState
from cercle.discussions.models import Category, Mention, Post, Topic, TopicKind
from cercle.lib.mail import send_to_user
from cercle.notifications import selectors
from cercle.notifications.models import (
    STRENGTH,
    CommunityReadMark,
    Follow,
    Kind,
    Notification,
    NotificationPreference,
    TopicReadState,
)

log = logging.getLogger(__name__)

EMAIL_TEMPLATE = "notifications/email/notification"
EXCERPT_CHARS = 600


# --- Notifying ------------------------------------------------------------------------------


def _load_post(post_id: int) -> Post | None:
    """The post as committed, with its topic and community; None if it is gone or deleted."""
    post = (
        Post.objects.select_related("topic__community", "author", "edited_by", "parent")
        .defer("parent__body", "parent__body_html")
        .filter(pk=post_id)
        .first()
    )
    if post is None or post.deleted_at is not None or post.topic.deleted_at is not None:
        return None
    return post


def notify_for_reply(post: Post) -> list[Notification]:
    """A reply: the author of the post it answers (reply), those it names (mention), those
    who follow the topic (followed_topic)."""
    post = _load_post(post.pk)
    if post is None:
        return []
    reasons: dict[int, set[str]] = defaultdict(set)
    if post.parent is not None and post.parent.author_id and post.parent.deleted_at is None:
        reasons[post.parent.author_id].add(Kind.REPLY)
    for user_id in Mention.objects.filter(post=post).values_list("user_id", flat=True):
        reasons[user_id].add(Kind.MENTION)
    for user_id in Follow.objects.filter(topic=post.topic).values_list("user_id", flat=True):
        reasons[user_id].add(Kind.FOLLOWED_TOPIC)
    return _deliver(post.topic, post, actor=post.author, reasons=reasons, at=post.created_at)


def notify_for_new_topic(topic: Topic) -> list[Notification]:
    """A new topic: its author follows it; those its first post names (mention), those who
    follow its category (followed_topic), and for an announcement every member (announcement,
    for those who accept it)."""
    if topic.opening_post_id is None:
        return []
    post = _load_post(topic.opening_post_id)
    if post is None:
        return []
    topic = post.topic
    if topic.author_id:
        Follow.objects.bulk_create(
            [Follow(user_id=topic.author_id, topic=topic, created_at=topic.created_at)],
            ignore_conflicts=True,
        )
    reasons: dict[int, set[str]] = defaultdict(set)
    for user_id in Mention.objects.filter(post=post).values_list("user_id", flat=True):
        reasons[user_id].add(Kind.MENTION)
    if topic.category_id:
        for user_id in Follow.objects.filter(category_id=topic.category_id).values_list(
            "user_id", flat=True
        ):
            reasons[user_id].add(Kind.FOLLOWED_TOPIC)
    everyone = Kind.ANNOUNCEMENT if topic.kind == TopicKind.ANNOUNCEMENT else None
    return _deliver(
        topic, post, actor=post.author, reasons=reasons, everyone=everyone, at=post.created_at
    )


def notify_for_mentions(post: Post, users: Iterable[User] | None = None) -> list[Notification]:
    """Those a post names. Without `users`: those this version of the post named first (the
    mentions recorded when it was written or last edited), so that an edit notifies only the
    people it adds. Nobody already notified of this post is notified again."""
    post = _load_post(post.pk)
    if post is None:
        return []
    if users is None:
        written_at = post.edited_at or post.created_at
        user_ids = list(
            Mention.objects.filter(post=post, created_at=written_at).values_list(
                "user_id", flat=True
            )
        )
    else:
        user_ids = [user.pk for user in users]
    reasons = {user_id: {Kind.MENTION} for user_id in user_ids}
    actor = post.edited_by if post.edited_at else post.author
    return _deliver(post.topic, post, actor=actor, reasons=reasons)


def notify_for_accepted_answer(
    topic: Topic, answer: Post, by: User, at: datetime | None = None
) -> list[Notification]:
    """The author of the answer a question's asker (or an animator) accepted."""
    post = _load_post(answer.pk)
    if post is None or post.topic.accepted_answer_id != post.pk or not post.author_id:
        return []
    return _deliver(
        post.topic,
        post,
        actor=by,
        reasons={post.author_id: {Kind.ACCEPTED_ANSWER}},
        at=at,
        same_event=Q(kind=Kind.ACCEPTED_ANSWER),
    )


def _deliver(
    topic: Topic,
    post: Post,
    *,
    actor: User | None,
    reasons: dict[int, set[str]],
    everyone: str | None = None,
    at: datetime | None = None,
    same_event: Q | None = None,
) -> list[Notification]:
    """Notify each person once, in-app and by email as they chose. `everyone`: a kind for
    every active member of the community (announcements)."""
    if not reasons and everyone is None:
        return []
    # Active members only: someone who left or is suspended reads nothing more there.
    people = User.objects.filter(
        is_active=True,
        memberships__community_id=topic.community_id,
        memberships__state=MembershipState.ACTIVE,
    )
    if everyone is None:
        people = people.filter(pk__in=list(reasons))
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    # Once per event: not again for those already notified of this post (an edit naming
    # someone who was told of it, a callback run twice).
    already = Notification.objects.filter(post=post).filter(
        same_event if same_event is not None else ~Q(kind=Kind.ACCEPTED_ANSWER)
    )
    people = people.exclude(pk__in=already.values("recipient_id"))
    recipients = list(people.only("pk", "email", "name", "language"))
    if not recipients:
        return []
    chosen = selectors.preferences_for(people)
    at = at or timezone.now()
    in_app: list[Notification] = []
    by_email: list[tuple[User, Notification]] = []
    for person in recipients:
        kinds = set(reasons.get(person.pk, ()))
        if everyone is not None:
            kinds.add(everyone)
        ordered = [kind for kind in STRENGTH if kind in kinds]
        for channel in ("in_app", "email"):
            kind = next(
                (k for k in ordered if selectors.choice_of(chosen, person.pk, k).wants(channel)),
                None,
            )
            if kind is None:
                continue
            notification = Notification(
                recipient=person,
                community=topic.community,
                kind=kind,
                actor=actor,
                topic=topic,
                post=post,
                created_at=at,
            )
            if channel == "in_app":
                in_app.append(notification)
            else:
                by_email.append((person, notification))
    Notification.objects.bulk_create(in_app, batch_size=500)
    if by_email:
        payload = [email_payload(person, notification) for person, notification in by_email]
        transaction.on_commit(lambda: _enqueue_emails(payload), robust=True)
    return in_app


def email_payload(person: User, notification: Notification) -> dict:
    """What the worker needs to write one email: ids only, read again when it runs."""
    return {
        "recipient": person.pk,
        "kind": notification.kind,
        "actor": notification.actor_id,
        "post": notification.post_id,
    }


def _enqueue_emails(payload: list[dict]) -> None:
    from cercle.notifications.tasks import send_notification_emails

    send_notification_emails.enqueue(payload)


def send_emails(messages: list[dict]) -> int:
    """Send the emails of `messages` (see `email_payload`); skip a post deleted or a person
    gone meanwhile. Returns how many were handed over to the mail server."""
    people = User.objects.in_bulk({m["recipient"] for m in messages})
    actors = User.objects.in_bulk({m["actor"] for m in messages if m["actor"]})
    posts = {}
    for post_id in {m["post"] for m in messages}:
        post = _load_post(post_id)
        if post is not None:
            posts[post_id] = post
    settings_url = reverse("notifications:preferences")
    sent = 0
    for message in messages:
        person, post = people.get(message["recipient"]), posts.get(message["post"])
        if person is None or post is None or not person.is_active:
            continue
        notification = Notification(
            recipient=person,
            community=post.topic.community,
            kind=message["kind"],
            actor=actors.get(message["actor"]),
            topic=post.topic,
            post=post,
        )
        sent += send_to_user(
            person,
            EMAIL_TEMPLATE,
            {
                "notification": notification,
                "community": notification.community,
                "topic": notification.topic,
                "post": post,
                "excerpt": post.body[:EXCERPT_CHARS]
                + ("…" if len(post.body) > EXCERPT_CHARS else ""),
                "url": reverse("discussions:post", args=[notification.community.slug, post.pk]),
                "settings_url": settings_url,
            },
        )
    return sent


# --- The member's notifications and choices -------------------------------------------------


def mark_read(*, notification: Notification, at: datetime | None = None) -> Notification:
    """The caller has checked that the notification is the person's own."""
    if notification.read_at is None:
        notification.read_at = at or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, user: User, at: datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=at or timezone.now()
    )


@transaction.atomic
def set_preferences(*, user: User, choices: dict[str, tuple[bool, bool]]) -> None:
    """Record the member's (in_app, email) choice for each kind given."""
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, in_app=in_app, email=email)
            for kind, (in_app, email) in choices.items()
            if kind in Kind.values
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["in_app", "email"],
    )


def follow_topic(*, user: User, topic: Topic) -> None:
    Follow.objects.bulk_create([Follow(user=user, topic=topic)], ignore_conflicts=True)


def unfollow_topic(*, user: User, topic: Topic) -> None:
    Follow.objects.filter(user=user, topic=topic).delete()


def follow_category(*, user: User, category: Category) -> None:
    Follow.objects.bulk_create([Follow(user=user, category=category)], ignore_conflicts=True)


def unfollow_category(*, user: User, category: Category) -> None:
    Follow.objects.filter(user=user, category=category).delete()


# --- Reading --------------------------------------------------------------------------------


def mark_topic_read(
    *, user: User, topic: Topic, reading: "selectors.TopicReading", posts: Iterable[Post]
) -> bool:
    """The member was shown these posts of the topic: what they read goes up to the latest.

    At most one statement, none when the page shows nothing newer than what they had read
    (or than their floor: a topic older than their arrival needs no row). Never moves back
    (two tabs, or page 1 read after page 3).
    """
    if not reading.tracked:
        return False
    up_to = max((post.created_at for post in posts), default=None)
    if up_to is None or up_to <= reading.cutoff:
        return False
    if reading.read_at is None:
        TopicReadState.objects.bulk_create(
            [TopicReadState(user=user, topic=topic, last_read_at=up_to)], ignore_conflicts=True
        )
    else:
        TopicReadState.objects.filter(user=user, topic=topic, last_read_at__lt=up_to).update(
            last_read_at=up_to
        )
    reading.read_at = up_to
    return True


def mark_community_read(
    *, user: User, communities: Iterable[Community], at: datetime | None = None
) -> None:
    """ "Mark all as read" in these communities: nothing written before now is unread."""
    at = at or timezone.now()
    CommunityReadMark.objects.bulk_create(
        [
            CommunityReadMark(user=user, community=community, read_at=at)
            for community in communities
        ],
        update_conflicts=True,
        unique_fields=["user", "community"],
        update_fields=["read_at"],
    )
