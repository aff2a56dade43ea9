"""Suspend a member: for a while (or until reinstated) they cannot enter the community, post,
be notified, join again or use an invitation. The membership's state is `suspended`, which every
part of Cercle already refuses; the end date is in the member's Standing, and the suspension
lifts by itself at their first visit after it (`lift_if_over`, called by
cercle.communities.permissions.get_community_access)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import Verb
from cercle.communities.models import Community, Membership, MembershipState
from cercle.lib.errors import Refused
from cercle.moderation.actions.common import (
    create_action,
    ends_at,
    locked_standing,
    now_or,
    record_on_person,
)
from cercle.moderation.actions.people import prepare
from cercle.moderation.models import ActionKind, ModerationAction, Report, Standing


@transaction.atomic
def suspend(
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
    at = now_or(at)
    target, reason, message = prepare(
        community=community,
        member=member,
        by=by,
        kind=ActionKind.SUSPEND,
        reason=reason,
        message=message,
        report=report,
    )
    if not target.is_active:
        raise Refused(_("Only an active member can be suspended."))
    until = ends_at(days, at)
    standing = locked_standing(target)
    standing.suspended_until = until
    standing.save(update_fields=["suspended_until"])
    target.state = MembershipState.SUSPENDED
    target.save(update_fields=["state"])
    record_on_person(community=community, by=by, verb=Verb.SUSPENDED, membership=target, at=at)
    return create_action(
        community=community,
        kind=ActionKind.SUSPEND,
        by=by,
        target_user=member,
        report=report,
        reason=reason,
        message=message,
        at=at,
        until=until,
    )


def reinstate(*, membership: Membership, by: User | None, state: str, at: datetime) -> None:
    """Back to `state` (active, or the state an excluded person had), standing cleared. The
    membership row is locked by the caller."""
    standing = locked_standing(membership)
    standing.suspended_until = None
    standing.excluded_at = None
    standing.save(update_fields=["suspended_until", "excluded_at"])
    membership.state = state
    membership.save(update_fields=["state"])
    membership.standing = standing
    record_on_person(
        community=membership.community,
        by=by,
        verb=Verb.REINSTATED,
        membership=membership,
        at=at,
    )


def lift_if_over(membership: Membership, at: datetime | None = None) -> Membership:
    """The membership as it is now: active again if its suspension's end date has passed.
    Costs nothing for memberships that are not suspended (the caller checks the state)."""
    at = at or timezone.now()
    try:
        standing = membership.standing
    except Standing.DoesNotExist:
        return membership
    if not standing.suspension_is_over(at):
        return membership
    community = membership.community
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
        )
        locked_standing_row = locked_standing(locked)
        if locked.state != MembershipState.SUSPENDED or not locked_standing_row.suspension_is_over(
            at
        ):
            locked.community = community
            return locked  # lifted by a request at the same time, or changed meanwhile
        reinstate(membership=locked, by=None, state=MembershipState.ACTIVE, at=at)
    locked.community = community
    return locked
