"""Reads: what is unread, the notifications of a member, their preferences, what they follow.

What is unread, for a member of a community: posts of its live topics, not deleted, not
their own, written after the topic's *cutoff*. The cutoff is the latest of
- the date they joined the community (what was written before is not "new" to a newcomer),
- their "mark all as read" in that community (CommunityReadMark),
- how far they have read the topic (TopicReadState).
Only active members have unread posts: someone who left or is suspended has nothing new.

Each page adds a fixed number of queries, whatever the number of topics (asserted in
tests/test_queries.py): the topic list 1 (the unread counts of its page),
the topic page 1 (its read state with the community mark and whether the member follows it),
the "what's new" page 5, the bell 1.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from cercle.communities.models import Community, Membership, MembershipState
from cercle.discussions.models import Category, Post, Topic
from cercle.notifications.models import (
    DEFAULTS,
    CommunityReadMark,
    Follow,
    Kind,
    Notification,
    NotificationPreference,
    TopicReadState,
)

NOTIFICATIONS_PER_PAGE = 30
NEWS_PER_PAGE = 30
BELL_CAP = 99  # the bell shows "99+" beyond: no need to count a long backlog on every page


# --- Preferences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool

    def wants(self, channel: str) -> bool:
        return getattr(self, channel)


def preferences_of(user) -> dict[str, Choice]:
    """The member's choice for every kind, defaults filled in."""
    rows = {
        p.kind: Choice(p.in_app, p.email) for p in NotificationPreference.objects.filter(user=user)
    }
    return {kind: rows.get(kind, Choice(*DEFAULTS[kind])) for kind in Kind.values}


def preferences_for(users: QuerySet) -> dict[tuple[int, str], Choice]:
    """The choices people made (by user id and kind), in one query; absent: the default."""
    return {
        (p.user_id, p.kind): Choice(p.in_app, p.email)
        for p in NotificationPreference.objects.filter(user__in=users.values("pk"))
    }


def choice_of(chosen: dict[tuple[int, str], Choice], user_id: int, kind: str) -> Choice:
    return chosen.get((user_id, kind)) or Choice(*DEFAULTS[kind])


# --- Notifications --------------------------------------------------------------------------


def visible_notifications(user) -> QuerySet[Notification]:
    """The member's notifications that still lead somewhere: of communities they are an
    active member of, about topics and posts not deleted since."""
    return Notification.objects.filter(
        Exists(
            Membership.objects.filter(
                community=OuterRef("community_id"), user=user, state=MembershipState.ACTIVE
            )
        ),
        recipient=user,
        # isnull=True on a relation is a LEFT JOIN: notifications without topic or post stay.
        topic__deleted_at__isnull=True,
        post__deleted_at__isnull=True,
    )


# The bell and the topic list's unread counts are read on every page: their queries are
# written out, because building them through the ORM cost ten times what running them does.
# They count what the querysets of this module define (asserted in tests/test_hot_queries.py).
_BELL = """
SELECT COUNT(*) FROM (
    SELECT 1 FROM "notifications_notification" n
    LEFT JOIN "discussions_topic" t ON t."id" = n."topic_id"
    LEFT JOIN "discussions_post" p ON p."id" = n."post_id"
    WHERE n."recipient_id" = %s AND n."read_at" IS NULL
        AND t."deleted_at" IS NULL AND p."deleted_at" IS NULL
        AND EXISTS (
            SELECT 1 FROM "communities_membership" m
            WHERE m."community_id" = n."community_id" AND m."user_id" = %s AND m."state" = %s
        )
    LIMIT %s
) AS unread
"""


def unread_count(user) -> int:
    """For the bell: up to BELL_CAP + 1 (shown as "99+") of the member's unread
    visible_notifications. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_BELL, [user.pk, user.pk, MembershipState.ACTIVE.value, BELL_CAP + 1])
        return cursor.fetchone()[0]


def notifications_page(user, page_number) -> Page:
    """A page of the member's notifications, latest first, with what each line shows."""
    qs = (
        visible_notifications(user)
        .select_related("actor", "community", "topic", "post")
        # Of the topic and the post, a line shows only the title and where to go.
        .only(
            "kind",
            "created_at",
            "read_at",
            "recipient_id",
            "actor__name",
            "community__slug",
            "community__name",
            "topic__title",
            "topic__community_id",
            "post__parent_id",
            "post__topic_id",
        )
        .order_by("-created_at", "-pk")
    )
    return Paginator(qs, NOTIFICATIONS_PER_PAGE).get_page(page_number)


# --- What is unread -------------------------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    """Before this date, nothing in this community is unread for the member."""

    community: Community
    at: datetime


def _floor(joined_at: datetime, mark_at: datetime | None) -> datetime:
    return max(joined_at, mark_at) if mark_at else joined_at


def floors(user, community: Community | None = None) -> dict[int, Floor]:
    """The member's floors in their active communities (or in one), by community id: one
    query. Empty for anyone who is not an active member."""
    if not getattr(user, "is_authenticated", False):
        return {}
    qs = (
        Membership.objects.filter(user=user, state=MembershipState.ACTIVE)
        .select_related("community")
        .annotate(
            mark_at=Subquery(
                CommunityReadMark.objects.filter(
                    user=user, community=OuterRef("community_id")
                ).values("read_at")[:1]
            )
        )
        .order_by("community__name")
    )
    if community is not None:
        qs = qs.filter(community=community)
    return {
        m.community_id: Floor(m.community, _floor(m.joined_at or m.created_at, m.mark_at))
        for m in qs
    }


def _floor_expression(found: dict[int, Floor]):
    """The floor of each topic's community, as SQL."""
    if len(found) == 1:
        (only,) = found.values()
        return Value(only.at, output_field=DateTimeField())
    return Case(
        *[
            When(community_id=community_id, then=Value(floor.at))
            for community_id, floor in found.items()
        ],
        output_field=DateTimeField(),
    )


def _with_cutoff(topics: QuerySet[Topic], user, found: dict[int, Floor]) -> QuerySet[Topic]:
    """Topics annotated with `cutoff`: after it, their posts are unread for the member."""
    floor = _floor_expression(found)
    return topics.annotate(
        my_state=FilteredRelation("read_states", condition=Q(read_states__user=user))
    ).annotate(cutoff=Greatest(floor, Coalesce(F("my_state__last_read_at"), floor)))


def _unread_posts(user) -> QuerySet[Post]:
    """Posts that can be unread for this member: shown, and not theirs."""
    return Post.objects.filter(deleted_at__isnull=True).exclude(author_id=user.pk)


def _moved(topics, found: dict[int, Floor]) -> list[int]:
    """The ids of the topics written in since the member's floor: only they can be unread."""
    return [
        topic.pk
        for topic in topics
        if topic.community_id in found and topic.last_post_at > found[topic.community_id].at
    ]


def unread_counts(user, topics, found: dict[int, Floor]) -> dict[int, int]:
    """How many unread posts each of these topics has for the member: one query, none when
    no topic has moved since the member's floor."""
    candidates = _moved(topics, found)
    if not candidates:
        return {}
    count = (
        _unread_posts(user)
        .filter(topic=OuterRef("pk"), created_at__gt=OuterRef("cutoff"))
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _with_cutoff(Topic.objects.filter(pk__in=candidates), user, found)
        .annotate(unread=Subquery(count))
        .values_list("pk", "unread")
    )
    return {pk: n for pk, n in rows if n}


_PAGE_UNREAD = """
SELECT t."id", (
    SELECT COUNT(*) FROM "discussions_post" p
    WHERE p."topic_id" = t."id" AND p."deleted_at" IS NULL
        AND (p."author_id" IS NULL OR p."author_id" <> %s)
        AND p."created_at" > {greatest}(
            %s, COALESCE(s."last_read_at", %s), COALESCE(m."read_at", %s)
        )
)
FROM "discussions_topic" t
LEFT JOIN "notifications_topicreadstate" s ON s."topic_id" = t."id" AND s."user_id" = %s
LEFT JOIN "notifications_communityreadmark" m
    ON m."community_id" = t."community_id" AND m."user_id" = %s
WHERE t."id" IN ({ids})
"""


def _page_unread_counts(user, topics, joined: Floor) -> dict[int, int]:
    """unread_counts(user, topics, floors(user, community)) in one written-out query, the
    floor being known but for the "mark all as read", read in it."""
    candidates = _moved(topics, {joined.community.pk: joined})
    if not candidates:
        return {}
    sql = _PAGE_UNREAD.format(
        greatest="MAX" if connection.vendor == "sqlite" else "GREATEST",
        ids=", ".join(["%s"] * len(candidates)),
    )
    floor = connection.ops.adapt_datetimefield_value(joined.at)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, floor, floor, floor, user.pk, user.pk, *candidates])
        return {pk: n for pk, n in cursor.fetchall() if n}


def annotate_unread(user, access, topics: list[Topic]) -> None:
    """Set `unread_count` on each topic of a community's list page (0 for non-members): one
    query, the membership being already known."""
    counts = {}
    if access.is_member:
        membership = access.membership
        joined = Floor(access.community, membership.joined_at or membership.created_at)
        counts = _page_unread_counts(user, topics, joined)
    for topic in topics:
        topic.unread_count = counts.get(topic.pk, 0)


def news(user, found: dict[int, Floor], community_id: int | None = None) -> QuerySet[Topic]:
    """Topics with unread posts in the member's communities (or one), latest activity first."""
    if community_id is not None:
        found = {k: v for k, v in found.items() if k == community_id}
    if not found:
        return Topic.objects.none()
    moved = Q()
    for cid, floor in found.items():
        # Served by the `topic_list` index: only topics that moved since the floor.
        moved |= Q(community_id=cid, last_post_at__gt=floor.at)
    qs = Topic.objects.filter(moved, deleted_at__isnull=True)
    return (
        _with_cutoff(qs, user, found)
        .filter(
            Exists(
                _unread_posts(user).filter(topic=OuterRef("pk"), created_at__gt=OuterRef("cutoff"))
            )
        )
        .select_related("community", "last_post_by", "category")
        .defer("framing", "framing_html")
        .order_by("-last_post_at", "-pk")
    )


def news_per_community(user, found: dict[int, Floor]) -> dict[int, int]:
    """How many topics have unread posts, per community: one query."""
    return dict(
        news(user, found)
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )


def news_page(user, found: dict[int, Floor], *, community_id, page_number) -> Page:
    page = Paginator(news(user, found, community_id), NEWS_PER_PAGE).get_page(page_number)
    topics = list(page.object_list)
    counts = unread_counts(user, topics, found)
    for topic in topics:
        topic.unread_count = counts.get(topic.pk, 0)
    page.object_list = topics
    return page


# --- One topic ------------------------------------------------------------------------------


@dataclass
class TopicReading:
    """Where the member stands in one topic. `cutoff` is None for those not tracked
    (visitors, outsiders reading a public community, members who left)."""

    cutoff: datetime | None = None
    read_at: datetime | None = None  # their TopicReadState, if any
    following: bool = False
    user_id: int | None = None
    first_unread_id: int | None = None  # of the page shown, set by reading.on_topic_page

    @property
    def tracked(self) -> bool:
        return self.cutoff is not None

    def is_unread(self, post: Post) -> bool:
        return (
            self.cutoff is not None
            and post.created_at > self.cutoff
            and post.deleted_at is None
            and post.author_id != self.user_id
        )


def topic_reading(access, topic: Topic) -> TopicReading:
    """The member's read state in this topic, their community mark and whether they follow
    it: one query, none for those not tracked."""
    if not access.is_member:
        return TopicReading()
    user = access.membership.user_id
    row = (
        Topic.objects.filter(pk=topic.pk)
        .annotate(
            state_at=Subquery(
                TopicReadState.objects.filter(topic=OuterRef("pk"), user=user).values(
                    "last_read_at"
                )[:1]
            ),
            mark_at=Subquery(
                CommunityReadMark.objects.filter(
                    community=OuterRef("community_id"), user=user
                ).values("read_at")[:1]
            ),
            following=Exists(Follow.objects.filter(topic=OuterRef("pk"), user=user)),
        )
        .values("state_at", "mark_at", "following")
        .first()
    )
    if row is None:
        return TopicReading()
    membership = access.membership
    floor = _floor(membership.joined_at or membership.created_at, row["mark_at"])
    cutoff = max(row["state_at"], floor) if row["state_at"] else floor
    return TopicReading(
        cutoff=cutoff, read_at=row["state_at"], following=row["following"], user_id=user
    )


def first_unread_post(user, topic: Topic, cutoff: datetime) -> Post | None:
    """The first post of the topic the member has not read, else its latest post."""
    shown = Post.objects.filter(topic=topic, deleted_at__isnull=True).only(
        "pk", "topic_id", "created_at"
    )
    first = (
        _unread_posts(user)
        .filter(topic=topic, created_at__gt=cutoff)
        .only("pk", "topic_id", "created_at")
        .order_by("created_at", "pk")
        .first()
    )
    return first or shown.order_by("-created_at", "-pk").first()


def follows_category(user, category: Category) -> bool:
    return Follow.objects.filter(user=user, category=category).exists()
