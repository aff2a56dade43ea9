"""A member's first steps in a community, the animators' welcome message, and the help pages."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cercle.communities.decorators import community_view
from cercle.communities.models import Role
from cercle.lib.errors import Refused
from cercle.onboarding import actions, help
from cercle.onboarding.checklist import checklist_for
from cercle.onboarding.forms import WelcomeForm


@community_view(members_only=True)
def first_steps(request, access):
    """The newcomer's page: the animators' welcome, the checklist with its progress, help."""
    if request.method == "POST":
        try:
            actions.dismiss_first_steps(membership=access.membership)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Well done! The list is put away; it stays here."))
            return redirect(access.community)
    return render(
        request,
        "onboarding/first_steps.html",
        {
            "access": access,
            "community": access.community,
            "checklist": checklist_for(access.membership),
            "topics": help.TOPICS,
        },
    )


@require_safe
@community_view(members_only=True)
def first_steps_box(request, access):
    """The checklist's box on the community's page, loaded after it (htmx): the page itself
    costs no query more. Empty once put away."""
    checklist = checklist_for(access.membership)
    if checklist.dismissed:
        return HttpResponse("")
    return render(
        request,
        "onboarding/_box.html",
        {"access": access, "community": access.community, "checklist": checklist},
    )


@community_view(min_role=Role.CO_ANIMATOR)
def manage_welcome(request, access):
    community = access.community
    form = WelcomeForm(request.POST or None, initial={"text": community.welcome_message})
    preview = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if "preview" in request.POST:
            preview = text
        else:
            try:
                actions.set_welcome_message(community=community, by=request.user, text=text)
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The welcome message is saved."))
                return redirect("onboarding:manage_welcome", community.slug)
    from cercle.rituals.models import Ritual

    return render(
        request,
        "onboarding/manage_welcome.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "preview": preview,
            "introduction_rituals": Ritual.objects.filter(
                community=community, for_introductions=True
            ),
        },
    )


def help_index(request):
    return render(request, "onboarding/help/index.html", {"topics": help.TOPICS})


def help_page(request, topic: str):
    found = help.BY_SLUG.get(topic)
    if found is None:
        raise Http404(_("There is no such help page."))
    return render(
        request,
        help.template_for(found),
        {"topic": found, "topics": help.TOPICS},
    )
