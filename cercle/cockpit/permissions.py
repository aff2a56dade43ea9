"""Who may read the cockpit and act from the to-do list.

- Co-animators and animators of the community: the whole community, and each of its groups.
- A group's animators: their groups only (the cockpit of the group, the to-do items about the
  group's topics and members), never the whole community.
- Moderators are not animators: the review queue is their tool, the cockpit is not shown to
  them (unless they animate a group).
- A member sees their own participation (cercle.cockpit.views.member), nobody else's.

A group of the URL that does not exist is a 404; one that exists but is not the person's is a
403 (they know the group exists: it is listed on the community's groups page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from cercle.communities.models import Group, GroupMembership, GroupRole, Role
from cercle.communities.permissions import CommunityAccess

ANIMATE = Role.CO_ANIMATOR


@dataclass(frozen=True)
class CockpitScope:
    """What part of a community's cockpit someone reads: all of it (`everything`), or some
    groups. `groups` are the groups they may choose from, in the order of the selector."""

    everything: bool
    groups: tuple[Group, ...] = ()

    @property
    def sees_anything(self) -> bool:
        return self.everything or bool(self.groups)

    @property
    def group_ids(self) -> frozenset[int]:
        return frozenset(group.pk for group in self.groups)

    def group(self, slug: str) -> Group | None:
        return next((group for group in self.groups if group.slug == slug), None)


def cockpit_scope(access: CommunityAccess) -> CockpitScope:
    """One query: the community's groups for its animators, the groups someone animates
    otherwise (none for an outsider)."""
    if access.has_role(ANIMATE):
        groups = Group.objects.filter(community=access.community).order_by("name")
        return CockpitScope(everything=True, groups=tuple(groups))
    if not access.is_member:
        return CockpitScope(everything=False)
    animated = (
        GroupMembership.objects.filter(
            user=access.user, role=GroupRole.ANIMATOR, group__community=access.community
        )
        .select_related("group")
        .order_by("group__name")
    )
    return CockpitScope(everything=False, groups=tuple(m.group for m in animated))


def check_can_see_cockpit(access: CommunityAccess) -> CockpitScope:
    scope = cockpit_scope(access)
    if not scope.sees_anything:
        raise PermissionDenied(_("The cockpit is for the community's animators."))
    return scope


def choose_group(access: CommunityAccess, scope: CockpitScope, slug: str | None) -> Group | None:
    """The group asked for (`?group=`), or None for the whole community. A group animator
    who asks for nothing gets their first group; a group of another community, or none by
    that address, is a 404; a group someone does not animate, a 403."""
    if not slug:
        return None if scope.everything else scope.groups[0]
    group = scope.group(slug)
    if group is not None:
        return group
    if Group.objects.filter(community=access.community, slug=slug).exists():
        raise PermissionDenied(_("You do not animate this group."))
    raise Http404(_("This community has no such group."))


def check_members_in_scope(
    access: CommunityAccess, scope: CockpitScope, user_ids: Iterable[int]
) -> None:
    """Group animators act only on the members of their groups (one query)."""
    wanted = set(user_ids)
    if scope.everything or not wanted:
        return
    found = set(
        GroupMembership.objects.filter(
            group_id__in=scope.group_ids, user_id__in=wanted
        ).values_list("user_id", flat=True)
    )
    if wanted - found:
        raise PermissionDenied(_("You can only do this for the members of the groups you animate."))


def check_topic_in_scope(scope: CockpitScope, topic) -> None:
    if not scope.everything and topic.group_id not in scope.group_ids:
        raise PermissionDenied(_("You can only do this for the topics of the groups you animate."))
