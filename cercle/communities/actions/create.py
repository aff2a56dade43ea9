from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.actions.charter import publish_charter
from cercle.communities.models import Community, Membership, MembershipState, Role
from cercle.lib.errors import Refused


@transaction.atomic
def create_community(
    *,
    creator,
    name: str,
    slug: str,
    purpose: str,
    charter: str,
    audience: str = "",
    description: str = "",
    entry_mode: str = "request",
    visibility: str = "members",
    at=None,
) -> Community:
    """Create a community, its first charter, and make the creator its animator."""
    if Community.objects.filter(slug=slug).exists():
        raise Refused(_("This address is already taken by another community."))
    at = at or timezone.now()
    community = Community.objects.create(
        name=name,
        slug=slug,
        purpose=purpose,
        audience=audience,
        description=description,
        entry_mode=entry_mode,
        visibility=visibility,
        created_at=at,
    )
    Membership.objects.create(
        community=community,
        user=creator,
        role=Role.ANIMATOR,
        state=MembershipState.ACTIVE,
        created_at=at,
        joined_at=at,
    )
    record(
        community=community,
        actor=creator,
        verb=Verb.CREATED_COMMUNITY,
        object_kind=ObjectKind.COMMUNITY,
        object_id=community.pk,
        at=at,
    )
    publish_charter(community=community, body=charter, by=creator, at=at)
    return community
