"""The animators' side: settings, charter, join requests, members and roles, invitations."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities import selectors
from cercle.communities.actions.charter import current_charter, publish_charter
from cercle.communities.actions.groups import create_group
from cercle.communities.actions.joining import approve_request, decline_request
from cercle.communities.actions.roles import change_role
from cercle.communities.decorators import community_view
from cercle.communities.forms import (
    CharterForm,
    CommunitySettingsForm,
    DecideRequestForm,
    GroupForm,
    RoleForm,
)
from cercle.communities.models import Membership, MembershipState, Role
from cercle.lib.errors import Refused

MANAGERS = Role.CO_ANIMATOR


@community_view(min_role=MANAGERS)
def settings_view(request, access):
    community = access.community
    form = CommunitySettingsForm(request.POST or None, request.FILES or None, instance=community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("communities:manage", community.slug)
    return render(
        request,
        "communities/manage/settings.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "pending_count": selectors.pending_requests(community).count(),
        },
    )


@community_view(min_role=MANAGERS)
def charter_edit(request, access):
    community = access.community
    current = current_charter(community)
    form = CharterForm(
        request.POST or None,
        initial={
            "body": current.body if current else "",
            "exportable_fields": current.exportable_fields if current else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        if (
            current
            and form.cleaned_data["body"].strip() == current.body.strip()
            and sorted(form.cleaned_data["exportable_fields"]) == current.exportable_fields
        ):
            form.add_error("body", _("This is the current version: change something first."))
        else:
            try:
                charter = publish_charter(
                    community=community,
                    body=form.cleaned_data["body"],
                    summary=form.cleaned_data["summary"],
                    exportable_fields=form.cleaned_data["exportable_fields"],
                    by=request.user,
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(v)d published. Members will be asked to "
                        "accept it at their next visit."
                    )
                    % {"v": charter.version},
                )
                return redirect("communities:charter", community.slug)
    return render(
        request,
        "communities/manage/charter.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "charter": current,
        },
    )


@community_view(min_role=MANAGERS)
def requests_view(request, access):
    community = access.community
    return render(
        request,
        "communities/manage/requests.html",
        {
            "access": access,
            "community": community,
            "requests": selectors.pending_requests(community),
            "form": DecideRequestForm(),
        },
    )


@require_POST
@community_view(min_role=MANAGERS)
def decide_request(request, access, membership_id: int):
    community = access.community
    membership = get_object_or_404(Membership, pk=membership_id, community=community)
    form = DecideRequestForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("message", "")
    try:
        if request.POST.get("decision") == "approve":
            approve_request(membership=membership, by=request.user, welcome=text)
            messages.success(
                request, _("%(name)s is now a member.") % {"name": membership.user.name}
            )
        elif request.POST.get("decision") == "decline":
            decline_request(membership=membership, by=request.user, reason=text)
            messages.success(
                request, _("%(name)s's request was declined.") % {"name": membership.user.name}
            )
        else:
            messages.error(request, _("Choose to approve or decline."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("communities:manage_requests", community.slug)


@community_view(min_role=MANAGERS)
def members_view(request, access):
    community = access.community
    state = request.GET.get("state", MembershipState.ACTIVE)
    members = selectors.members_for_management(community)
    if state in MembershipState.values:
        members = members.filter(state=state)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/manage/members.html",
        {
            "access": access,
            "community": community,
            "page": page,
            "state": state,
            "states": MembershipState.choices,
            "roles": Role.choices,
        },
    )


@require_POST
@community_view(min_role=MANAGERS)
def set_role(request, access, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, community=access.community)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            change_role(membership=membership, role=form.cleaned_data["role"], by=access.membership)
            messages.success(request, _("Role updated."))
        except Refused as refusal:
            messages.error(request, refusal.message)
    return redirect("communities:manage_members", access.community.slug)


@community_view(min_role=MANAGERS)
def invitations_view(request, access):
    community = access.community
    page = Paginator(selectors.invitations_of(community), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/manage/invitations.html",
        {
            "access": access,
            "community": community,
            "page": page,
        },
    )


@community_view(min_role=MANAGERS)
def group_create(request, access):
    community = access.community
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = create_group(community=community, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Group created."))
            return redirect(group)
    return render(
        request,
        "communities/manage/group_form.html",
        {
            "access": access,
            "community": community,
            "form": form,
        },
    )
