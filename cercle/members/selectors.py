from django.db.models import Q, QuerySet

from cercle.communities.models import Community, Membership, MembershipState
from cercle.communities.selectors import prefetch_profiles_tags
from cercle.members.models import tag_slug


def directory(
    community: Community,
    *,
    q: str = "",
    skill: str = "",
    interest: str = "",
    region: str = "",
    organisation: str = "",
) -> QuerySet[Membership]:
    """Active members of a community with their profile and tags, filtered. Three queries
    whatever the number of members shown (members, skills, interests)."""
    qs = Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
    if q:
        words = q.split()[:5]
        for word in words:
            qs = qs.filter(
                Q(user__name__icontains=word)
                | Q(user__profile__organisation__icontains=word)
                | Q(user__profile__job_title__icontains=word)
                | Q(user__profile__bio__icontains=word)
                | Q(user__profile__can_help_with__icontains=word)
                | Q(user__profile__skills__name__icontains=word)
                | Q(user__profile__interests__name__icontains=word)
            )
    # Tags are matched on their slug: the same on SQLite and PostgreSQL, whatever the case and
    # accents typed ("marches publics" finds "Marchés publics").
    if skill:
        qs = qs.filter(user__profile__skills__slug=tag_slug(skill))
    if interest:
        qs = qs.filter(user__profile__interests__slug=tag_slug(interest))
    if region:
        qs = qs.filter(
            Q(user__profile__region__iexact=region) | Q(user__profile__city__iexact=region)
        )
    if organisation:
        qs = qs.filter(user__profile__organisation__icontains=organisation)
    return (
        qs.distinct()
        .select_related("user__profile", "invited_by")
        .prefetch_related(*prefetch_profiles_tags())
        .order_by("user__name", "pk")
    )


def facet_values(community: Community) -> dict[str, list[str]]:
    """Values to offer in the directory's filters: the community's regions and organisations."""
    base = Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
    regions = (
        base.exclude(user__profile__region="")
        .values_list("user__profile__region", flat=True)
        .distinct()
    )
    return {"regions": sorted(set(regions))}
