"""What every moderation decision shares: the checks on its reason, message and duration, the
ModerationAction row, the reports it answers, and the message to the person concerned (in
Cercle and by email, sent once the decision is committed)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Membership
from cercle.discussions.models import Post, Topic
from cercle.lib.errors import Refused
from cercle.lib.mail import send_to_user
from cercle.moderation.models import ModerationAction, Report, ReportOutcome, Standing
from cercle.notifications.models import Kind, Notification

MAX_REASON_CHARS = 1000
MAX_MESSAGE_CHARS = 5000
MAX_DAYS = 3650


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give a reason: it is shown in the community's moderation log."))
    if len(reason) > MAX_REASON_CHARS:
        raise Refused(_("A reason has at most %(n)d characters.") % {"n": MAX_REASON_CHARS})
    return reason


def clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_CHARS:
        raise Refused(_("A message has at most %(n)d characters.") % {"n": MAX_MESSAGE_CHARS})
    return message


def ends_at(days: int | None, at: datetime) -> datetime | None:
    """The end of a decision that lasts `days` days; None: until it is reversed."""
    if days is None:
        return None
    if not 1 <= days <= MAX_DAYS:
        raise Refused(_("A duration is from 1 to %(n)d days.") % {"n": MAX_DAYS})
    return at + timedelta(days=days)


def locked_membership(community: Community | int, user: User | None) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_for_update()
        .select_related("community")
        .filter(community=community, user=user)
        .first()
    )


def locked_standing(membership: Membership) -> Standing:
    Standing.objects.get_or_create(membership=membership)
    return Standing.objects.select_for_update().get(membership=membership)


def create_action(
    *,
    community: Community,
    kind: str,
    by: User,
    reason: str,
    at: datetime,
    message: str = "",
    target_user: User | None = None,
    topic: Topic | None = None,
    post: Post | None = None,
    other_topic: Topic | None = None,
    group: Group | None = None,
    report: Report | None = None,
    until: datetime | None = None,
    data: dict | None = None,
) -> ModerationAction:
    """The decision's row; the reports it answers are closed, the person is told."""
    action = ModerationAction.objects.create(
        community=community,
        group=group,
        kind=kind,
        by=by,
        target_user=target_user,
        topic=topic,
        post=post,
        other_topic=other_topic,
        report=report,
        reason=reason,
        message=message,
        created_at=at,
        ends_at=until,
        data=data or {},
    )
    close_reports(
        community=community,
        by=by,
        at=at,
        report=report,
        post=post,
        topic=topic if post is None else None,
        user=target_user if post is None and topic is None else None,
    )
    if target_user is not None and target_user.pk != by.pk:
        tell_person(action)
    return action


def close_reports(
    *,
    community: Community,
    by: User,
    at: datetime,
    report: Report | None = None,
    post: Post | None = None,
    topic: Topic | None = None,
    user: User | None = None,
    outcome: str = ReportOutcome.ACTED,
    note: str = "",
) -> int:
    """Mark handled the given report and every open report on the same message, topic or
    person: one decision answers all who pointed at it."""
    open_reports = Report.objects.filter(community=community, handled_at__isnull=True)
    ids: set[int] = set()
    if report is not None:
        ids.add(report.pk)
    if post is not None:
        ids |= set(open_reports.filter(post=post).values_list("pk", flat=True))
    if topic is not None:
        ids |= set(open_reports.filter(topic=topic, post__isnull=True).values_list("pk", flat=True))
    if user is not None:
        ids |= set(
            open_reports.filter(
                reported_user=user, post__isnull=True, topic__isnull=True
            ).values_list("pk", flat=True)
        )
    if not ids:
        return 0
    closed = open_reports.filter(pk__in=ids).update(
        handled_at=at, handled_by=by, outcome=outcome, note=note
    )
    for report_id in ids:
        record(
            community=community,
            actor=by,
            verb=Verb.HANDLED_REPORT,
            object_kind=ObjectKind.REPORT,
            object_id=report_id,
            at=at,
        )
    if report is not None:
        report.handled_at, report.handled_by, report.outcome = at, by, outcome
    return closed


def tell_person(action: ModerationAction, *, post: Post | None = None) -> None:
    """The person concerned learns of the decision under the bell and by email (always: it
    is not one of the notifications a member may turn off)."""
    person = action.target_user
    community = action.community
    Notification.objects.create(
        recipient=person,
        community=community,
        kind=Kind.MODERATION,
        actor=None,
        topic=post.topic if post is not None else None,
        post=post,
        created_at=action.created_at,
    )
    context = {
        "community": community,
        "action": action,
        "reason": action.reason,
        "message": action.message,
        "ends_at": action.ends_at,
        "topic_title": action.topic.title if action.topic_id else "",
        "url": reverse("moderation:mine", args=[community.slug]),
    }
    transaction.on_commit(
        lambda: send_to_user(person, "moderation/email/decision", context), robust=True
    )


def record_on_person(
    *, community: Community, by: User | None, verb: Verb, membership: Membership, at: datetime
) -> None:
    record(
        community=community,
        actor=by,
        verb=verb,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        context_id=membership.user_id,
        at=at,
    )


def now_or(at: datetime | None) -> datetime:
    return at or timezone.now()
