"""What only a community hosted on Cercle knows: its members, their visits, reactions, accepted
answers, events and who came, reports and the moderators who handled them, digests and
newsletters. The `hosted` section of the cockpit; docs/cockpit.md defines each key.

Windows are those of the indicators, as of T, the end of the as-of day in UTC: the 90-day
window [T - 90 days, T], the 30-day one. Each part reads a fixed number of aggregate queries,
whatever the size of the community: events 3, moderation 3, mail 3.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, Subquery
from django.db.models.functions import TruncDate, TruncMonth

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
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
from cercle.events.models import Event, EventStatus, Registration, Response
from cercle.moderation.models import ModerationAction, Report
from cercle.newsletters.models import (
    DeliveryState,
    DigestDelivery,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
)

from .indicators import SMALL_SAMPLE, median
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
    "event_attendance_rate_90d",
    "reports_90d",
    "reports_handled_90d",
    "report_handling_median_hours_90d",
    "open_reports",
    "moderation_actions_90d",
    "moderators_90d",
    "digests_sent_90d",
    "digest_reach_30d",
    "newsletters_sent_90d",
    "newsletter_deliveries_90d",
    "newsletter_bounce_share_90d",
    "newsletter_reach_30d",
)
# Figures of parts of Cercle that do not know groups: community-wide in a group's report.
DIGEST_KEYS = ("digests_sent_90d", "digest_reach_30d")
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

    _events(community, group, end, start, values, notes)
    _moderation(community, group, end, start, values, notes)
    _mail(community, group, end, start, start30, values, notes)
    return {"values": {key: values[key] for key in HOSTED_KEYS}, "notes": notes}


def _hours(later: datetime, earlier: datetime) -> int:
    """(later - earlier) in microseconds, floored at 0 (HOUR of them make an hour)."""
    return max(0, (later - earlier) // timedelta(microseconds=1))


def _median_hours(delays: list[int]) -> float | None:
    middle = median(delays)
    return None if middle is None else middle / HOUR


def _share(part: int, whole: int, key: str, notes: dict[str, str], reason: str) -> float | None:
    """part / whole, None with `reason` when whole is 0, noted "small-sample" under 10."""
    if not whole:
        notes[key] = reason
        return None
    if whole < SMALL_SAMPLE:
        notes[key] = "small-sample"
    return part / whole


def _events(
    community: Community,
    group: Group | None,
    end: datetime,
    start: datetime,
    values: dict[str, Any],
    notes: dict[str, str],
) -> None:
    """Events held in the window, who came, and how many of those who said "going" came.

    Held: started in the window and not cancelled by T (an occurrence of a series is an event
    like any other). Attendance is what organisers recorded (cercle.events.actions.
    record_attendance): one "attended an event" activity per person and event, dated at the
    event's start, for the events whose attendance was recorded by T."""
    held = Event.objects.filter(
        community=community, starts_at__gte=start, starts_at__lt=end
    ).filter(Q(status=EventStatus.SCHEDULED) | Q(cancelled_at__gte=end))
    if group is not None:
        held = held.filter(group=group)
    figures = held.aggregate(
        held=Count("id"),
        recorded=Count("id", filter=Q(attendance_recorded_at__lt=end)),
    )
    recorded = held.filter(attendance_recorded_at__lt=end)
    attended = ActivityEvent.objects.filter(
        community=community,
        verb=Verb.ATTENDED_EVENT,
        object_kind=ObjectKind.EVENT,
        object_id__in=Subquery(recorded.values("pk")),
    ).count()
    answers = Registration.objects.filter(
        event__in=Subquery(recorded.values("pk")), response=Response.GOING
    ).aggregate(going=Count("id"), came=Count("id", filter=Q(attended=True)))
    values["events_90d"] = figures["held"]
    values["event_attendance_90d"] = attended
    key = "event_attendance_rate_90d"
    if not figures["held"]:
        values[key] = None
        notes[key] = "no-events-90d"
    elif not figures["recorded"]:
        values[key] = None
        notes[key] = "no-attendance-recorded-90d"
    else:
        values[key] = _share(answers["came"], answers["going"], key, notes, "no-going-answers-90d")


def _moderation(
    community: Community,
    group: Group | None,
    end: datetime,
    start: datetime,
    values: dict[str, Any],
    notes: dict[str, str],
) -> None:
    """Reports made and handled in the window, those open at T, the decisions taken, and
    each moderator's share of the work (`moderators_90d`). A group's report counts the
    reports on its topics and messages, and the decisions on them."""
    reports = Report.objects.filter(community=community)
    actions = ModerationAction.objects.filter(
        community=community, created_at__gte=start, created_at__lt=end
    )
    if group is not None:
        reports = reports.filter(group=group)
        actions = actions.filter(group=group)
    figures = reports.aggregate(
        made=Count("id", filter=Q(created_at__gte=start, created_at__lt=end)),
        open=Count(
            "id",
            filter=Q(created_at__lt=end) & (Q(handled_at__isnull=True) | Q(handled_at__gte=end)),
        ),
    )
    handled = list(
        reports.filter(handled_at__gte=start, handled_at__lt=end).values_list(
            "handled_by_id", "created_at", "handled_at"
        )
    )
    decisions = dict(actions.values("by_id").annotate(n=Count("id")).values_list("by_id", "n"))
    delays: dict[int | None, list[int]] = {}
    for moderator, made_at, handled_at in handled:
        delays.setdefault(moderator, []).append(_hours(handled_at, made_at))
    everyone = [delay for found in delays.values() for delay in found]
    values["reports_90d"] = figures["made"]
    values["reports_handled_90d"] = len(handled)
    key = "report_handling_median_hours_90d"
    values[key] = _median_hours(everyone)
    if not everyone:
        notes[key] = "no-reports-handled-90d"
    elif len(everyone) < SMALL_SAMPLE:
        notes[key] = "small-sample"
    values["open_reports"] = figures["open"]
    values["moderation_actions_90d"] = sum(decisions.values())
    moderators = [
        {
            "moderator": moderator,
            "reports_handled": len(delays.get(moderator, ())),
            "handling_median_hours": _median_hours(delays.get(moderator, [])),
            "actions": decisions.get(moderator, 0),
        }
        for moderator in set(delays) | set(decisions)
    ]
    moderators.sort(
        key=lambda m: (
            -m["reports_handled"],
            -m["actions"],
            m["moderator"] is None,
            m["moderator"] or 0,
        )
    )
    values["moderators_90d"] = moderators
    if not moderators:
        notes["moderators_90d"] = "no-moderation-90d"


def _mail(
    community: Community,
    group: Group | None,
    end: datetime,
    start: datetime,
    start30: datetime,
    values: dict[str, Any],
    notes: dict[str, str],
) -> None:
    """Digests and newsletters handed to the mail server and accepted (delivered), and the
    addresses refused for good (bounced). Digests are the community's (a digest has no
    group: community-wide in a group's report); a group's newsletters are those sent to it."""
    digests = DigestDelivery.objects.filter(
        community=community, state=DeliveryState.SENT, sent_at__gte=start, sent_at__lt=end
    ).aggregate(
        sent=Count("id"),
        reach=Count("user_id", distinct=True, filter=Q(sent_at__gte=start30)),
    )
    values["digests_sent_90d"] = digests["sent"]
    values["digest_reach_30d"] = digests["reach"]
    if group is not None:
        for key in DIGEST_KEYS:
            notes.setdefault(key, "community-wide")

    newsletters = Newsletter.objects.filter(community=community)
    if group is not None:
        newsletters = newsletters.filter(group=group)
    sent = newsletters.filter(status=NewsletterStatus.SENT, sent_at__gte=start, sent_at__lt=end)
    in_window = Q(newsletter__in=Subquery(sent.values("pk")))
    reached = Q(state=DeliveryState.SENT, sent_at__gte=start30, sent_at__lt=end)
    deliveries = (
        NewsletterDelivery.objects.filter(newsletter__in=Subquery(newsletters.values("pk")))
        .filter(in_window | reached)
        .aggregate(
            attempted=Count("id", filter=in_window),
            delivered=Count("id", filter=in_window & Q(state=DeliveryState.SENT)),
            bounced=Count("id", filter=in_window & Q(state=DeliveryState.BOUNCED)),
            reach=Count("user_id", distinct=True, filter=reached),
        )
    )
    values["newsletters_sent_90d"] = sent.count()
    values["newsletter_deliveries_90d"] = deliveries["delivered"]
    key = "newsletter_bounce_share_90d"
    values[key] = _share(
        deliveries["bounced"], deliveries["attempted"], key, notes, "no-newsletters-90d"
    )
    values["newsletter_reach_30d"] = deliveries["reach"]


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
