"""The moderation log members read, the moderators' list of decisions, reversing one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation import selectors
from cercle.moderation.actions.reverse import reverse
from cercle.moderation.forms import ReverseForm

PER_PAGE = 50


@community_view(members_only=True)
def public_log(request, access):
    """What was done and why, for every member: no reporter, no private message, and no name
    of a member a decision was about."""
    page = Paginator(selectors.public_log(access.community), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/log.html",
        {"access": access, "community": access.community, "page": page},
    )


@community_view(min_role=perms.MODERATE)
def decisions(request, access):
    page = Paginator(selectors.decisions(access.community), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/decisions.html",
        {
            "access": access,
            "community": access.community,
            "page": page,
            "can_reverse": access.has_role(perms.ANIMATE),
            "reverse_form": ReverseForm(),
        },
    )


@require_POST
@community_view(min_role=perms.ANIMATE)
def reverse_decision(request, access, action_id: int):
    action = perms.get_action(access, action_id)
    form = ReverseForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(_("Say why you reverse this decision: it is shown in the log."))
        reverse(action=action, by=request.user, reason=form.cleaned_data["reason"])
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The decision is reversed; the person concerned is told."))
    return redirect("moderation:decisions", access.community.slug)
