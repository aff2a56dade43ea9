"""Animators arrange their community's topics in categories."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cercle.communities.decorators import community_view
from cercle.discussions import actions, selectors
from cercle.discussions import permissions as perms
from cercle.discussions.forms import CategoryForm
from cercle.lib.errors import Refused


@community_view(min_role=perms.ANIMATE)
def categories(request, access):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = actions.create_category(
                community=access.community,
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Category “%(name)s” created.") % {"name": category.name})
            return redirect("discussions:categories", access.community.slug)
    return render(
        request,
        "discussions/categories.html",
        {
            "access": access,
            "community": access.community,
            "form": form,
            "categories": selectors.categories(access.community),
        },
    )
