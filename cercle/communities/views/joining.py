"""Coming in and going out: join, request, invitations, charter, leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.actions import joining
from cercle.communities.actions.charter import accept_charter, current_charter
from cercle.communities.decorators import community_view
from cercle.communities.forms import CharterAcceptForm, JoinForm, RequestToJoinForm
from cercle.communities.models import EntryMode, Invitation, Membership
from cercle.lib.errors import Refused


@community_view(skip_charter=True)
def join(request, access):
    """The join page adapts to the entry mode: join now, ask, or explain invitations."""
    community = access.community
    if access.is_member:
        messages.info(request, _("You are already a member of this community."))
        return redirect(community)
    if not request.user.is_authenticated:
        request.session["after_login"] = request.get_full_path()
        messages.info(
            request, _("Log in or create your account to join %(name)s.") % {"name": community.name}
        )
        return redirect(f"{reverse('account_signup')}?next={request.get_full_path()}")
    form_class = RequestToJoinForm if community.entry_mode == EntryMode.REQUEST else JoinForm
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and community.entry_mode != EntryMode.INVITATION
        and form.is_valid()
    ):
        try:
            if community.entry_mode == EntryMode.OPEN:
                joining.join(
                    community=community,
                    user=request.user,
                    accepts_charter=form.cleaned_data["accepts_charter"],
                )
                messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
            else:
                joining.request_to_join(
                    community=community,
                    user=request.user,
                    motivation=form.cleaned_data["motivation"],
                    accepts_charter=form.cleaned_data["accepts_charter"],
                )
                messages.success(
                    request,
                    _(
                        "Your request has been sent to the animators. You "
                        "will get an email when they answer."
                    ),
                )
        except Refused as refusal:
            messages.error(request, refusal.message)
        return redirect(community)
    return render(
        request,
        "communities/join.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "charter": current_charter(community),
        },
    )


def _safe_next(request, default: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


@community_view(skip_charter=True)
def charter(request, access):
    """Read the charter; a member who has not accepted its current version accepts it here."""
    community = access.community
    current = current_charter(community)
    if current is None:
        raise Http404(_("This community has no charter yet."))
    form = CharterAcceptForm(request.POST or None)
    if request.method == "POST":
        if not access.is_member:
            raise Http404
        if form.is_valid():
            accept_charter(membership=access.membership)
            messages.success(
                request,
                _("Thank you: you accepted version %(v)d of the charter.") % {"v": current.version},
            )
            return redirect(_safe_next(request, community.get_absolute_url()))
    history = community.charters.only("version", "published_at", "summary_of_changes")
    return render(
        request,
        "communities/charter.html",
        {
            "access": access,
            "community": community,
            "charter": current,
            "form": form,
            "history": history,
            "next": _safe_next(request, ""),
        },
    )


def invitation(request, token: str):
    """An invitation link: shows who invites to what, and lets the person join."""
    invitation = (
        Invitation.objects.select_related("community", "created_by", "group")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        return render(
            request,
            "communities/invitation_invalid.html",
            {
                "reason": _(
                    "This invitation link is not valid. Check that it was copied whole, or "
                    "ask the person who invited you for a new one."
                ),
            },
            status=404,
        )
    community = invitation.community
    problem = None
    if invitation.revoked_at:
        problem = _("This invitation was withdrawn by the person who sent it.")
    elif invitation.is_expired:
        problem = _("This invitation has expired. Ask %(name)s for a new one.") % {
            "name": invitation.created_by.name
        }
    elif invitation.is_used_up:
        problem = _(
            "This invitation has already been used as many times as allowed. Ask "
            "%(name)s for a new one."
        ) % {"name": invitation.created_by.name}
    if problem:
        return render(
            request,
            "communities/invitation_invalid.html",
            {"reason": problem, "invitation": invitation},
            status=410,
        )
    membership = None
    if request.user.is_authenticated:
        membership = Membership.objects.filter(community=community, user=request.user).first()
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_signup')}?next={request.path}")
        if form.is_valid():
            try:
                joining.accept_invitation(
                    invitation=invitation, user=request.user, accepts_charter=True
                )
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
                return redirect(community)
    elif not request.user.is_authenticated:
        request.session["after_login"] = request.path
    return render(
        request,
        "communities/invitation.html",
        {
            "invitation": invitation,
            "community": community,
            "form": form,
            "charter": current_charter(community),
            "membership": membership,
        },
    )


@login_required
@require_POST
@community_view(members_only=True, skip_charter=True)
def leave(request, access):
    try:
        joining.leave(membership=access.membership)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(access.community)
    messages.success(
        request,
        _("You have left %(name)s. You can come back whenever you like.")
        % {"name": access.community.name},
    )
    return redirect("home")
