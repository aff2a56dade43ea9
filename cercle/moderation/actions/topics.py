"""Decisions on a topic: close or reopen it, move it to another category, merge it into
another topic."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.discussions import actions as discussions
from cercle.discussions import search
from cercle.discussions.models import Category, Post, SearchDocument, Topic
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import (
    clean_message,
    clean_reason,
    create_action,
    locked_membership,
    now_or,
)
from cercle.moderation.models import ActionKind, ModerationAction, Report
from cercle.notifications.models import Follow


def _check_report(report: Report | None, topic: Topic) -> None:
    if report is not None and report.community_id != topic.community_id:
        raise Refused(_("This report belongs to another community."))


def _locked(topic: Topic) -> Topic:
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("community", "group", "author")
        .get(pk=topic.pk)
    )


@transaction.atomic
def close_topic(
    *,
    topic: Topic,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    _check_report(report, topic)
    closed = discussions.close_topic(topic=topic, by=by, at=at)
    return create_action(
        community=closed.community,
        group=closed.group,
        kind=ActionKind.CLOSE_TOPIC,
        by=by,
        target_user=closed.author,
        topic=closed,
        report=report,
        reason=reason,
        message=message,
        at=at,
    )


@transaction.atomic
def reopen_topic(
    *, topic: Topic, by: User, reason: str, message: str = "", at: datetime | None = None
) -> ModerationAction:
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    reopened = discussions.reopen_topic(topic=topic, by=by, at=at)
    return create_action(
        community=reopened.community,
        group=reopened.group,
        kind=ActionKind.REOPEN_TOPIC,
        by=by,
        target_user=reopened.author,
        topic=reopened,
        reason=reason,
        message=message,
        at=at,
    )


def move(*, topic: Topic, category: Category | None, by: User, at: datetime) -> None:
    """Set the topic's category (the row is locked by the caller) and record it."""
    topic.category = category
    topic.save(update_fields=["category"])
    record(
        community=topic.community,
        group=topic.group,
        actor=by,
        verb=Verb.MOVED_TOPIC,
        object_kind=ObjectKind.TOPIC,
        object_id=topic.pk,
        context_id=category.pk if category is not None else None,
        at=at,
    )


@transaction.atomic
def move_topic(
    *,
    topic: Topic,
    category: Category | None,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """Put the topic in another category of its community (None: no category)."""
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    perms.check_can_moderate(locked_membership(topic.community_id, by))
    locked = _locked(topic)
    _check_report(report, locked)
    if category is not None and category.community_id != locked.community_id:
        raise Refused(_("This category belongs to another community."))
    if locked.category_id == (category.pk if category else None):
        raise Refused(_("The topic is already in this category."))
    if locked.deleted_at is not None:
        raise Refused(_("This topic was deleted."))
    former = locked.category_id
    move(topic=locked, category=category, by=by, at=at)
    topic.category = category
    return create_action(
        community=locked.community,
        group=locked.group,
        kind=ActionKind.MOVE_TOPIC,
        by=by,
        target_user=locked.author,
        topic=locked,
        report=report,
        reason=reason,
        message=message,
        at=at,
        data={"from_category": former, "to_category": category.pk if category else None},
    )


def recount(topic: Topic) -> None:
    """A topic's counters from its posts (after messages moved in or out; row locked)."""
    live = Post.objects.filter(topic=topic, deleted_at__isnull=True)
    topic.post_count = live.count()
    latest = live.order_by("-created_at", "-pk").values("created_at", "author_id").first()
    fields = ["post_count"]
    if latest is not None:
        topic.last_post_at, topic.last_post_by_id = latest["created_at"], latest["author_id"]
        fields += ["last_post_at", "last_post_by"]
    topic.save(update_fields=fields)


def move_posts(post_ids: list[int], *, into: Topic) -> None:
    Post.objects.filter(pk__in=post_ids).update(topic=into)
    SearchDocument.objects.filter(post_id__in=post_ids).update(topic=into)


@transaction.atomic
def merge_topics(
    *,
    topic: Topic,
    into: Topic,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """Move every message of `topic` into `into`, in date order among its own; `topic`'s first
    message becomes a reply to `into`'s, and `topic` is deleted (reversing brings it back)."""
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    perms.check_can_moderate(locked_membership(topic.community_id, by))
    if topic.pk == into.pk:
        raise Refused(_("Choose another topic to merge this one into."))
    # Both rows locked, in a fixed order so that two merges cannot wait on each other.
    first, second = sorted([topic, into], key=lambda t: t.pk)
    locked = {t.pk: _locked(t) for t in (first, second)}
    source, target = locked[topic.pk], locked[into.pk]
    _check_report(report, source)
    if target.community_id != source.community_id:
        raise Refused(_("Both topics must belong to this community."))
    if source.deleted_at is not None or target.deleted_at is not None:
        raise Refused(_("A deleted topic cannot be merged."))
    post_ids = list(Post.objects.filter(topic=source).values_list("pk", flat=True))
    move_posts(post_ids, into=target)
    opening = Post.objects.select_related("topic").get(pk=source.opening_post_id)
    opening.parent_id = target.opening_post_id
    opening.save(update_fields=["parent"])
    search.index_post(opening)  # no longer an opening post: its former title is not indexed
    source.deleted_at, source.deleted_by = at, by
    source.save(update_fields=["deleted_at", "deleted_by"])
    recount(target)
    # Who followed the merged topic follows where its messages went.
    followers = Follow.objects.filter(topic=source).values_list("user_id", flat=True)
    Follow.objects.bulk_create(
        [Follow(user_id=user_id, topic=target, created_at=at) for user_id in followers],
        ignore_conflicts=True,
    )
    record(
        community=target.community,
        group=target.group,
        actor=by,
        verb=Verb.MERGED_TOPICS,
        object_kind=ObjectKind.TOPIC,
        object_id=target.pk,
        context_id=source.pk,
        at=at,
    )
    return create_action(
        community=source.community,
        group=source.group,
        kind=ActionKind.MERGE_TOPICS,
        by=by,
        target_user=source.author,
        topic=source,
        other_topic=target,
        report=report,
        reason=reason,
        message=message,
        at=at,
        data={"posts": post_ids, "opening_post": source.opening_post_id},
    )
