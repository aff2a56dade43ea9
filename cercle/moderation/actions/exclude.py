"""Exclude someone from the community: they are out, and cannot come back by joining,
asking, or any invitation or link, until an animator reverses the decision.

Their membership is kept (their role too, for a reversal) in the `suspended` state, which every
part of Cercle already refuses; `Standing.excluded_at` says it is an exclusion, which never
lifts by itself. Someone who has left, or is waiting for an answer, can be excluded too.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import Verb
from cercle.communities.models import Community, MembershipState
from cercle.lib.errors import Refused
from cercle.moderation.actions.common import (
    create_action,
    locked_standing,
    now_or,
    record_on_person,
)
from cercle.moderation.actions.people import prepare
from cercle.moderation.models import ActionKind, ModerationAction, PendingPost, PendingState, Report


@transaction.atomic
def exclude(
    *,
    community: Community,
    member: User,
    by: User,
    reason: str,
    message: str = "",
    report: Report | None = None,
    at: datetime | None = None,
) -> ModerationAction:
    at = now_or(at)
    target, reason, message = prepare(
        community=community,
        member=member,
        by=by,
        kind=ActionKind.EXCLUDE,
        reason=reason,
        message=message,
        report=report,
    )
    standing = locked_standing(target)
    if standing.excluded_at is not None:
        raise Refused(_("This person is already excluded."))
    # A suspended member being excluded: the exclusion replaces the suspension, and a reversal
    # brings them back as an active member.
    former_state = (
        MembershipState.ACTIVE if target.state == MembershipState.SUSPENDED else target.state
    )
    standing.excluded_at = at
    standing.suspended_until = None
    standing.save(update_fields=["excluded_at", "suspended_until"])
    target.state = MembershipState.SUSPENDED
    target.save(update_fields=["state"])
    # What they wrote and is waiting for approval will not be published.
    PendingPost.objects.filter(
        community=community, author=member, state=PendingState.WAITING
    ).update(state=PendingState.REJECTED, decided_at=at, decided_by=by)
    standing.pending_count = 0
    standing.save(update_fields=["pending_count"])
    record_on_person(community=community, by=by, verb=Verb.EXCLUDED, membership=target, at=at)
    return create_action(
        community=community,
        kind=ActionKind.EXCLUDE,
        by=by,
        target_user=member,
        report=report,
        reason=reason,
        message=message,
        at=at,
        data={"former_state": former_state},
    )
