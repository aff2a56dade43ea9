"""How people come into a community and leave it: join, request, approve, decline, leave."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.actions.charter import accept_charter
from cercle.communities.models import (
    Community,
    EntryMode,
    Invitation,
    Membership,
    MembershipState,
    Role,
)
from cercle.lib.errors import Refused
from cercle.lib.mail import send_to_user


def _existing(community: Community, user) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .select_related("community")
        .filter(community=community, user=user)
        .first()
    )


def _refuse_if_member_or_waiting(membership: Membership | None) -> None:
    if membership is None:
        return
    if membership.state == MembershipState.ACTIVE:
        raise Refused(_("You are already a member of this community."))
    if membership.state == MembershipState.PENDING:
        raise Refused(
            _(
                "Your request to join is already waiting for an animator. You will get an email "
                "as soon as it is answered."
            )
        )
    if membership.state == MembershipState.SUSPENDED:
        raise Refused(_("Your membership of this community is suspended."))


def _activate(
    membership: Membership | None, *, community: Community, user, at, **fields
) -> Membership:
    """Create or revive the membership row as an active member (who left and come back)."""
    if membership is None:
        membership = Membership(community=community, user=user, created_at=at)
    membership.state = MembershipState.ACTIVE
    membership.role = Role.MEMBER
    membership.joined_at = at
    membership.left_at = None
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.save()
    membership.community = community
    return membership


@transaction.atomic
def join(*, community: Community, user, accepts_charter: bool, at=None) -> Membership:
    """Join an open community straight away."""
    at = at or timezone.now()
    if community.entry_mode != EntryMode.OPEN:
        raise Refused(_("This community is not open: ask to join or use an invitation."))
    if not accepts_charter:
        raise Refused(_("To join, read and accept the community's charter."))
    membership = _existing(community, user)
    _refuse_if_member_or_waiting(membership)
    membership = _activate(membership, community=community, user=user, at=at)
    record(
        community=community,
        actor=user,
        verb=Verb.JOINED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        at=at,
    )
    accept_charter(membership=membership, at=at)
    return membership


@transaction.atomic
def request_to_join(
    *, community: Community, user, motivation: str, accepts_charter: bool, at=None
) -> Membership:
    """Ask to join a community whose animators approve each newcomer."""
    at = at or timezone.now()
    if community.entry_mode != EntryMode.REQUEST:
        raise Refused(_("This community does not take requests to join."))
    if not motivation.strip():
        raise Refused(_("Say in a few words why you would like to join."))
    if not accepts_charter:
        raise Refused(_("To join, read and accept the community's charter."))
    membership = _existing(community, user)
    _refuse_if_member_or_waiting(membership)
    if membership is None:
        membership = Membership(community=community, user=user, created_at=at)
    membership.state = MembershipState.PENDING
    membership.request_message = motivation.strip()
    membership.decided_by = None
    membership.decided_at = None
    membership.decision_message = ""
    membership.created_at = at
    membership.save()
    record(
        community=community,
        actor=user,
        verb=Verb.REQUESTED_TO_JOIN,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        at=at,
    )
    return membership


def _pending(membership: Membership) -> Membership:
    locked = (
        Membership.objects.select_for_update()
        .select_related("community", "user")
        .get(pk=membership.pk)
    )
    if locked.state != MembershipState.PENDING:
        raise Refused(_("This request has already been answered."))
    return locked


@transaction.atomic
def approve_request(*, membership: Membership, by, welcome: str = "", at=None) -> Membership:
    at = at or timezone.now()
    membership = _pending(membership)
    community = membership.community
    membership.state = MembershipState.ACTIVE
    membership.joined_at = at
    membership.decided_by = by
    membership.decided_at = at
    membership.decision_message = welcome.strip()
    membership.save()
    record(
        community=community,
        actor=by,
        verb=Verb.REQUEST_APPROVED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        context_id=membership.user_id,
        at=at,
    )
    record(
        community=community,
        actor=membership.user,
        verb=Verb.JOINED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        at=at,
    )
    # The request was made on the charter of its day; accepting it was a condition.
    accept_charter(membership=membership, at=at)
    message = welcome.strip() or community.welcome_message
    transaction.on_commit(
        lambda: send_to_user(
            membership.user,
            "communities/email/request_approved",
            {"community": community, "message": message, "by": by},
        )
    )
    return membership


@transaction.atomic
def decline_request(*, membership: Membership, by, reason: str, at=None) -> Membership:
    at = at or timezone.now()
    if not reason.strip():
        raise Refused(_("Give the person a reason: they will receive it by email."))
    membership = _pending(membership)
    membership.state = MembershipState.DECLINED
    membership.decided_by = by
    membership.decided_at = at
    membership.decision_message = reason.strip()
    membership.save()
    record(
        community=membership.community,
        actor=by,
        verb=Verb.REQUEST_DECLINED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        context_id=membership.user_id,
        at=at,
    )
    community = membership.community
    transaction.on_commit(
        lambda: send_to_user(
            membership.user,
            "communities/email/request_declined",
            {"community": community, "reason": membership.decision_message},
        )
    )
    return membership


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user, accepts_charter: bool, at=None
) -> Membership:
    """Join through an invitation, whatever the entry mode: the invitation is the card."""
    at = at or timezone.now()
    # Lock the invitation row only: `group` is a nullable join, which PostgreSQL refuses to
    # lock ("FOR UPDATE cannot be applied to the nullable side of an outer join").
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .get(pk=invitation.pk)
    )
    community = invitation.community
    if invitation.revoked_at:
        raise Refused(_("This invitation was withdrawn by the person who sent it."))
    if at >= invitation.expires_at:
        raise Refused(
            _("This invitation expired on %(date)s. Ask the person who invited you for a new one.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT")}
        )
    if invitation.is_used_up:
        raise Refused(
            _(
                "This invitation has already been used as many times as allowed. Ask the person "
                "who invited you for a new one."
            )
        )
    if not accepts_charter:
        raise Refused(_("To join, read and accept the community's charter."))
    membership = _existing(community, user)
    if membership is not None and membership.state == MembershipState.ACTIVE:
        raise Refused(_("You are already a member of this community."))
    if membership is not None and membership.state == MembershipState.SUSPENDED:
        raise Refused(_("Your membership of this community is suspended."))
    membership = _activate(
        membership,
        community=community,
        user=user,
        at=at,
        invited_by=invitation.created_by,
        invitation=invitation,
        decided_by=None,
        decided_at=None,
    )
    invitation.use_count += 1
    invitation.save(update_fields=["use_count"])
    record(
        community=community,
        actor=user,
        verb=Verb.ACCEPTED_INVITATION,
        object_kind=ObjectKind.INVITATION,
        object_id=invitation.pk,
        context_id=invitation.created_by_id,
        at=at,
    )
    record(
        community=community,
        actor=user,
        verb=Verb.JOINED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        context_id=invitation.created_by_id,
        at=at,
    )
    accept_charter(membership=membership, at=at)
    if invitation.group_id:
        from cercle.communities.actions.groups import join_group

        join_group(group=invitation.group, user=user, at=at)
    return membership


@transaction.atomic
def leave(*, membership: Membership, at=None) -> Membership:
    at = at or timezone.now()
    membership = (
        Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    )
    if membership.state != MembershipState.ACTIVE:
        raise Refused(_("You are not an active member of this community."))
    if membership.role == Role.ANIMATOR:
        other_animators = Membership.objects.filter(
            community=membership.community, state=MembershipState.ACTIVE, role=Role.ANIMATOR
        ).exclude(pk=membership.pk)
        if not other_animators.exists():
            raise Refused(
                _(
                    "You are this community's only animator: hand the role to another member "
                    "before you leave."
                )
            )
    membership.state = MembershipState.LEFT
    membership.left_at = at
    membership.save(update_fields=["state", "left_at"])
    membership.user.group_memberships.filter(group__community=membership.community).delete()
    record(
        community=membership.community,
        actor=membership.user,
        verb=Verb.LEFT,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        at=at,
    )
    return membership
