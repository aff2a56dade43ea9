"""Trends: how the community moves month by month, its newcomers, its rhythm, its network.

Pure functions of a `PostTable` and a day, like the indicators; docs/cockpit.md says what each
series means. Months are calendar months in UTC; the last one stops at the end of the as-of day
(`"partial": true` when that is not the month's last day).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from datetime import date, timedelta, tzinfo
from typing import Any

from .indicators import (
    FAST_ANSWER,
    NEWCOMER_REPLY_DELAY,
    NEWCOMER_RETURN_DELAY,
    WINDOW,
    indicators_of,
    median,
    onion_layers,
)
from .table import (
    HOUR,
    NO_REPLY,
    PostTable,
    end_of_day,
    from_micros,
    months_between,
    shift_months,
    to_micros,
)

__all__ = ["COMPARED_KEYS", "compute_trends", "reply_network"]

# The main indicators compared with the previous period (the 90 days before the window).
COMPARED_KEYS = (
    "posts_90d",
    "threads_90d",
    "active_contributors_90d",
    "new_contributors_90d",
    "unanswered_share_90d",
    "first_response_median_hours_90d",
    "answered_within_48h_share_90d",
    "newcomer_return_rate",
    "gini_posts_90d",
)


def compute_trends(
    table: PostTable,
    as_of: date,
    *,
    timezone: tzinfo,
    current: Mapping[str, Any] | None = None,
    thread_groups: Mapping[Hashable, Hashable] | None = None,
) -> dict[str, Any]:
    """The `trends` section: monthly series, comparison with the previous period, newcomer
    cohorts by month with Joyce & Kraut's comparison, activity by weekday and hour (in
    `timezone`), and the reply network of the 90-day window.

    `current` is `indicators_of(table, as_of)` if the caller has it already; `thread_groups`
    maps threads to their group, for the bridges between groups.
    """
    end = end_of_day(as_of)
    n = table.count_before(end)
    current = current or indicators_of(table, as_of)
    previous = indicators_of(table, as_of - timedelta(days=90))
    compared = {}
    for key in COMPARED_KEYS:
        now, before = current["indicators"][key], previous["indicators"][key]
        compared[key] = {
            "current": now,
            "previous": before,
            "change": None if now is None or before is None else now - before,
        }
    return {
        "monthly": monthly_series(table, end),
        "compared": {"period_days": 90, "values": compared},
        "newcomers": newcomer_cohorts(table, end),
        "rhythm": rhythm(table, end, timezone),
        "network": reply_network(table, end - WINDOW, end, thread_groups=thread_groups),
        "posts_considered": n,
    }


def monthly_series(table: PostTable, end: int) -> list[dict[str, Any]]:
    """One entry per calendar month: posts, threads opened, active and new contributors, and,
    for the threads opened that month, the unanswered share and the first-response median as
    of the as-of instant."""
    n = table.count_before(end)
    if not n:
        return []
    ts, author, thread = table.ts, table.author, table.thread
    first_other, first = table.thread_first_other, table.author_first
    openings = table.openings
    series = []
    for label, start, stop in months_between(ts[0], end):
        lo, hi = table.count_before(start), table.count_before(stop)
        month_openings = _slice_of(openings, lo, hi)
        delays = []
        for opening in month_openings:
            other = first_other[thread[opening]]
            if 0 <= other < n:
                delays.append(max(0, ts[other] - ts[opening]))
        threads = len(month_openings)
        middle = median(delays)
        series.append(
            {
                "month": label,
                "partial": stop == end and shift_months(from_micros(start), 1) > from_micros(end),
                "posts": hi - lo,
                "replies": sum(1 for p in table.parent[lo:hi] if p != -1),
                "threads": threads,
                "active_contributors": len(set(author[lo:hi])),
                "new_contributors": _between(first, lo, hi),
                "unanswered_share": (threads - len(delays)) / threads if threads else None,
                "first_response_median_hours": None if middle is None else middle / HOUR,
                "answered_within_48h_share": (
                    sum(1 for d in delays if d <= FAST_ANSWER) / threads if threads else None
                ),
            }
        )
    return series


def newcomer_cohorts(table: PostTable, end: int) -> dict[str, Any]:
    """Newcomers by the month of their first post: how many, how many got a reply by someone
    else to that post within 7 days, how many posted again within 90 days. A count is given
    only once every newcomer of the month has been observed that long (else None and
    `complete` false). Then Joyce & Kraut's comparison over every newcomer observed 90 days."""
    n = table.count_before(end)
    ts, first, second = table.ts, table.author_first, table.author_second
    reply_delay = table.first_post_reply_delay
    months = []
    totals = {True: [0, 0], False: [0, 0]}  # replied -> [newcomers, returned]
    if n:
        for label, start, stop in months_between(ts[0], end):
            lo, hi = table.count_before(start), table.count_before(stop)
            a_lo, a_hi = _count(first, lo), _count(first, hi)
            replied = returned = 0
            replied_seen = stop + NEWCOMER_REPLY_DELAY <= end
            return_seen = stop + NEWCOMER_RETURN_DELAY <= end
            for a in range(a_lo, a_hi):
                got_reply = reply_delay[a] != NO_REPLY and reply_delay[a] <= NEWCOMER_REPLY_DELAY
                came_back = second[a] >= 0 and ts[second[a]] - ts[first[a]] <= NEWCOMER_RETURN_DELAY
                replied += got_reply
                returned += came_back
                if ts[first[a]] + NEWCOMER_RETURN_DELAY < end:
                    totals[got_reply][0] += 1
                    totals[got_reply][1] += came_back
            size = a_hi - a_lo
            months.append(
                {
                    "month": label,
                    "newcomers": size,
                    "replied_7d": replied if replied_seen else None,
                    "returned_90d": returned if return_seen else None,
                    "reply_rate": replied / size if replied_seen and size else None,
                    "return_rate": returned / size if return_seen and size else None,
                    "complete": return_seen,
                }
            )

    def group(replied: bool) -> dict[str, Any]:
        size, came_back = totals[replied]
        return {
            "newcomers": size,
            "returned": came_back,
            "return_rate": came_back / size if size else None,
        }

    return {
        "by_month": months,
        # Joyce & Kraut 2006: 56% of Usenet newcomers who got a reply posted again, 44% of the
        # others. The same comparison for this community, over every newcomer observed 90 days.
        "joyce_kraut": {"replied": group(True), "not_replied": group(False)},
    }


def rhythm(table: PostTable, end: int, timezone: tzinfo) -> dict[str, Any]:
    """Posts of the last twelve months by weekday (0 = Monday) and hour, in `timezone`."""
    start = _micros_months_before(end, 12)
    lo, hi = table.count_before(start), table.count_before(end)
    grid = [[0] * 24 for _ in range(7)]
    ts = table.ts
    # Converting each post's time to the zone is the costly part: cache by UTC hour.
    local: dict[int, tuple[int, int]] = {}
    for index in range(lo, hi):
        hour = ts[index] // HOUR
        cell = local.get(hour)
        if cell is None:
            moment = from_micros(hour * HOUR).astimezone(timezone)
            cell = local[hour] = (moment.weekday(), moment.hour)
        grid[cell[0]][cell[1]] += 1
    return {"timezone": str(timezone), "since": from_micros(start).date().isoformat(), "grid": grid}


def reply_network(
    table: PostTable,
    start: int,
    end: int,
    *,
    thread_groups: Mapping[Hashable, Hashable] | None = None,
) -> dict[str, Any]:
    """Who answers whom among the posts of [start, end): directed pairs with their counts, and
    each author's place: "core" (the onion core of those posts), "bridge" (answers in threads
    of two groups or more, or links members who would otherwise not be linked: an articulation
    point of the reply graph), "isolated" (posted, but neither replied to anyone nor got a
    reply), else "connected". The first that applies, in that order."""
    lo, hi = table.count_before(start), table.count_before(end)
    author, parent, thread = table.author, table.parent, table.thread
    pairs: Counter[tuple[int, int]] = Counter()
    groups_answered: dict[int, set[Hashable]] = defaultdict(set)
    for index in range(lo, hi):
        p = parent[index]
        if 0 <= p < hi and author[p] != author[index]:
            pairs[author[index], author[p]] += 1
            if thread_groups is not None:
                group = thread_groups.get(table.threads[thread[index]])
                if group is not None:
                    groups_answered[author[index]].add(group)
    core = set(onion_layers(table, lo, hi)[0])
    linked: dict[int, set[int]] = defaultdict(set)
    for u, v in pairs:
        linked[u].add(v)
        linked[v].add(u)
    cut = _articulation_points(linked)
    place = {}
    for a in sorted(set(author[lo:hi])):
        if a in core:
            place[a] = "core"
        elif a in cut or len(groups_answered.get(a, ())) >= 2:
            place[a] = "bridge"
        elif a not in linked:
            place[a] = "isolated"
        else:
            place[a] = "connected"
    keys = table.authors
    return {
        "since": from_micros(start).isoformat(),
        "pairs": [
            {"from": keys[u], "to": keys[v], "replies": count}
            for (u, v), count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
        ],
        "members": [{"author": keys[a], "place": where} for a, where in place.items()],
        "counts": dict(Counter(place.values())),
    }


def _articulation_points(graph: Mapping[int, set[int]]) -> set[int]:
    """The vertices whose removal disconnects their component (Hopcroft-Tarjan, iterative)."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    points: set[int] = set()
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        children = 0
        stack = [(root, -1, iter(graph[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            advanced = False
            for other in neighbours:
                if other not in order:
                    order[other] = low[other] = len(order)
                    stack.append((other, node, iter(graph[other])))
                    if node == root:
                        children += 1
                    advanced = True
                    break
                if other != parent:
                    low[node] = min(low[node], order[other])
            if advanced:
                continue
            stack.pop()
            if parent >= 0:
                low[parent] = min(low[parent], low[node])
                if parent != root and low[node] >= order[parent]:
                    points.add(parent)
        if children >= 2:
            points.add(root)
    return points


def _slice_of(increasing: Any, lo: int, hi: int) -> Any:
    return increasing[_count(increasing, lo) : _count(increasing, hi)]


def _count(increasing: Any, bound: int) -> int:
    return bisect_left(increasing, bound)


def _between(increasing: Any, lo: int, hi: int) -> int:
    return _count(increasing, hi) - _count(increasing, lo)


def _micros_months_before(end: int, months: int) -> int:
    return to_micros(shift_months(from_micros(end), -months))
