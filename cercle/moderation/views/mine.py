"""A member's own page: their limits as a new member and how they lift, their messages
awaiting approval, the decisions about them with the moderators' messages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from cercle.communities.decorators import community_view
from cercle.moderation import selectors, trust


@community_view()
def mine(request, access):
    """Open to a suspended or excluded member too: they must be able to read why."""
    membership = access.membership
    if membership is None:
        raise PermissionDenied(
            _("This page is for members of %(name)s.") % {"name": access.community.name}
        )
    limits = trust.limits_for(membership) if membership.is_active else None
    return render(
        request,
        "moderation/mine.html",
        {
            "access": access,
            "community": access.community,
            "membership": membership,
            "limits": limits,
            "pending": list(selectors.my_pending(membership)),
            "decisions": list(selectors.decisions_about(membership)[:50]),
        },
    )
