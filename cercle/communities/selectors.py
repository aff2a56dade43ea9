"""Reads: querysets with what their pages need joined in, so page query counts stay constant."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cercle.communities.models import (
    Community,
    Group,
    GroupMembership,
    Invitation,
    Membership,
    MembershipState,
    Role,
    Visibility,
)

ACTIVE = Q(memberships__state=MembershipState.ACTIVE)


def listed_communities(user) -> QuerySet[Community]:
    """Communities shown in the catalogue: listed ones, and hidden ones the user belongs to."""
    visible = ~Q(visibility=Visibility.HIDDEN)
    if user.is_authenticated:
        # A subquery, not a join: a join here would also filter the member count below.
        visible |= Exists(
            Membership.objects.filter(
                community=OuterRef("pk"), user=user, state=MembershipState.ACTIVE
            )
        )
    return (
        Community.objects.filter(visible)
        .annotate(member_count=Count("memberships", filter=ACTIVE))
        .order_by("name")
    )


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .exclude(state__in=[MembershipState.LEFT, MembershipState.DECLINED])
        .select_related("community")
        .order_by("community__name")
    )


def animators(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            community=community, state=MembershipState.ACTIVE, role__gte=Role.CO_ANIMATOR
        )
        .select_related("user__profile")
        .order_by("-role", "user__name")
    )


def active_member_count(community: Community) -> int:
    return Membership.objects.filter(community=community, state=MembershipState.ACTIVE).count()


def pending_requests(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, state=MembershipState.PENDING)
        .select_related("user__profile")
        .order_by("created_at")
    )


def members_for_management(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .exclude(state=MembershipState.DECLINED)
        .select_related("user", "invited_by")
        .order_by("state", "-role", "user__name")
    )


def invitations_of(community: Community, *, sent_by=None) -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(community=community).select_related("created_by", "group")
    if sent_by is not None:
        qs = qs.filter(created_by=sent_by)
    return qs.order_by("-created_at")


def groups_of(community: Community, user=None) -> QuerySet[Group]:
    # select_related: each group's address (get_absolute_url) names its community.
    qs = (
        Group.objects.filter(community=community)
        .select_related("community")
        .annotate(member_count=Count("memberships", distinct=True))
    )
    if user is not None and user.is_authenticated:
        qs = qs.annotate(
            is_mine=Count("memberships", filter=Q(memberships__user=user), distinct=True)
        )
    return qs.order_by("kind", "name")


def group_members(group: Group) -> QuerySet[GroupMembership]:
    return (
        GroupMembership.objects.filter(group=group)
        .select_related("user__profile")
        .order_by("-role", "user__name")
    )


def prefetch_profiles_tags() -> list[Prefetch]:
    from cercle.members.models import Tag

    return [
        Prefetch("user__profile__skills", queryset=Tag.objects.order_by("name")),
        Prefetch("user__profile__interests", queryset=Tag.objects.order_by("name")),
    ]
