"""What only a community hosted on Cercle knows: its members, their visits, reactions, accepted
answers. The `hosted` section of the cockpit; docs/cockpit.md defines each key.

Windows are those of the indicators, as of T, the end of the as-of day in UTC: the 90-day
window [T - 90 days, T], the 30-day one. Events, digests and newsletters, and reports (flags)
come with later parts of Cercle: their keys are there, None, with the reason
"not-yet-available".
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate, TruncMonth

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.models import (
    Community,
    Group,
    GroupMembership,
    GroupRole,
    Membership,
    MembershipState,
    Role,
)
from cercle.discussions.models import Post, Reaction, ReactionKind, Topic, TopicKind

from .indicators import median
from .table import HOUR, end_of_day, from_micros, shift_months

__all__ = [
    "HOSTED_KEYS",
    "accepted_answers",
    "animator_ids",
    "hosted_section",
    "member_spans",
    "visit_counts",
]

HOSTED_KEYS = (
    "members_total",
    "new_members_90d",
    "left_members_90d",
    "lurkers",
    "lurker_share",
    "visitors_30d",
    "daily_visitors_30d",
    "stickiness_30d",
    "visitors_90d",
    "reactions_90d",
    "thanks_90d",
    "thanked_members_90d",
    "questions_90d",
    "accepted_answers_90d",
    "accepted_share_90d",
    "accepted_answer_median_hours_90d",
    "events_90d",
    "event_attendance_90d",
    "digest_reach_30d",
    "newsletter_reach_30d",
    "flags_90d",
    "flag_handling_median_hours_90d",
)
NOT_YET = (
    "events_90d",
    "event_attendance_90d",
    "digest_reach_30d",
    "newsletter_reach_30d",
    "flags_90d",
    "flag_handling_median_hours_90d",
)
_NOT_MEMBER = [MembershipState.PENDING, MembershipState.DECLINED]


def _bounds(as_of: date) -> tuple[datetime, datetime, datetime]:
    end = from_micros(end_of_day(as_of))
    return end, end - timedelta(days=90), end - timedelta(days=30)


def hosted_section(
    community: Community, as_of: date, *, group: Group | None, posters: set[Hashable]
) -> dict[str, Any]:
    """The `hosted` section as of the end of `as_of`: {"values": {key: ...}, "notes": {...}}.
    `posters` are the user ids with a live post (in the group's topics, for a group) by then."""
    end, start, start30 = _bounds(as_of)
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}

    # Members: those who had joined by T and not left by then.
    spans = member_spans(community, group=group)
    members = [
        user
        for user, (joined, left) in spans.items()
        if joined is not None and joined < end and (left is None or left >= end)
    ]
    values["members_total"] = len(members)
    values["new_members_90d"] = sum(
        1 for joined, _left in spans.values() if joined is not None and start <= joined < end
    )
    values["left_members_90d"] = sum(
        1 for _joined, left in spans.values() if left is not None and start <= left < end
    )
    lurkers = sum(1 for user in members if user not in posters)
    values["lurkers"] = lurkers
    values["lurker_share"] = lurkers / len(members) if members else None
    if not members:
        notes["lurker_share"] = "no-members"

    # Visits: one VISITED event per member and day (cercle.communities.decorators).
    visits = ActivityEvent.objects.filter(community=community, verb=Verb.VISITED)
    last30 = visits.filter(created_at__gte=start30, created_at__lt=end)
    mau = last30.values("actor_id").distinct().count()
    visitor_days = (
        last30.annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("actor_id", "day")
        .distinct()
        .count()
    )
    values["visitors_30d"] = mau
    values["daily_visitors_30d"] = visitor_days / 30
    values["stickiness_30d"] = (visitor_days / 30) / mau if mau else None
    if not mau:
        notes["stickiness_30d"] = "no-visits"
    values["visitors_90d"] = (
        visits.filter(created_at__gte=start, created_at__lt=end)
        .values("actor_id")
        .distinct()
        .count()
    )
    if group is not None:
        for key in ("visitors_30d", "daily_visitors_30d", "stickiness_30d", "visitors_90d"):
            notes.setdefault(key, "community-wide")

    # Reactions on live posts, made in the window.
    reactions = Reaction.objects.filter(
        post__community=community,
        post__deleted_at__isnull=True,
        post__topic__deleted_at__isnull=True,
        created_at__gte=start,
        created_at__lt=end,
    )
    if group is not None:
        reactions = reactions.filter(post__topic__group=group)
    figures = reactions.aggregate(
        total=Count("id"),
        thanks=Count("id", filter=Q(kind=ReactionKind.THANKS)),
        thanked=Count("post__author", filter=Q(kind=ReactionKind.THANKS), distinct=True),
    )
    values["reactions_90d"] = figures["total"]
    values["thanks_90d"] = figures["thanks"]
    values["thanked_members_90d"] = figures["thanked"]

    # Questions of the window and their accepted answers.
    questions = Topic.objects.filter(
        community=community,
        kind=TopicKind.QUESTION,
        deleted_at__isnull=True,
        created_at__gte=start,
        created_at__lt=end,
    )
    if group is not None:
        questions = questions.filter(group=group)
    accepted = accepted_answers(community, as_of, group=group)
    asked = dict(questions.values_list("id", "created_at"))
    delays = []
    solved = 0
    for topic_id, (_post_id, accepted_at) in accepted.items():
        if topic_id in asked:
            solved += 1
            if accepted_at is not None:
                delays.append(max(0, (accepted_at - asked[topic_id]) // timedelta(microseconds=1)))
    values["questions_90d"] = len(asked)
    values["accepted_answers_90d"] = solved
    values["accepted_share_90d"] = solved / len(asked) if asked else None
    if not asked:
        notes["accepted_share_90d"] = "no-questions-90d"
    middle = median(delays)
    values["accepted_answer_median_hours_90d"] = None if middle is None else middle / HOUR
    if middle is None:
        notes["accepted_answer_median_hours_90d"] = (
            "no-accepted-answer-delay" if asked else "no-questions-90d"
        )

    for key in NOT_YET:
        values[key] = None
        notes[key] = "not-yet-available"
    return {"values": {key: values[key] for key in HOSTED_KEYS}, "notes": notes}


def member_spans(
    community: Community, *, group: Group | None = None
) -> dict[int, tuple[datetime | None, datetime | None]]:
    """user id -> (joined_at, left_at) of each membership that got past a request; for a group,
    of its members (a group membership has no end)."""
    if group is not None:
        return {
            user: (joined, None)
            for user, joined in GroupMembership.objects.filter(group=group).values_list(
                "user_id", "joined_at"
            )
        }
    return {
        user: (joined, left)
        for user, joined, left in Membership.objects.filter(community=community)
        .exclude(state__in=_NOT_MEMBER)
        .values_list("user_id", "joined_at", "left_at")
    }


def animator_ids(community: Community, *, group: Group | None = None) -> set[Hashable] | None:
    """The user ids of the community's animators (and the group's, for a group), or None for a
    read-only imported archive, whose authors were never animated here."""
    if getattr(community, "is_archive", False):
        return None
    ids: set[Hashable] = set(
        Membership.objects.filter(community=community, role__gte=Role.CO_ANIMATOR).values_list(
            "user_id", flat=True
        )
    )
    if group is not None:
        ids.update(
            GroupMembership.objects.filter(group=group, role=GroupRole.ANIMATOR).values_list(
                "user_id", flat=True
            )
        )
    return ids


def accepted_answers(
    community: Community, as_of: date, *, group: Group | None = None
) -> dict[int, tuple[int, datetime | None]]:
    """topic id -> (accepted post id, when it was first accepted) for the questions whose
    accepted answer was chosen by the end of `as_of`. The date comes from the activity log;
    an imported answer has none (None), and counts once the answer itself exists."""
    end = from_micros(end_of_day(as_of))
    topics = Topic.objects.filter(
        community=community,
        deleted_at__isnull=True,
        accepted_answer__isnull=False,
        accepted_answer__deleted_at__isnull=True,
        accepted_answer__created_at__lt=end,
    )
    if group is not None:
        topics = topics.filter(group=group)
    current = dict(topics.values_list("id", "accepted_answer_id"))
    if not current:
        return {}
    first_accepted = dict(
        ActivityEvent.objects.filter(
            community=community, verb=Verb.ACCEPTED_ANSWER, context_id__in=list(current)
        )
        .values("context_id")
        .annotate(first=Min("created_at"))
        .values_list("context_id", "first")
    )
    result = {}
    for topic_id, post_id in current.items():
        at = first_accepted.get(topic_id)
        if at is None or at < end:
            result[topic_id] = (post_id, at)
    return result


def visit_counts(
    community: Community, as_of: date
) -> tuple[dict[Hashable, int], dict[tuple[Hashable, str], int]]:
    """Days visited per member over the year before the end of `as_of`, and per member and
    calendar month (UTC) before that month, for the engagement ladder."""
    end = from_micros(end_of_day(as_of))
    year_start = shift_months(end, -12)
    visits = ActivityEvent.objects.filter(
        community=community, verb=Verb.VISITED, actor__isnull=False, created_at__lt=end
    )
    in_year = dict(
        visits.filter(created_at__gte=year_start)
        .values("actor_id")
        .annotate(days=Count("id"))
        .values_list("actor_id", "days")
    )
    monthly = {}
    for actor, month, days in (
        visits.annotate(month=TruncMonth("created_at", tzinfo=UTC))
        .values("actor_id", "month")
        .annotate(days=Count("id"))
        .values_list("actor_id", "month", "days")
    ):
        monthly[actor, f"{month.year:04d}-{month.month:02d}"] = days
    return in_year, monthly


def first_post_date(community: Community, *, group: Group | None = None) -> date | None:
    """The UTC day of the community's (or group's) first live post, or None."""
    posts = Post.objects.filter(
        community=community, deleted_at__isnull=True, topic__deleted_at__isnull=True
    )
    if group is not None:
        posts = posts.filter(topic__group=group)
    first = posts.aggregate(first=Min("created_at"))["first"]
    return None if first is None else first.astimezone(UTC).date()
