"""The animators' moderation settings: pre-moderation and trust rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cercle.communities.decorators import community_view
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.rules import set_rules
from cercle.moderation.forms import RulesForm
from cercle.moderation.models import ModerationSettings


@community_view(min_role=perms.ANIMATE)
def rules(request, access):
    community = access.community
    current = ModerationSettings.of(community)
    form = RulesForm(request.POST or None, instance=current, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            set_rules(
                community=community,
                by=request.user,
                values=form.cleaned_data,
                premoderated_categories=form.cleaned_data["premoderated_categories"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The moderation settings are saved."))
            return redirect("moderation:rules", community.slug)
    return render(
        request,
        "moderation/rules.html",
        {"access": access, "community": community, "form": form},
    )
