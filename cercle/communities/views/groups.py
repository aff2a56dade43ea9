"""Local chapters and thematic groups inside a community."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities import selectors
from cercle.communities.actions.groups import join_group, leave_group
from cercle.communities.decorators import community_view
from cercle.communities.models import Group, GroupMembership, GroupRole, Membership, Role
from cercle.lib.errors import Refused


@community_view(content=True)
def group_list(request, access):
    return render(
        request,
        "communities/groups.html",
        {
            "access": access,
            "community": access.community,
            "groups": selectors.groups_of(access.community, request.user),
        },
    )


@community_view(content=True)
def group_detail(request, access, group_slug: str):
    group = get_object_or_404(Group, community=access.community, slug=group_slug)
    members = list(selectors.group_members(group)) if access.is_member else []
    mine = next((m for m in members if m.user_id == request.user.pk), None)
    return render(
        request,
        "communities/group.html",
        {
            "access": access,
            "community": access.community,
            "group": group,
            "members": members,
            "mine": mine,
            "can_manage": access.has_role(Role.CO_ANIMATOR)
            or (mine is not None and mine.role == GroupRole.ANIMATOR),
        },
    )


@require_POST
@community_view(members_only=True)
def group_membership(request, access, group_slug: str):
    group = get_object_or_404(Group, community=access.community, slug=group_slug)
    try:
        if request.POST.get("action") == "leave":
            leave_group(group=group, user=request.user)
            messages.success(request, _("You have left %(name)s.") % {"name": group.name})
        else:
            join_group(group=group, user=request.user)
            messages.success(request, _("You have joined %(name)s.") % {"name": group.name})
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(group)


@require_POST
@community_view(members_only=True)
def group_set_animator(request, access, group_slug: str, user_id: int):
    """Community animators, and the group's own animators, name group animators."""
    group = get_object_or_404(Group, community=access.community, slug=group_slug)
    is_group_animator = GroupMembership.objects.filter(
        group=group, user=request.user, role=GroupRole.ANIMATOR
    ).exists()
    if not (access.has_role(Role.CO_ANIMATOR) or is_group_animator):
        messages.error(request, _("Only animators can name a group's animators."))
        return redirect(group)
    target = get_object_or_404(GroupMembership, group=group, user_id=user_id)
    if not Membership.objects.filter(
        community=access.community, user_id=user_id, state="active"
    ).exists():
        messages.error(request, _("This person is no longer a member of the community."))
        return redirect(group)
    target.role = GroupRole.MEMBER if target.role == GroupRole.ANIMATOR else GroupRole.ANIMATOR
    target.save(update_fields=["role"])
    messages.success(request, _("Group roles updated."))
    return redirect(group)
