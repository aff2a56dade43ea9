from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import (
    Community,
    Group,
    GroupMembership,
    GroupRole,
    Membership,
    MembershipState,
)
from cercle.lib.errors import Refused


@transaction.atomic
def create_group(
    *,
    community: Community,
    by,
    name: str,
    kind: str,
    description: str = "",
    region: str = "",
    at=None,
) -> Group:
    at = at or timezone.now()
    slug = slugify(name)[:60]
    if not slug:
        raise Refused(_("Give the group a name."))
    if Group.objects.filter(community=community, slug=slug).exists():
        raise Refused(_("A group with this name already exists in this community."))
    group = Group.objects.create(
        community=community,
        slug=slug,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        region=region.strip(),
        created_at=at,
    )
    record(
        community=community,
        actor=by,
        group=group,
        verb=Verb.CREATED_GROUP,
        object_kind=ObjectKind.GROUP,
        object_id=group.pk,
        at=at,
    )
    return group


@transaction.atomic
def join_group(*, group: Group, user, role: int = GroupRole.MEMBER, at=None) -> GroupMembership:
    at = at or timezone.now()
    if not Membership.objects.filter(
        community_id=group.community_id, user=user, state=MembershipState.ACTIVE
    ).exists():
        raise Refused(_("Join the community before joining one of its groups."))
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"role": role, "joined_at": at}
    )
    if not created:
        if membership.role == role:
            raise Refused(_("You are already in this group."))
        membership.role = role
        membership.save(update_fields=["role"])
        return membership
    record(
        community=group.community,
        group=group,
        actor=user,
        verb=Verb.JOINED_GROUP,
        object_kind=ObjectKind.GROUP,
        object_id=group.pk,
        at=at,
    )
    return membership


@transaction.atomic
def leave_group(*, group: Group, user, at=None) -> None:
    deleted, _rows = GroupMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise Refused(_("You are not in this group."))
    record(
        community=group.community,
        group=group,
        actor=user,
        verb=Verb.LEFT_GROUP,
        object_kind=ObjectKind.GROUP,
        object_id=group.pk,
        at=at or timezone.now(),
    )
