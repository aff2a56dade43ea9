"""Who may report, see the review queue, act on content and people, and reverse decisions.

- Any active member reports (a silenced member too: reporting is not taking the floor).
- The queue: moderators and animators see all of it; a group's animators see the reports
  about their group's topics (and may dismiss them), nothing else.
- Acting on content (hide, edit, close, move, merge, approve): moderators and animators.
- Acting on people: warning and silencing are for moderators, suspending and excluding for
  animators; nobody acts on themselves, nor on someone of their own role or above.
- Reversing any decision: animators (co-animators and animators).

Objects are fetched through the helpers below, always inside the community of the URL: an id
guessed from another community is a 404, never a 403 that would confirm it exists.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cercle.communities.models import GroupMembership, GroupRole, Membership, Role
from cercle.communities.permissions import CommunityAccess
from cercle.lib.errors import Refused
from cercle.moderation.models import ActionKind, ModerationAction, PendingPost, Report

MODERATE = Role.MODERATOR
ANIMATE = Role.CO_ANIMATOR

# The lowest role that takes each decision about a person.
PERSON_ACTION_ROLES = {
    ActionKind.WARN: MODERATE,
    ActionKind.SILENCE: MODERATE,
    ActionKind.SUSPEND: ANIMATE,
    ActionKind.EXCLUDE: ANIMATE,
}


@dataclass(frozen=True)
class QueueScope:
    """What part of a community's queue someone sees: all of it, or some groups' reports."""

    everything: bool
    group_ids: frozenset[int] = frozenset()

    @property
    def sees_anything(self) -> bool:
        return self.everything or bool(self.group_ids)


def queue_scope(access: CommunityAccess) -> QueueScope:
    if access.has_role(MODERATE):
        return QueueScope(everything=True)
    if not access.is_member:
        return QueueScope(everything=False)
    group_ids = GroupMembership.objects.filter(
        user=access.user, role=GroupRole.ANIMATOR, group__community=access.community
    ).values_list("group_id", flat=True)
    return QueueScope(everything=False, group_ids=frozenset(group_ids))


def check_can_see_queue(access: CommunityAccess) -> QueueScope:
    scope = queue_scope(access)
    if not scope.sees_anything:
        raise PermissionDenied(_("The review queue is for the community's moderators."))
    return scope


def get_report(access: CommunityAccess, scope: QueueScope, report_id: int) -> Report:
    """A report of this community that this person may see, or 404."""
    report = get_object_or_404(
        Report.objects.select_related(
            "post__author",
            "topic__author",
            "topic__category",
            "reported_user",
            "reporter",
            "handled_by",
            "group",
        ),
        pk=report_id,
        community=access.community,
    )
    if not scope.everything and report.group_id not in scope.group_ids:
        raise Http404(_("There is no such report in this community."))
    return report


def get_pending(access: CommunityAccess, pending_id: int) -> PendingPost:
    return get_object_or_404(
        PendingPost.objects.select_related("author", "topic", "category", "group"),
        pk=pending_id,
        community=access.community,
    )


def get_action(access: CommunityAccess, action_id: int) -> ModerationAction:
    return get_object_or_404(
        ModerationAction.objects.select_related("by", "target_user", "topic", "post"),
        pk=action_id,
        community=access.community,
    )


# --- Checks the actions run, inside their transaction ----------------------------------------


def _active(membership: Membership | None) -> Membership:
    if membership is None or not membership.is_active:
        raise Refused(_("Only active members of this community can do this."))
    return membership


def check_can_report(membership: Membership | None) -> None:
    _active(membership)


def check_can_moderate(membership: Membership | None) -> None:
    if not _active(membership).has_role(MODERATE):
        raise Refused(_("Only moderators and animators can do this."))


def check_can_handle_report(membership: Membership | None, report: Report) -> None:
    membership = _active(membership)
    if membership.has_role(MODERATE):
        return
    if (
        report.group_id
        and GroupMembership.objects.filter(
            group_id=report.group_id, user_id=membership.user_id, role=GroupRole.ANIMATOR
        ).exists()
    ):
        return
    raise Refused(_("Only the community's moderators can handle this report."))


def check_can_act_on_person(
    membership: Membership | None, target: Membership | None, kind: str
) -> None:
    membership = _active(membership)
    if not membership.has_role(PERSON_ACTION_ROLES[kind]):
        if PERSON_ACTION_ROLES[kind] >= ANIMATE:
            raise Refused(_("Only animators can suspend or exclude a member."))
        raise Refused(_("Only moderators and animators can do this."))
    if target is None:
        raise Refused(_("This person is not a member of this community."))
    if target.user_id == membership.user_id:
        raise Refused(_("You cannot take a moderation decision about yourself."))
    if target.role >= membership.role:
        raise Refused(
            _(
                "Only someone with a higher role can take this decision about a %(role)s: ask "
                "the community's animator."
            )
            % {"role": target.get_role_display()}
        )


def check_can_reverse(membership: Membership | None) -> None:
    if not _active(membership).has_role(ANIMATE):
        raise Refused(_("Only animators can reverse a moderation decision."))


def check_can_set_rules(membership: Membership | None) -> None:
    if not _active(membership).has_role(ANIMATE):
        raise Refused(_("Only animators can change the moderation settings."))
