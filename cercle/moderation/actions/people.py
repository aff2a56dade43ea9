"""Decisions on a member that leave them in the community: a warning, a silence (they read,
they do not write, react or vote: enforced by cercle.discussions.permissions.check_not_silenced).
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import Verb
from cercle.communities.models import Community, Membership
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import (
    clean_message,
    clean_reason,
    create_action,
    ends_at,
    locked_membership,
    locked_standing,
    now_or,
    record_on_person,
)
from cercle.moderation.models import ActionKind, ModerationAction, Report


def prepare(
    *,
    community: Community,
    member: User,
    by: User,
    kind: str,
    reason: str,
    message: str,
    report: Report | None,
) -> tuple[Membership, str, str]:
    """The checks every decision on a person runs first; returns their locked membership."""
    reason, message = clean_reason(reason), clean_message(message)
    if report is not None and report.community_id != community.pk:
        raise Refused(_("This report belongs to another community."))
    actor = locked_membership(community, by)
    target = locked_membership(community, member)
    perms.check_can_act_on_person(actor, target, kind)
    return target, reason, message


@transaction.atomic
def warn(
    *,
    community: Community,
    member: User,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """A warning changes nothing but the record: the person is told, the log says why."""
    at = now_or(at)
    target, reason, message = prepare(
        community=community,
        member=member,
        by=by,
        kind=ActionKind.WARN,
        reason=reason,
        message=message,
        report=report,
    )
    if not target.is_active:
        raise Refused(_("This person is not an active member of this community."))
    record_on_person(community=community, by=by, verb=Verb.WARNED, membership=target, at=at)
    return create_action(
        community=community,
        kind=ActionKind.WARN,
        by=by,
        target_user=member,
        report=report,
        reason=reason,
        message=message,
        at=at,
    )


@transaction.atomic
def silence(
    *,
    community: Community,
    member: User,
    by: User,
    reason: str,
    days: int | None = None,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    """For `days` days (None: until an animator lifts it), the member reads but does not write,
    react or vote."""
    at = now_or(at)
    target, reason, message = prepare(
        community=community,
        member=member,
        by=by,
        kind=ActionKind.SILENCE,
        reason=reason,
        message=message,
        report=report,
    )
    if not target.is_active:
        raise Refused(_("This person is not an active member of this community."))
    until = ends_at(days, at)
    standing = locked_standing(target)
    if standing.is_silenced(at):
        raise Refused(_("This member is already silenced: reverse that decision first."))
    standing.silenced_at, standing.silenced_until = at, until
    standing.save(update_fields=["silenced_at", "silenced_until"])
    record_on_person(community=community, by=by, verb=Verb.SILENCED, membership=target, at=at)
    return create_action(
        community=community,
        kind=ActionKind.SILENCE,
        by=by,
        target_user=member,
        report=report,
        reason=reason,
        message=message,
        at=at,
        until=until,
    )


def lift_silence(*, membership: Membership, at: datetime) -> None:
    standing = locked_standing(membership)
    standing.silenced_at = standing.silenced_until = None
    standing.save(update_fields=["silenced_at", "silenced_until"])
