"""Pre-moderation: messages held for approval, then approved (published through the
discussions' own actions, at the time of approval: only then are they counted, notified and
indexed) or refused (with a reason, and a message to their author)."""

from datetime import datetime

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Group, Membership
from cercle.discussions import actions as discussions
from cercle.discussions.models import Category, Post, Topic
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import (
    clean_message,
    clean_reason,
    create_action,
    locked_membership,
    locked_standing,
    now_or,
)
from cercle.moderation.models import (
    ActionKind,
    ModerationAction,
    PendingPost,
    PendingState,
)
from cercle.notifications.models import Kind, Notification


def _count_pending(membership: Membership, delta: int) -> None:
    standing = locked_standing(membership)
    standing.pending_count = max(standing.pending_count + delta, 0)
    standing.save(update_fields=["pending_count"])


@transaction.atomic
def hold(
    *,
    membership: Membership,
    why: str,
    body: str,
    topic: Topic | None = None,
    title: str = "",
    category: Category | None = None,
    group: Group | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> PendingPost:
    """Keep a message (a reply if `topic`, else a new topic) until a moderator decides. The
    caller has run the same checks as publishing would."""
    at = now_or(at)
    community = membership.community
    pending = PendingPost.objects.create(
        community=community,
        group=topic.group if topic is not None else group,
        topic=topic,
        category=topic.category if topic is not None else category,
        author=membership.user,
        title=title,
        body=body,
        data=data or {},
        why=why,
        created_at=at,
    )
    _count_pending(membership, +1)
    record(
        community=community,
        group=pending.group,
        actor=membership.user,
        verb=Verb.HELD_POST,
        object_kind=ObjectKind.PENDING_POST,
        object_id=pending.pk,
        context_id=topic.pk if topic is not None else None,
        at=at,
    )
    return pending


def _waiting(pending: PendingPost, by: User) -> PendingPost:
    locked = (
        PendingPost.objects.select_for_update(of=("self",))
        .select_related("community", "author")
        .get(pk=pending.pk)
    )
    perms.check_can_moderate(locked_membership(locked.community_id, by))
    if locked.state != PendingState.WAITING:
        raise Refused(
            _("This message was already %(state)s.") % {"state": locked.get_state_display()}
        )
    return locked


def _author_membership(pending: PendingPost) -> Membership | None:
    return locked_membership(pending.community_id, pending.author)


def _publish(pending: PendingPost, at: datetime) -> Post:
    data = pending.data
    if pending.topic_id is not None:
        topic = Topic.objects.select_related("community", "group").get(pk=pending.topic_id)
        reply_to = None
        if data.get("reply_to"):
            # The message answered may have been deleted meanwhile: then answer the topic.
            reply_to = Post.objects.filter(
                pk=data["reply_to"], topic=topic, deleted_at__isnull=True
            ).first()
        return discussions.reply(
            topic=topic,
            author=pending.author,
            body=pending.body,
            reply_to=reply_to,
            side=data.get("side", ""),
            at=at,
        )
    poll = None
    if data.get("poll"):
        spec = data["poll"]
        poll = discussions.PollSpec(
            question=spec["question"],
            choices=spec["choices"],
            multiple=spec.get("multiple", False),
            closes_at=parse_datetime(spec["closes_at"]) if spec.get("closes_at") else None,
        )
    group = Group.objects.filter(pk=pending.group_id).first() if pending.group_id else None
    topic = discussions.start_topic(
        community=pending.community,
        author=pending.author,
        kind=data.get("kind", "discussion"),
        title=pending.title,
        body=pending.body,
        category=pending.category,
        group=group,
        tags=data.get("tags", []),
        framing=data.get("framing", ""),
        poll=poll,
        at=at,
    )
    return topic.opening_post


@transaction.atomic
def approve(*, pending: PendingPost, by: User, at: datetime | None = None) -> Post:
    """Publish the message now, as its author. Refused if its author could not publish it now
    (they left, the topic was closed...): then refuse the message instead."""
    at = now_or(at)
    locked = _waiting(pending, by)
    post = _publish(locked, at)
    locked.state, locked.decided_at, locked.decided_by = PendingState.APPROVED, at, by
    locked.published_post = post
    locked.save(update_fields=["state", "decided_at", "decided_by", "published_post"])
    membership = _author_membership(locked)
    if membership is not None:
        _count_pending(membership, -1)
    record(
        community=locked.community,
        group=post.topic.group,
        actor=by,
        verb=Verb.APPROVED_POST,
        object_kind=ObjectKind.POST,
        object_id=post.pk,
        context_id=post.topic_id,
        at=at,
    )
    Notification.objects.create(
        recipient=locked.author,
        community=locked.community,
        kind=Kind.MODERATION,
        topic=post.topic,
        post=post,
        created_at=at,
    )
    pending.state = locked.state
    return post


@transaction.atomic
def reject(
    *,
    pending: PendingPost,
    by: User,
    reason: str,
    message: str = "",
    at: datetime | None = None,
) -> ModerationAction:
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    locked = _waiting(pending, by)
    locked.state, locked.decided_at, locked.decided_by = PendingState.REJECTED, at, by
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    membership = _author_membership(locked)
    if membership is not None:
        _count_pending(membership, -1)
    record(
        community=locked.community,
        group=locked.group,
        actor=by,
        verb=Verb.REJECTED_POST,
        object_kind=ObjectKind.PENDING_POST,
        object_id=locked.pk,
        context_id=locked.topic_id,
        at=at,
    )
    pending.state = locked.state
    return create_action(
        community=locked.community,
        group=locked.group,
        kind=ActionKind.REJECT_POST,
        by=by,
        target_user=locked.author,
        topic=locked.topic,
        reason=reason,
        message=message,
        at=at,
        data={"pending": locked.pk},
    )


def unreject(*, pending_id: int, at: datetime) -> None:
    """Reversing a refusal: the message waits for a decision again."""
    locked = PendingPost.objects.select_for_update().get(pk=pending_id)
    if locked.state != PendingState.REJECTED:
        raise Refused(_("This message is no longer refused."))
    locked.state, locked.decided_at, locked.decided_by = PendingState.WAITING, None, None
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    membership = _author_membership(locked)
    if membership is not None:
        _count_pending(membership, +1)
