"""Imported people: the animators' page (list, merge, undo) and the claim of an imported
account by its owner."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.accounts.models import User
from cercle.communities.decorators import community_view
from cercle.communities.models import Community
from cercle.lib.errors import Refused

from . import selectors
from .forms import ClaimPasswordForm, ClaimStartForm, MergeForm
from .identities import (
    MERGERS,
    claim,
    claim_token,
    claimable_accounts,
    find_person,
    merge_identities,
    read_claim_token,
    send_claim_link,
    undo_merge,
)
from .models import IdentityMerge, SourceIdentity

# One claim mail per address every three minutes, as allauth does for its confirmations.
CLAIM_MAIL_INTERVAL = 180


@community_view(min_role=MERGERS)
def identities(request, access):
    community = access.community
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.identities_of(community, q=q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "connectors/manage_identities.html",
        {
            "access": access,
            "community": community,
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "merges": selectors.merges_of(community)[:50],
            "claim_url": settings.SITE_URL + reverse("connectors:claim"),
        },
    )


@require_POST
@community_view(min_role=MERGERS)
def merge(request, access, identity_id: int):
    community = access.community
    identity = get_object_or_404(
        SourceIdentity.objects.select_related("user"), pk=identity_id, community=community
    )
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say who this is the same person as."))
    elif (into := find_person(community, form.cleaned_data["into"])) is None:
        messages.error(
            request,
            _("Nobody in this community is known as %(ref)s.") % {"ref": form.cleaned_data["into"]},
        )
    else:
        try:
            merge_identities(community=community, person=identity.user, into=into, by=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(name)s's posts now appear as %(into)s's.")
                % {"name": identity.name, "into": into.name},
            )
    return redirect("connectors:manage_identities", community.slug)


@require_POST
@community_view(min_role=MERGERS)
def undo(request, access, merge_id: int):
    merge = get_object_or_404(IdentityMerge, pk=merge_id, community=access.community)
    try:
        undo_merge(merge=merge, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The merge is undone."))
    return redirect("connectors:manage_identities", access.community.slug)


def claim_start(request):
    form = ClaimStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"].strip().lower()
        if cache.add(f"connectors:claim:{address}", 1, CLAIM_MAIL_INTERVAL):
            url = reverse("connectors:claim_confirm", args=[claim_token(address)])
            send_claim_link(address=address, url=url)
        # The same answer whether or not the address is known.
        return render(request, "connectors/claim_sent.html", {"email": address})
    return render(request, "connectors/claim.html", {"form": form})


def claim_confirm(request, token: str):
    """GET shows what the link gives; only a POST claims (a mail scanner that follows the
    link claims nothing)."""
    try:
        address = read_claim_token(token)
    except Refused as refusal:
        return render(
            request, "connectors/claim_invalid.html", {"message": refusal.message}, status=400
        )
    accounts = list(claimable_accounts(address).order_by("pk"))
    if not accounts:
        message = _("Nothing is left to claim with this address: it may have been claimed already.")
        return render(request, "connectors/claim_invalid.html", {"message": message}, status=400)
    context = {
        "email": address,
        "names": sorted({a.name for a in accounts}),
        "communities": Community.objects.filter(
            pk__in=SourceIdentity.objects.filter(user__in=accounts).values("community_id")
        ).order_by("name"),
    }
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                claim(address=address, user=request.user)
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request, _("Your history from the archive is now in your account.")
                )
                return redirect("home")
        return render(request, "connectors/claim_confirm.html", {**context, "mode": "join"})
    if User.objects.filter(email=address).exists():
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        return render(
            request,
            "connectors/claim_confirm.html",
            {**context, "mode": "login", "login_url": login_url},
        )
    form = ClaimPasswordForm(
        request.POST or None, initial={"name": accounts[0].name}, user=accounts[0]
    )
    if request.method == "POST" and form.is_valid():
        try:
            account = claim(
                address=address,
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            login(request, account, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is yours now."))
            return redirect("home")
    return render(
        request, "connectors/claim_confirm.html", {**context, "mode": "password", "form": form}
    )
