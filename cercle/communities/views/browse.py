"""Finding communities and reading their presentation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cercle.communities import selectors
from cercle.communities.actions.charter import current_charter
from cercle.communities.actions.create import create_community
from cercle.communities.decorators import community_view
from cercle.communities.forms import CommunityCreateForm
from cercle.lib.errors import Refused


def home(request):
    memberships = (
        list(selectors.memberships_of(request.user)) if request.user.is_authenticated else []
    )
    mine = {m.community_id for m in memberships}
    others = [c for c in selectors.listed_communities(request.user) if c.pk not in mine]
    return render(
        request,
        "communities/home.html",
        {
            "memberships": memberships,
            "communities": others,
        },
    )


@community_view(skip_charter=True)
def detail(request, access):
    community = access.community
    return render(
        request,
        "communities/detail.html",
        {
            "access": access,
            "community": community,
            "animators": selectors.animators(community),
            "member_count": selectors.active_member_count(community),
            "groups": selectors.groups_of(community, request.user)
            if access.can_read_content
            else [],
            "charter": current_charter(community),
        },
    )


@login_required
def create(request):
    if settings.CERCLE_COMMUNITY_CREATORS == "staff" and not request.user.is_staff:
        messages.error(
            request, _("Here, new communities are created by the site's administrators.")
        )
        return redirect("home")
    form = CommunityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                community = create_community(
                    creator=request.user,
                    name=data["name"],
                    slug=data["slug"],
                    purpose=data["purpose"],
                    audience=data["audience"],
                    description=data["description"],
                    entry_mode=data["entry_mode"],
                    visibility=data["visibility"],
                    charter=data["charter"],
                )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your community is ready. Invite its first members."))
            return redirect("communities:invite", community.slug)
    return render(request, "communities/create.html", {"form": form})
