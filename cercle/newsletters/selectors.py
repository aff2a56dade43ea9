"""Reads for the newsletter pages and the sending runs, each with what its page shows joined,
so that a page runs the same number of queries whatever the number of newsletters (asserted in
tests/test_queries.py).

Archive: a page of sent newsletters (1 query, + 1 for the paginator's count). Animators' list:
every newsletter with its author and group (1, + 1 count): the progress counts are columns of
the newsletter, kept by the sending run. Preferences: the member's communities (1) and their
choices (1).
"""

from django.db.models import Exists, F, OuterRef, QuerySet

from cercle.communities.models import Community, GroupMembership, Membership, MembershipState

from .models import MailPreference, Newsletter, NewsletterStatus

PER_PAGE = 20


def recipients(newsletter: Newsletter) -> QuerySet[Membership]:
    """The memberships a newsletter goes to: active members (of its group, if it has one)
    who did not turn newsletters off, with a real address."""
    qs = (
        Membership.objects.filter(
            community_id=newsletter.community_id,
            state=MembershipState.ACTIVE,
            user__is_active=True,
        )
        .exclude(user__email__iendswith=".invalid")
        .exclude(
            Exists(
                MailPreference.objects.filter(
                    community_id=newsletter.community_id,
                    user=OuterRef("user_id"),
                    newsletter=False,
                )
            )
        )
    )
    if newsletter.group_id is not None:
        qs = qs.filter(
            Exists(
                GroupMembership.objects.filter(
                    group_id=newsletter.group_id, user=OuterRef("user_id")
                )
            )
        )
    return qs


def archive(community: Community) -> QuerySet[Newsletter]:
    return (
        Newsletter.objects.filter(community=community, status=NewsletterStatus.SENT)
        .select_related("group")
        .order_by("-sent_at", "-pk")
    )


def for_animators(community: Community) -> QuerySet[Newsletter]:
    """Drafts and scheduled ones first (newest first), then those sent."""
    return (
        Newsletter.objects.filter(community=community)
        .select_related("group", "created_by")
        .order_by(F("sent_at").desc(nulls_first=True), "-updated_at", "-pk")
    )


def newsletter_for_page(community: Community, newsletter_id: int) -> Newsletter | None:
    newsletter = (
        Newsletter.objects.filter(community=community, pk=newsletter_id)
        .select_related("group", "spotlight", "created_by")
        .first()
    )
    if newsletter is not None:
        newsletter.community = community
    return newsletter


def preference_rows(user) -> list[tuple[Membership, MailPreference | None]]:
    """The member's active communities, each with their choice (None: the defaults)."""
    memberships = list(
        Membership.objects.filter(user=user, state=MembershipState.ACTIVE)
        .select_related("community")
        .order_by("community__name")
    )
    chosen = {
        p.community_id: p
        for p in MailPreference.objects.filter(
            user=user, community_id__in=[m.community_id for m in memberships]
        )
    }
    return [(m, chosen.get(m.community_id)) for m in memberships]
