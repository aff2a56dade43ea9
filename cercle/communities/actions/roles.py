from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Membership, MembershipState, Role
from cercle.lib.errors import Refused


@transaction.atomic
def change_role(*, membership: Membership, role: int, by: Membership, at=None) -> Membership:
    """Give a member another role. Only the animator (owner) names animators and co-animators;
    the last animator cannot be demoted."""
    membership = (
        Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    )
    if membership.state != MembershipState.ACTIVE:
        raise Refused(_("Only active members can be given a role."))
    if role not in Role.values:
        raise Refused(_("Unknown role."))
    if (role >= Role.CO_ANIMATOR or membership.role >= Role.CO_ANIMATOR) and not by.has_role(
        Role.ANIMATOR
    ):
        raise Refused(_("Only an animator can name or change animators and co-animators."))
    if membership.role == Role.ANIMATOR and role != Role.ANIMATOR:
        others = Membership.objects.filter(
            community=membership.community, state=MembershipState.ACTIVE, role=Role.ANIMATOR
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise Refused(_("A community always keeps at least one animator."))
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        community=membership.community,
        actor=by.user,
        verb=Verb.ROLE_CHANGED,
        object_kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        context_id=role,
        at=at or timezone.now(),
    )
    return membership
