"""Who may see, organise and answer events.

Seeing follows the community: get_community_access 404s hidden communities for outsiders,
public communities' events are readable by anyone, the others' by their members. Group events
are shown to the whole community (groups have no private mode).

Organising (create, edit, cancel, record attendance) is for the community's animators and
co-animators, and for a group's animators for their group's events. Answering is for active
members, before the event is over. The check_* functions raise Refused with a message for the
person; the actions call them, so that a view cannot forget them.
"""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _

from cercle.communities.models import (
    Group,
    GroupMembership,
    GroupRole,
    Membership,
    MembershipState,
    Role,
)
from cercle.communities.permissions import CommunityAccess
from cercle.events.models import Event, EventStatus
from cercle.lib.errors import Refused

ORGANISE = Role.CO_ANIMATOR


def check_can_read(access: CommunityAccess, event: Event | None) -> Event:
    if event is None or event.community_id != access.community.pk or not access.can_read_content:
        raise Http404(_("There is no such event in this community."))
    return event


def check_is_member(membership: Membership | None) -> None:
    if membership is not None and membership.state == MembershipState.ACTIVE:
        return
    state = membership.state if membership is not None else None
    if state == MembershipState.PENDING:
        raise Refused(
            _(
                "Your request to join is waiting for an animator: you can answer once it "
                "is approved."
            )
        )
    if state == MembershipState.SUSPENDED:
        raise Refused(
            _("Your membership of this community is suspended: you cannot take part for now.")
        )
    raise Refused(_("Events are for members of this community. Join it first."))


def is_group_animator(user, group: Group | None) -> bool:
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return GroupMembership.objects.filter(group=group, user=user, role=GroupRole.ANIMATOR).exists()


def can_organise(membership: Membership | None, group: Group | None = None) -> bool:
    if membership is None or not membership.is_active:
        return False
    return membership.has_role(ORGANISE) or is_group_animator(membership.user, group)


def check_can_organise(membership: Membership | None, group: Group | None = None) -> None:
    """Create an event (of the community, or of `group`)."""
    check_is_member(membership)
    if not can_organise(membership, group):
        raise Refused(
            _(
                "Events are organised by the community's animators, and by a group's "
                "animators for their group."
            )
        )


def check_can_manage(membership: Membership | None, event: Event) -> None:
    """Edit or cancel this event, record who came."""
    check_can_organise(membership, event.group)


def check_can_respond(membership: Membership | None, event: Event, *, at: datetime) -> None:
    check_is_member(membership)
    if event.status == EventStatus.CANCELLED:
        raise Refused(_("This event is cancelled: it no longer takes answers."))
    if at >= event.ends_at:
        raise Refused(_("This event is over: answers are closed."))


def check_can_change(event: Event, *, at: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise Refused(_("This event is cancelled: it can no longer be changed."))
    if at >= event.ends_at:
        raise Refused(_("This event is over: it can no longer be changed."))
