from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cercle.communities.decorators import community_view
from cercle.communities.models import Membership, MembershipState
from cercle.communities.selectors import prefetch_profiles_tags
from cercle.members import selectors
from cercle.members.actions import update_profile
from cercle.members.forms import DirectoryFilterForm, ProfileForm
from cercle.members.models import Profile


@login_required
def edit_profile(request):
    profile = Profile.objects.get_or_create(user=request.user)[0]
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if fields["photo"] is False:  # "clear" ticked
            fields["photo"] = ""
        elif fields["photo"] is None:
            fields.pop("photo")
        update_profile(
            profile=profile,
            fields=fields,
            skills=form.cleaned_data["skills_text"],
            interests=form.cleaned_data["interests_text"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("members:edit_profile")
    return render(request, "members/edit_profile.html", {"form": form, "profile": profile})


@community_view(members_only=True)
def directory(request, access):
    community = access.community
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.directory(community, **{k: v for k, v in filters.items() if v})
    page = Paginator(members, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "members/_directory_results.html" if request.htmx else "members/directory.html"
    return render(
        request,
        template,
        {
            "access": access,
            "community": community,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "facets": selectors.facet_values(community),
        },
    )


@community_view(members_only=True)
def member_profile(request, access, user_id: int):
    """A member's profile, as seen by the members of a community they share."""
    membership = get_object_or_404(
        Membership.objects.select_related("user__profile", "invited_by").prefetch_related(
            *prefetch_profiles_tags()
        ),
        Q(state=MembershipState.ACTIVE),
        community=access.community,
        user_id=user_id,
    )
    return render(
        request,
        "members/profile.html",
        {
            "access": access,
            "community": access.community,
            "member": membership,
            "profile": membership.user.profile,
        },
    )
