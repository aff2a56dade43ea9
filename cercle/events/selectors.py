"""Reads for the event pages and feeds, each with what its page shows joined or counted, so
that a page runs the same number of queries whatever the number of events and answers
(asserted in tests/test_queries.py).

List: a page of events with their group, their counts of places taken and waiting, and the
reader's own answer (1 query, + 1 for the paginator's count). Detail: the event with its
group, series and author and its counts (1), its answers with their members (1).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from cercle.communities.models import Community, Membership, MembershipState
from cercle.events.models import (
    CalendarFeed,
    Event,
    EventStatus,
    MemberTimeZone,
    Registration,
    Response,
)

EVENTS_PER_PAGE = 20
# What feeds show of the past: enough for "what was that meeting last month?".
FEED_PAST = timedelta(days=90)


def member_zone(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return settings.TIME_ZONE
    chosen = MemberTimeZone.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return chosen or settings.TIME_ZONE


def _with_counts(qs: QuerySet[Event], user) -> QuerySet[Event]:
    qs = qs.annotate(
        going_count=Count("registrations", filter=Q(registrations__response=Response.GOING)),
        waiting_count=Count("registrations", filter=Q(registrations__response=Response.WAITING)),
    )
    if getattr(user, "is_authenticated", False):
        qs = qs.annotate(
            my_response=Subquery(
                Registration.objects.filter(event=OuterRef("pk"), user=user).values("response")[:1]
            )
        )
    return qs


def community_events(
    community: Community, *, user, at: datetime, past: bool = False
) -> QuerySet[Event]:
    """Upcoming (not yet over, soonest first) or past (latest first), cancelled ones too."""
    qs = Event.objects.filter(community=community)
    if past:
        qs = qs.filter(ends_at__lte=at).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(ends_at__gt=at).order_by("starts_at", "pk")
    return _with_counts(qs.select_related("group"), user)


def event_for_page(community: Community, event_id: int, *, user) -> Event | None:
    return _with_counts(
        Event.objects.filter(community=community, pk=event_id).select_related(
            "group", "series", "created_by"
        ),
        user,
    ).first()


def registrations_of(event: Event) -> list[Registration]:
    """Every answer but "not going", with its member: going first (in the order they
    registered), then the waiting list in its order, then maybe."""
    order = {Response.GOING: 0, Response.WAITING: 1, Response.MAYBE: 2}
    rows = list(
        Registration.objects.filter(event=event)
        .exclude(response=Response.NOT_GOING)
        .select_related("user")
        .order_by("registered_at", "waiting_since", "responded_at", "pk")
    )
    return sorted(rows, key=lambda r: order[r.response])


def my_registration(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def my_events(user, *, at: datetime, past: bool = False) -> QuerySet[Registration]:
    """The member's answers (going, waiting, maybe) in the communities they are a member
    of: upcoming events soonest first, or past ones latest first."""
    qs = Registration.objects.filter(
        user=user,
        response__in=[Response.GOING, Response.WAITING, Response.MAYBE],
        event__community__memberships__user=user,
        event__community__memberships__state=MembershipState.ACTIVE,
    ).select_related("event__community", "event__group")
    if past:
        return qs.filter(event__ends_at__lte=at).order_by("-event__starts_at", "-pk")
    return qs.filter(event__ends_at__gt=at).order_by("event__starts_at", "pk")


def upcoming_in_my_communities(user, *, at: datetime, limit: int = 20) -> QuerySet[Event]:
    """What is coming in the member's communities that they have not answered yet."""
    return (
        Event.objects.filter(
            community__memberships__user=user,
            community__memberships__state=MembershipState.ACTIVE,
            ends_at__gt=at,
            status=EventStatus.SCHEDULED,
        )
        .exclude(registrations__user=user)
        .select_related("community", "group")
        .order_by("starts_at", "pk")[:limit]
    )


def live_feeds(user) -> dict[int | None, CalendarFeed]:
    """The member's calendar addresses, by community id (None: all their communities)."""
    return {
        feed.community_id: feed for feed in CalendarFeed.objects.filter(user=user, revoked_at=None)
    }


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.filter(token=token, revoked_at=None, user__is_active=True)
        .select_related("user", "community")
        .first()
    )


def feed_events(feed: CalendarFeed, *, at: datetime) -> tuple[list[Event], set[int]]:
    """The events a feed shows (its member's communities, or its one community, as long as
    they are an active member there), and those whose video link it may give."""
    communities = Membership.objects.filter(user=feed.user, state=MembershipState.ACTIVE)
    if feed.community_id:
        communities = communities.filter(community_id=feed.community_id)
    shown = Event.objects.filter(
        community__in=communities.values("community"), ends_at__gt=at - FEED_PAST
    )
    events = list(shown.select_related("community", "group").order_by("starts_at", "pk"))
    going = set(
        Registration.objects.filter(
            user=feed.user, response=Response.GOING, event__in=shown.values("pk")
        ).values_list("event_id", flat=True)
    )
    return events, going
