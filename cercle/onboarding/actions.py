"""Writes of onboarding: the welcome message, a newcomer's invitation to the introduction
thread, putting the first-steps list away."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Membership, MembershipState, Role
from cercle.lib.errors import Refused
from cercle.onboarding.checklist import checklist_for
from cercle.onboarding.models import FirstSteps

MAX_WELCOME_CHARS = 10_000


@transaction.atomic
def set_welcome_message(
    *, community: Community, by: User, text: str, at: datetime | None = None
) -> Community:
    """The animators' word to each newcomer (Markdown): shown on their first visit and on
    their first-steps page, and sent with an approved request to join."""
    membership = Membership.objects.filter(community=community, user=by).first()
    if membership is None or not membership.has_role(Role.CO_ANIMATOR):
        raise Refused(_("The welcome message is written by the community's animators."))
    text = (text or "").strip()
    if len(text) > MAX_WELCOME_CHARS:
        raise Refused(
            _("A welcome message has at most %(n)d characters.") % {"n": MAX_WELCOME_CHARS}
        )
    at = at or timezone.now()
    community.welcome_message = text
    community.save(update_fields=["welcome_message"])
    record(
        community=community,
        actor=by,
        verb=Verb.CHANGED_WELCOME_MESSAGE,
        object_kind=ObjectKind.COMMUNITY,
        object_id=community.pk,
        at=at,
    )
    return community


@transaction.atomic
def dismiss_first_steps(*, membership: Membership, at: datetime | None = None) -> FirstSteps:
    """Put the list away, once every step is done."""
    if membership.state != MembershipState.ACTIVE:
        raise Refused(_("Only members have first steps to take."))
    if not checklist_for(membership).complete:
        raise Refused(_("A few steps are left: the list goes away once they are all done."))
    at = at or timezone.now()
    state, _created = FirstSteps.objects.select_for_update().get_or_create(membership=membership)
    if state.dismissed_at is None:
        state.dismissed_at = at
        state.save(update_fields=["dismissed_at"])
        record(
            community=membership.community,
            actor=membership.user,
            verb=Verb.DISMISSED_FIRST_STEPS,
            object_kind=ObjectKind.MEMBERSHIP,
            object_id=membership.pk,
            at=at,
        )
    return state


def invite_newcomer(membership_id: int, *, at: datetime | None = None) -> FirstSteps | None:
    """Invite someone who just joined to the community's current introduction thread: a
    notification under their bell, from the ritual's author. Once per membership (a member
    who leaves and comes back is not invited again); nothing when there is no such thread."""
    from cercle.notifications.models import Kind, Notification
    from cercle.rituals.selectors import current_introduction_topic

    at = at or timezone.now()
    membership = (
        Membership.objects.select_related("community", "user")
        .filter(pk=membership_id, state=MembershipState.ACTIVE)
        .first()
    )
    if membership is None:
        return None
    topic = current_introduction_topic(membership.community_id)
    if topic is None:
        return None
    with transaction.atomic():
        state, _created = FirstSteps.objects.select_for_update().get_or_create(
            membership=membership, defaults={"created_at": at}
        )
        if state.invited_to_id is not None:
            return state
        state.invited_to = topic
        state.save(update_fields=["invited_to"])
        Notification.objects.create(
            recipient=membership.user,
            community=membership.community,
            kind=Kind.WELCOME,
            actor_id=topic.author_id,
            topic=topic,
            post_id=topic.opening_post_id,
            created_at=at,
        )
    return state
