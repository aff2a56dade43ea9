"""The one decorator every community page goes through."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Membership
from cercle.communities.permissions import get_community_access


def community_view(
    *,
    members_only: bool = False,
    content: bool = False,
    min_role: int | None = None,
    skip_charter: bool = False,
) -> Callable:
    """Fetch the community of the URL's `slug` as `request.access`, then enforce:

    - hidden communities 404 for outsiders (in get_community_access);
    - `content`: readable by anyone if public, else members only;
    - `members_only`: active members only;
    - `min_role`: at least this role;
    - a member who has not accepted the current charter is sent to accept it first.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, slug: str, *args, **kwargs):
            access = get_community_access(request.user, slug)
            request.access = access
            needs_member = (
                members_only or min_role is not None or (content and not access.can_read_content)
            )
            if needs_member and not access.is_member:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(
                    _("This page is for members of %(name)s.") % {"name": access.community.name}
                )
            if min_role is not None and not access.has_role(min_role):
                raise PermissionDenied(_("This page is for the community's animators."))
            if access.is_member:
                if access.membership.needs_charter and not skip_charter:
                    url = reverse("communities:charter", args=[slug])
                    # Encoded, so that the page's own query string comes back whole.
                    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
                _note_visit(access.membership)
            return view(request, access, *args, **kwargs)

        # Read by the URL-walking test (cercle/project/tests/test_access_matrix.py) to derive
        # each view's expected access; functools.wraps carries it through outer decorators.
        wrapped.community_access = {
            "members_only": members_only,
            "content": content,
            "min_role": min_role,
        }
        return wrapped

    return decorator


def _note_visit(membership: Membership) -> None:
    """One 'visited' event per member and day: enough for DAU/MAU, cheap on every page."""
    now = timezone.now()
    last = membership.last_seen_at
    if last is None or timezone.localdate(last) != timezone.localdate(now):
        # The first visit since joining: the page greets the newcomer (cercle.onboarding).
        joined = membership.joined_at
        membership.is_first_visit = last is None or (joined is not None and last < joined)
        Membership.objects.filter(pk=membership.pk).update(last_seen_at=now)
        membership.last_seen_at = now
        record(
            community=membership.community,
            actor=membership.user,
            verb=Verb.VISITED,
            object_kind=ObjectKind.MEMBERSHIP,
            object_id=membership.pk,
            at=now,
        )
