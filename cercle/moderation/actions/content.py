"""Decisions on a message: hide it, edit it with a note. Both go through the discussions'
own actions (which keep counters, search and history right) and add the ModerationAction
that says why."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.discussions import actions as discussions
from cercle.discussions.models import Post
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


def _check_report(report: Report | None, community_id: int) -> None:
    if report is not None and report.community_id != community_id:
        raise Refused(_("This report belongs to another community."))


@transaction.atomic
def hide_post(
    *,
    post: Post,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """Members then see "Message deleted"; hiding a topic's first message hides the topic."""
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    perms.check_can_moderate(locked_membership(post.community_id, by))
    _check_report(report, post.community_id)
    hidden = discussions.delete_post(post=post, by=by, at=at)
    topic = hidden.topic
    return create_action(
        community=topic.community,
        group=topic.group,
        kind=ActionKind.HIDE_POST,
        by=by,
        target_user=hidden.author,
        topic=topic,
        post=hidden,
        report=report,
        reason=reason,
        message=message,
        at=at,
    )


@transaction.atomic
def edit_post(
    *,
    post: Post,
    by: User,
    body: str,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """Change what a message says; the former text stays in its history, the note (the
    reason) in the moderation log."""
    at = now_or(at)
    reason, message = clean_reason(reason), clean_message(message)
    perms.check_can_moderate(locked_membership(post.community_id, by))
    _check_report(report, post.community_id)
    previous = post.body
    if (body or "").strip() == previous.strip():
        raise Refused(_("Change the text first."))
    edited = discussions.edit_post(post=post, by=by, body=body, at=at)
    topic = edited.topic
    return create_action(
        community=topic.community,
        group=topic.group,
        kind=ActionKind.EDIT_POST,
        by=by,
        target_user=edited.author,
        topic=topic,
        post=edited,
        report=report,
        reason=reason,
        message=message,
        at=at,
        data={"previous_body": previous},
    )
