"""The printable monthly report: a month's key figures, stage, people to thank, newcomers and
unanswered topics.

The figures of the month come from the stored report (its month-by-month series); the people
and topics are read live for that calendar month (UTC), with a fixed number of queries.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _lazy

from cercle.communities.models import Group, GroupMembership, Membership, MembershipState
from cercle.discussions.models import Post, Topic, TopicKind

from . import explain
from .tables import Cell, Column, Table
from .todo import contributions

SHOWN = 50
THANK = 10

FIGURES = (
    "posts",
    "replies",
    "threads",
    "active_contributors",
    "new_contributors",
    "unanswered_share",
    "first_response_median_hours",
    "answered_within_48h_share",
)
FIGURE_LABELS = {
    "posts": (_lazy("Messages"), "count"),
    "replies": (_lazy("Replies"), "count"),
    "threads": (_lazy("Topics started"), "count"),
    "active_contributors": (_lazy("Active contributors"), "count"),
    "new_contributors": (_lazy("New contributors"), "count"),
    "unanswered_share": (_lazy("Topics left without an answer"), "share"),
    "first_response_median_hours": (_lazy("Time to a first answer"), "hours"),
    "answered_within_48h_share": (_lazy("Answered within two days"), "share"),
    "up": (_lazy("People who moved up the ladder"), "count"),
    "down": (_lazy("People who moved down the ladder"), "count"),
}


def months_of(report: dict[str, Any]) -> list[str]:
    """The months of the report, latest first ("YYYY-MM")."""
    return [entry["month"] for entry in reversed((report.get("trends") or {}).get("monthly") or [])]


def default_month(report: dict[str, Any]) -> str | None:
    """The latest month over, else the running one."""
    monthly = (report.get("trends") or {}).get("monthly") or []
    over = [entry["month"] for entry in monthly if not entry.get("partial")]
    if over:
        return over[-1]
    return monthly[-1]["month"] if monthly else None


def bounds(month: str) -> tuple[datetime, datetime]:
    year, number = (int(part) for part in month.split("-"))
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def _entry(entries: list[dict], month: str) -> tuple[dict | None, dict | None]:
    for i, entry in enumerate(entries):
        if entry["month"] == month:
            return entry, entries[i - 1] if i else None
    return None, None


def stage_of(report: dict[str, Any], month: str) -> str | None:
    history = (report.get("lifecycle") or {}).get("history") or []
    entry, _previous = _entry(history, month)
    return entry["stage"] if entry else None


def figures_table(report: dict[str, Any], month: str) -> Table:
    monthly = (report.get("trends") or {}).get("monthly") or []
    ladder = (report.get("engagement") or {}).get("history") or []
    now, before = _entry(monthly, month)
    moved, _moved_before = _entry(ladder, month)
    rows = []
    for key in FIGURES:
        label, kind = FIGURE_LABELS[key]
        value = now.get(key) if now else None
        previous = before.get(key) if before else None
        change = None if value is None or previous is None else value - previous
        rows.append(
            [str(label), Cell(value, kind), Cell(previous, kind), Cell(change, f"change:{kind}")]
        )
    for key in ("up", "down"):
        label, kind = FIGURE_LABELS[key]
        rows.append([str(label), Cell(moved.get(key) if moved else None, kind), None, None])
    return Table(
        "report-figures",
        _lazy("The month in figures"),
        [
            Column("figure", _lazy("Figure")),
            Column("month", _lazy("This month"), "cell"),
            Column("previous", _lazy("The month before"), "cell"),
            Column("change", _lazy("Change"), "cell"),
        ],
        rows,
    )


def live_tables(community, group: Group | None, month: str) -> list[Table]:
    """The month's people and topics, read live: who to thank, newcomers, unanswered topics
    and questions still open."""
    start, end = bounds(month)
    group_ids = frozenset({group.pk}) if group is not None else None
    posts_by, accepted_by, thanks_by = contributions(community, group_ids, start=start, end=end)
    scores = {
        user: posts_by.get(user, 0) + 3 * accepted_by.get(user, 0) + 2 * thanks_by.get(user, 0)
        for user in {*posts_by, *accepted_by, *thanks_by}
    }
    top = sorted(scores, key=lambda user: (-scores[user], user))[:THANK]
    contributors = Table(
        "report-contributors",
        _lazy("People to thank"),
        [
            Column("person", _lazy("Person"), "person"),
            Column("posts", _lazy("Messages"), "count"),
            Column("accepted", _lazy("Answers accepted"), "count"),
            Column("thanks", _lazy("“Thanks” received"), "count"),
        ],
        [
            [user, posts_by.get(user, 0), accepted_by.get(user, 0), thanks_by.get(user, 0)]
            for user in top
        ],
    )

    if group is not None:
        joined = GroupMembership.objects.filter(
            group=group, joined_at__gte=start, joined_at__lt=end
        ).values_list("user_id", "joined_at")
    else:
        joined = (
            Membership.objects.filter(community=community, joined_at__gte=start, joined_at__lt=end)
            .exclude(state__in=[MembershipState.PENDING, MembershipState.DECLINED])
            .values_list("user_id", "joined_at")
        )
    joined = list(joined.order_by("joined_at")[:SHOWN])
    wrote = dict(
        Post.objects.filter(
            community=community,
            author_id__in=[user for user, _at in joined],
            created_at__gte=start,
            created_at__lt=end,
            deleted_at__isnull=True,
        )
        .values("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )
    newcomers = Table(
        "report-newcomers",
        _lazy("Newcomers"),
        [
            Column("person", _lazy("Person"), "person"),
            Column("joined", _lazy("Joined on")),
            Column("posts", _lazy("Messages this month"), "count"),
        ],
        [[user, at.date().isoformat(), wrote.get(user, 0)] for user, at in joined],
    )

    topics = Topic.objects.filter(
        community=community, deleted_at__isnull=True, created_at__gte=start, created_at__lt=end
    )
    if group is not None:
        topics = topics.filter(group=group)
    answered = Post.objects.filter(topic=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author=OuterRef("author_id")
    )
    unanswered = Table(
        "report-unanswered",
        _lazy("Topics nobody answered"),
        [
            Column("title", _lazy("Topic")),
            Column("kind", _lazy("Kind")),
            Column("author", _lazy("Opened by"), "person"),
            Column("opened", _lazy("Opened on")),
        ],
        [
            [title, str(TopicKind(kind).label), author, at.date().isoformat()]
            for title, kind, author, at in topics.exclude(Exists(answered))
            .order_by("created_at", "pk")
            .values_list("title", "kind", "author_id", "created_at")[:SHOWN]
        ],
    )
    open_questions = Table(
        "report-questions",
        _lazy("Questions still without an accepted answer"),
        [
            Column("title", _lazy("Question")),
            Column("author", _lazy("Asked by"), "person"),
            Column("opened", _lazy("Asked on")),
            Column("replies", _lazy("Replies"), "count"),
        ],
        [
            [title, author, at.date().isoformat(), max(count - 1, 0)]
            for title, author, at, count in topics.filter(
                kind=TopicKind.QUESTION, accepted_answer__isnull=True
            )
            .order_by("created_at", "pk")
            .values_list("title", "author_id", "created_at", "post_count")[:SHOWN]
        ],
    )
    return [contributors, newcomers, unanswered, open_questions]


def stage_text(stage: str | None) -> tuple[str, str]:
    if stage is None:
        return "", ""
    label, line = explain.STAGES.get(stage, (stage, ""))
    return str(label), str(line)
