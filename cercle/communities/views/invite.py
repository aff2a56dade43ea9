"""Members bring people in: invitations by email and shareable links."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cercle.communities import selectors
from cercle.communities.actions import invitations as actions
from cercle.communities.decorators import community_view
from cercle.communities.forms import InvitationLinkForm, InviteByEmailForm
from cercle.communities.models import Invitation, Role
from cercle.lib.errors import Refused
from cercle.moderation import trust


@community_view(members_only=True)
def invite(request, access):
    community = access.community
    email_form = InviteByEmailForm(request.POST if "send_emails" in request.POST else None)
    link_form = InvitationLinkForm(request.POST if "create_link" in request.POST else None)
    if request.method == "POST" and access.can_invite:
        try:
            if "send_emails" in request.POST and email_form.is_valid():
                emails = actions.parse_emails(email_form.cleaned_data["emails"])
                trust.check_can_invite(access.membership, len(emails))  # new members' limit
                sent, skipped = actions.invite_by_email(
                    community=community,
                    inviter=request.user,
                    emails=emails,
                    message=email_form.cleaned_data["message"],
                )
                if sent:
                    messages.success(
                        request,
                        ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", len(sent))
                        % {"n": len(sent)},
                    )
                if skipped:
                    messages.info(
                        request, _("Already members: %(list)s") % {"list": ", ".join(skipped)}
                    )
                return redirect("communities:invite", community.slug)
            if "create_link" in request.POST and link_form.is_valid():
                trust.check_can_invite(access.membership, 1)
                actions.create_invitation_link(
                    community=community,
                    inviter=request.user,
                    max_uses=link_form.cleaned_data["max_uses"],
                    days=link_form.cleaned_data["days"],
                )
                messages.success(request, _("Your invitation link is ready: copy it below."))
                return redirect("communities:invite", community.slug)
        except Refused as refusal:
            (email_form if "send_emails" in request.POST else link_form).add_error(
                None, refusal.message
            )
    return render(
        request,
        "communities/invite.html",
        {
            "access": access,
            "community": community,
            "email_form": email_form,
            "link_form": link_form,
            "invitations": selectors.invitations_of(community, sent_by=request.user)[:50],
        },
    )


@require_POST
@community_view(members_only=True)
def revoke(request, access, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, community=access.community)
    # Members withdraw their own invitations; animators any of the community's.
    if invitation.created_by_id != request.user.pk and not access.has_role(Role.CO_ANIMATOR):
        return redirect("communities:invite", access.community.slug)
    try:
        actions.revoke_invitation(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation was withdrawn."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(
        (request.POST.get("back") == "manage" and "communities:manage_invitations")
        or "communities:invite",
        access.community.slug,
    )
