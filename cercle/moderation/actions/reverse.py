"""An animator reverses a moderation decision: what it did is undone (as far as it still holds:
a silence already over needs nothing more), the row is kept with who reversed it and why, and
the person concerned is told."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import MembershipState
from cercle.discussions import actions as discussions
from cercle.discussions import search
from cercle.discussions.models import Category, Post, Topic
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import (
    clean_reason,
    locked_membership,
    locked_standing,
    now_or,
    tell_person,
)
from cercle.moderation.actions.premoderation import unreject
from cercle.moderation.actions.suspend import reinstate
from cercle.moderation.actions.topics import move, move_posts, recount
from cercle.moderation.models import ActionKind, ModerationAction


def _post(action: ModerationAction) -> Post | None:
    if action.post_id is None:
        return None
    return Post.objects.select_related("topic").filter(pk=action.post_id).first()


def _undo_hide(action: ModerationAction, by: User, at: datetime) -> None:
    post = _post(action)
    if post is not None and post.deleted_at is not None:
        discussions.restore_post(post=post, by=by, at=at)


def _undo_edit(action: ModerationAction, by: User, at: datetime) -> None:
    post = _post(action)
    previous = action.data.get("previous_body")
    if post is None or previous is None or post.deleted_at is not None:
        raise Refused(_("This message can no longer be put back as it was."))
    if post.body != previous:
        discussions.edit_post(post=post, by=by, body=previous, at=at)


def _undo_close(action: ModerationAction, by: User, at: datetime) -> None:
    if action.topic is not None and action.topic.closed_at is not None:
        discussions.reopen_topic(topic=action.topic, by=by, at=at)


def _undo_reopen(action: ModerationAction, by: User, at: datetime) -> None:
    if action.topic is not None and action.topic.closed_at is None:
        discussions.close_topic(topic=action.topic, by=by, at=at)


def _undo_move(action: ModerationAction, by: User, at: datetime) -> None:
    if action.topic_id is None:
        return
    topic = (
        Topic.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .get(pk=action.topic_id)
    )
    former = action.data.get("from_category")
    category = (
        Category.objects.filter(pk=former, community_id=topic.community_id).first()
        if former
        else None
    )
    if topic.category_id != (category.pk if category else None):
        move(topic=topic, category=category, by=by, at=at)


def _undo_merge(action: ModerationAction, by: User, at: datetime) -> None:
    if action.topic_id is None or action.other_topic_id is None:
        raise Refused(_("One of the two topics no longer exists."))
    first, second = sorted([action.topic_id, action.other_topic_id])
    locked = {
        pk: Topic.objects.select_for_update(of=("self",)).select_related("community").get(pk=pk)
        for pk in (first, second)
    }
    source, target = locked[action.topic_id], locked[action.other_topic_id]
    post_ids = list(
        Post.objects.filter(topic=target, pk__in=action.data.get("posts", [])).values_list(
            "pk", flat=True
        )
    )
    move_posts(post_ids, into=source)
    opening = (
        Post.objects.select_related("topic").filter(pk=action.data.get("opening_post")).first()
    )
    if opening is not None and opening.topic_id == source.pk:
        opening.parent = None
        opening.save(update_fields=["parent"])
        search.index_post(opening)
    source.deleted_at = source.deleted_by = None
    source.save(update_fields=["deleted_at", "deleted_by"])
    recount(source)
    recount(target)


def _undo_reject(action: ModerationAction, by: User, at: datetime) -> None:
    unreject(pending_id=action.data["pending"], at=at)


def _undo_warn(action: ModerationAction, by: User, at: datetime) -> None:
    """A warning withdrawn: nothing to undo but the record."""


def _target_membership(action: ModerationAction):
    membership = locked_membership(action.community_id, action.target_user)
    if membership is None:
        raise Refused(_("This person is no longer a member of this community."))
    return membership


def _undo_silence(action: ModerationAction, by: User, at: datetime) -> None:
    membership = _target_membership(action)
    standing = locked_standing(membership)
    if standing.silenced_at == action.created_at:  # this silence, not a later one
        standing.silenced_at = standing.silenced_until = None
        standing.save(update_fields=["silenced_at", "silenced_until"])


def _undo_suspend(action: ModerationAction, by: User, at: datetime) -> None:
    membership = _target_membership(action)
    standing = locked_standing(membership)
    if standing.excluded_at is not None:
        raise Refused(_("This member has been excluded since: reverse the exclusion instead."))
    if membership.state == MembershipState.SUSPENDED:
        reinstate(membership=membership, by=by, state=MembershipState.ACTIVE, at=at)


def _undo_exclude(action: ModerationAction, by: User, at: datetime) -> None:
    membership = _target_membership(action)
    standing = locked_standing(membership)
    if standing.excluded_at == action.created_at:
        state = action.data.get("former_state", MembershipState.ACTIVE)
        reinstate(membership=membership, by=by, state=state, at=at)


UNDO: dict[str, Callable[[ModerationAction, User, datetime], None]] = {
    ActionKind.HIDE_POST: _undo_hide,
    ActionKind.EDIT_POST: _undo_edit,
    ActionKind.CLOSE_TOPIC: _undo_close,
    ActionKind.REOPEN_TOPIC: _undo_reopen,
    ActionKind.MOVE_TOPIC: _undo_move,
    ActionKind.MERGE_TOPICS: _undo_merge,
    ActionKind.REJECT_POST: _undo_reject,
    ActionKind.WARN: _undo_warn,
    ActionKind.SILENCE: _undo_silence,
    ActionKind.SUSPEND: _undo_suspend,
    ActionKind.EXCLUDE: _undo_exclude,
}


@transaction.atomic
def reverse(
    *, action: ModerationAction, by: User, reason: str, at: datetime | None = None
) -> ModerationAction:
    at = now_or(at)
    reason = clean_reason(reason)
    locked = (
        ModerationAction.objects.select_for_update(of=("self",))
        .select_related("community", "topic", "target_user")
        .get(pk=action.pk)
    )
    perms.check_can_reverse(locked_membership(locked.community_id, by))
    if locked.reversed_at is not None:
        raise Refused(_("This decision was already reversed."))
    UNDO[locked.kind](locked, by, at)
    locked.reversed_at, locked.reversed_by, locked.reversal_reason = at, by, reason
    locked.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    record(
        community=locked.community,
        group=locked.group,
        actor=by,
        verb=Verb.REVERSED_MODERATION,
        object_kind=ObjectKind.MODERATION_ACTION,
        object_id=locked.pk,
        context_id=locked.target_user_id,
        at=at,
    )
    if locked.target_user is not None and locked.target_user_id != by.pk:
        tell_person(locked)
    action.reversed_at, action.reversed_by, action.reversal_reason = at, by, reason
    return locked
