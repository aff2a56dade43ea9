"""The animators' pages for rituals: the list with what comes next, the form with a preview of
the coming dates, pause and resume, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.lib.errors import Refused
from cercle.rituals import actions, selectors
from cercle.rituals.forms import RitualForm, initial_of
from cercle.rituals.models import Ritual
from cercle.rituals.permissions import MANAGE
from cercle.rituals.schedule import Schedule


def _ritual(access, ritual_id: int) -> Ritual:
    return get_object_or_404(
        Ritual.objects.select_related("community", "category"),
        pk=ritual_id,
        community=access.community,
    )


@community_view(min_role=MANAGE)
def ritual_list(request, access):
    rituals = selectors.rituals_of(access.community)
    for ritual in rituals:
        ritual.rhythm = Schedule.of(ritual).describe()
        ritual.next_dates = actions.next_dates(ritual)
    return render(
        request,
        "rituals/list.html",
        {"access": access, "community": access.community, "rituals": rituals},
    )


def _form_page(request, access, *, ritual: Ritual | None):
    community = access.community
    initial = initial_of(ritual) if ritual is not None else {}
    form = RitualForm(request.POST or None, community=community, initial=initial)
    shown = None
    if request.method == "POST" and form.is_valid():
        spec = form.spec()
        language = translation.get_language() or "fr"
        try:
            if "preview" in request.POST:
                shown = actions.preview(community=community, spec=spec, language=language)
            elif ritual is None:
                ritual = actions.create_ritual(
                    community=community, by=request.user, spec=spec, language=language
                )
                messages.success(request, _("The ritual is set up."))
                return redirect("rituals:list", community.slug)
            else:
                actions.update_ritual(ritual=ritual, by=request.user, spec=spec)
                messages.success(request, _("The ritual is saved."))
                return redirect("rituals:list", community.slug)
        except Refused as refusal:
            form.add_error(None, refusal.message)
    return render(
        request,
        "rituals/form.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "ritual": ritual,
            "preview": shown,
        },
    )


@community_view(min_role=MANAGE)
def ritual_new(request, access):
    return _form_page(request, access, ritual=None)


@community_view(min_role=MANAGE)
def ritual_edit(request, access, ritual_id: int):
    return _form_page(request, access, ritual=_ritual(access, ritual_id))


@require_POST
@community_view(min_role=MANAGE)
def ritual_pause(request, access, ritual_id: int):
    ritual = _ritual(access, ritual_id)
    try:
        if ritual.is_paused:
            actions.resume_ritual(ritual=ritual, by=request.user)
            messages.success(request, _("The ritual starts again from now."))
        else:
            actions.pause_ritual(ritual=ritual, by=request.user)
            messages.success(request, _("The ritual is paused: it opens nothing until resumed."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("rituals:list", access.community.slug)


@require_POST
@community_view(min_role=MANAGE)
def ritual_delete(request, access, ritual_id: int):
    ritual = _ritual(access, ritual_id)
    try:
        actions.delete_ritual(ritual=ritual, by=request.user)
        messages.success(request, _("The ritual is deleted. The topics it opened stay."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("rituals:list", access.community.slug)
