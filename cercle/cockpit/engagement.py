"""The engagement ladder: observer, participant, contributor, regular, leader.

Each person's level is read from their presence and contribution over the year before the
instant considered (the twelve months before the end of the as-of day):

- presence: days they visited the community (hosted communities only);
- contribution: posts, replies to someone else, threads started, answers of theirs accepted,
  and in how many of the twelve months they posted.

Levels, the highest that applies (thresholds in `THRESHOLDS`):

- leader: a regular who replied to others at least 20 times, and had 3 answers accepted or
  started 5 threads;
- regular: 12 posts or more, in at least 6 different months;
- contributor: 3 posts or more, or one accepted answer;
- participant: one post, or visits on 12 different days (about once a month);
- observer: anyone else on the ladder.

Who is on the ladder: the community's members, and everyone who posted in it, less those whose
membership has ended. An imported archive has no member list: everyone who ever posted is on
it, and its observers are the people who posted before but not in the past year.

History: the level of each person at the end of every month (the last entry is the as-of day
itself), how many people stand at each level, and how many moved up or down since the month
before (people on the ladder at both dates).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .table import PostTable, end_of_day, from_micros, months_between, shift_months, to_micros

__all__ = ["LEVELS", "THRESHOLDS", "MemberStats", "compute_engagement", "level_of", "next_level"]

LEVELS = ("observer", "participant", "contributor", "regular", "leader")
RANK = {level: rank for rank, level in enumerate(LEVELS)}

THRESHOLDS = {
    "participant_posts": 1,
    "participant_visit_days": 12,
    "contributor_posts": 3,
    "contributor_accepted": 1,
    "regular_posts": 12,
    "regular_months": 6,
    "leader_replies_to_others": 20,
    "leader_accepted": 3,
    "leader_threads": 5,
}


@dataclass(slots=True)
class MemberStats:
    """One person's presence and contribution over a year."""

    posts: int = 0
    replies_to_others: int = 0
    threads: int = 0
    accepted: int = 0
    months: int = 0  # months of the year with at least one post
    visit_days: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "posts": self.posts,
            "replies_to_others": self.replies_to_others,
            "threads": self.threads,
            "accepted": self.accepted,
            "months": self.months,
            "visit_days": self.visit_days,
        }


def level_of(stats: MemberStats) -> str:
    """The highest level whose rule these figures meet."""
    t = THRESHOLDS
    if stats.posts >= t["regular_posts"] and stats.months >= t["regular_months"]:
        if stats.replies_to_others >= t["leader_replies_to_others"] and (
            stats.accepted >= t["leader_accepted"] or stats.threads >= t["leader_threads"]
        ):
            return "leader"
        return "regular"
    if stats.posts >= t["contributor_posts"] or stats.accepted >= t["contributor_accepted"]:
        return "contributor"
    if stats.posts >= t["participant_posts"] or stats.visit_days >= t["participant_visit_days"]:
        return "participant"
    return "observer"


def next_level(stats: MemberStats) -> dict[str, Any] | None:
    """What the next level up asks of this person: {"level", "missing": {what: how many more}}
    with one of the alternatives (the nearer one) when the rule offers two; None for a leader."""
    t = THRESHOLDS
    level = level_of(stats)
    if level == "leader":
        return None
    missing: dict[str, int] = {}
    if level == "observer":
        posts = t["participant_posts"] - stats.posts
        visits = t["participant_visit_days"] - stats.visit_days
        missing = {"posts": posts} if posts <= visits else {"visit_days": visits}
    elif level == "participant":
        missing = {"posts": t["contributor_posts"] - stats.posts}
    elif level == "contributor":
        missing = {
            "posts": max(0, t["regular_posts"] - stats.posts),
            "months": max(0, t["regular_months"] - stats.months),
        }
    else:
        replies = t["leader_replies_to_others"] - stats.replies_to_others
        if replies > 0:
            missing["replies_to_others"] = replies
        accepted = t["leader_accepted"] - stats.accepted
        threads = t["leader_threads"] - stats.threads
        if accepted > 0 and threads > 0:
            if accepted <= threads:
                missing["accepted"] = accepted
            else:
                missing["threads"] = threads
    return {
        "level": LEVELS[RANK[level] + 1],
        "missing": {key: value for key, value in missing.items() if value > 0},
    }


def compute_engagement(
    table: PostTable,
    as_of: date,
    *,
    members: Mapping[Hashable, tuple[datetime | None, datetime | None]] | None = None,
    visit_days: Mapping[Hashable, int] | None = None,
    visit_months: Mapping[tuple[Hashable, str], int] | None = None,
    accepted: set[Hashable] | None = None,
) -> dict[str, Any]:
    """The `engagement` section as of the end of `as_of`.

    - `members`: author key -> (joined_at, left_at) of their membership; None for an archive.
    - `visit_days`: author key -> days visited in the year before the end of `as_of`.
    - `visit_months`: (author key, "YYYY-MM") -> days visited that calendar month (UTC).
    - `accepted`: ids of the posts accepted as answers by the end of `as_of`.
    """
    end = end_of_day(as_of)
    n = table.count_before(end)
    accepted_index = _accepted_indexes(table, n, accepted or set())
    people = _People(table, n, members)

    # The year before the as-of instant, in twelve month-long slices.
    slices = [to_micros(shift_months(from_micros(end), -k)) for k in range(12, -1, -1)]
    year = _year_stats(table, slices, accepted_index)
    for key, days in (visit_days or {}).items():
        person = people.number(key)
        if person is not None:
            year.setdefault(person, MemberStats()).visit_days = days
    levels = dict.fromkeys(people.on_ladder(end), "observer")
    stats_of = {}
    for person, stats in year.items():
        if person in levels:
            stats_of[person] = stats
            levels[person] = level_of(stats)

    history, before = _history(table, n, end, people, accepted_index, visit_months or {})
    counts = Counter(levels.values())
    up = down = 0
    movements = []
    if history:
        # The end of the last month of the history: the start of the as-of month.
        previous_stop = to_micros(
            from_micros(end - 1).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        )
        for p, level in levels.items():
            if not people.is_on(p, previous_stop):
                continue
            was = before.get(p, "observer")
            if was != level:
                movements.append({"author": people.key(p), "from": was, "to": level})
                up += RANK[level] > RANK[was]
                down += RANK[level] < RANK[was]
    history.append(
        {
            "month": from_micros(end - 1).strftime("%Y-%m"),
            "levels": {level: counts.get(level, 0) for level in LEVELS},
            "up": up,
            "down": down,
            "partial": from_micros(end).day != 1,
        }
    )

    return {
        "year_since": from_micros(slices[0]).isoformat(),
        "levels": {level: counts.get(level, 0) for level in LEVELS},
        "members": [
            {
                "author": people.key(p),
                "level": level,
                **(stats_of.get(p) or MemberStats()).as_dict(),
            }
            for p, level in sorted(levels.items(), key=lambda item: (-RANK[item[1]], item[0]))
        ],
        "movements": sorted(movements, key=lambda m: RANK[m["to"]] - RANK[m["from"]]),
        "history": history,
        "thresholds": THRESHOLDS,
    }


class _People:
    """Everyone the ladder may hold: the table's authors, then members who never posted."""

    def __init__(
        self,
        table: PostTable,
        n: int,
        members: Mapping[Hashable, tuple[datetime | None, datetime | None]] | None,
    ) -> None:
        self.keys: list[Hashable] = list(table.authors)
        self.number_of = {key: i for i, key in enumerate(self.keys)}
        first = table.author_first
        # When each person comes onto the ladder, and leaves it (microseconds; None: never).
        self.enters: list[int | None] = [
            table.ts[first[a]] if first[a] < n else None for a in range(len(self.keys))
        ]
        self.leaves: list[int | None] = [None] * len(self.keys)
        for key, (joined, left) in (members or {}).items():
            person = self.number_of.get(key)
            if person is None:
                person = self.number_of[key] = len(self.keys)
                self.keys.append(key)
                self.enters.append(None)
                self.leaves.append(None)
            if joined is not None:
                at = to_micros(joined)
                current = self.enters[person]
                self.enters[person] = at if current is None else min(current, at)
            if left is not None:
                self.leaves[person] = to_micros(left)

    def number(self, key: Hashable) -> int | None:
        return self.number_of.get(key)

    def key(self, person: int) -> Hashable:
        return self.keys[person]

    def is_on(self, person: int, at: int) -> bool:
        """On the ladder at the instant just before `at`."""
        enters, leaves = self.enters[person], self.leaves[person]
        return enters is not None and enters < at and (leaves is None or leaves >= at)

    def on_ladder(self, at: int) -> list[int]:
        return [p for p in range(len(self.keys)) if self.is_on(p, at)]


def _accepted_indexes(table: PostTable, n: int, accepted: set[Hashable]) -> set[int]:
    if not accepted:
        return set()
    return {i for i in range(n) if table.ids[i] in accepted}


def _year_stats(
    table: PostTable, slices: list[int], accepted_index: set[int]
) -> dict[int, MemberStats]:
    """Each author's figures over [slices[0], slices[-1]), months counted by slice."""
    lo, hi = table.count_before(slices[0]), table.count_before(slices[-1])
    author, parent, ts = table.author, table.parent, table.ts
    stats: dict[int, MemberStats] = {}
    months: dict[int, set[int]] = defaultdict(set)
    for index in range(lo, hi):
        a = author[index]
        s = stats.get(a)
        if s is None:
            s = stats[a] = MemberStats()
        s.posts += 1
        p = parent[index]
        if p == -1:
            s.threads += 1
        elif 0 <= p < hi and author[p] != a:
            s.replies_to_others += 1
        if index in accepted_index:
            s.accepted += 1
        months[a].add(bisect_right(slices, ts[index]))
    for a, seen in months.items():
        stats[a].months = len(seen)
    return stats


def _history(
    table: PostTable,
    n: int,
    end: int,
    people: _People,
    accepted_index: set[int],
    visit_months: Mapping[tuple[Hashable, str], int],
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Level counts and moves at the end of each month before the as-of month, and each
    person's level (above observer) at the end of the last of them."""
    months = months_between(table.ts[0], end)[:-1] if n else []
    month_no = {label: number for number, (label, _s, _e) in enumerate(months)}
    # Cells: person -> month number -> [posts, replies to others, threads, accepted, visits]
    cells: dict[int, dict[int, list[int]]] = defaultdict(dict)
    author, parent = table.author, table.parent
    for number, (_label, start, stop) in enumerate(months):
        lo, hi = table.count_before(start), table.count_before(stop)
        for index in range(lo, hi):
            a = author[index]
            cell = cells[a].get(number)
            if cell is None:
                cell = cells[a][number] = [0, 0, 0, 0, 0]
            cell[0] += 1
            p = parent[index]
            if p == -1:
                cell[2] += 1
            elif 0 <= p < n and author[p] != a:
                cell[1] += 1
            if index in accepted_index:
                cell[3] += 1
    for (key, label), days in visit_months.items():
        person, number = people.number(key), month_no.get(label)
        if person is not None and number is not None:
            cells[person].setdefault(number, [0, 0, 0, 0, 0])[4] += days

    stops = [stop for _label, _start, stop in months]
    by_level: dict[int, Counter[str]] = defaultdict(Counter)
    up: Counter[int] = Counter()
    down: Counter[int] = Counter()
    last_levels: dict[int, str] = {}
    last = len(months) - 1
    for person, person_cells in cells.items():
        numbers = sorted(person_cells)
        # A cell counts in the year of its month and the 11 after; the 12th after, it drops.
        relevant = sorted({m for c in numbers for m in range(c, min(c + 12, last) + 1)})
        window = MemberStats()
        posting_months: set[int] = set()
        added = removed = 0
        previous_level, previous_month = "observer", -2
        for month in relevant:
            while added < len(numbers) and numbers[added] <= month:
                cell = person_cells[numbers[added]]
                _apply(window, cell, 1)
                if cell[0]:
                    posting_months.add(numbers[added])
                added += 1
            while removed < added and numbers[removed] <= month - 12:
                _apply(window, person_cells[numbers[removed]], -1)
                posting_months.discard(numbers[removed])
                removed += 1
            window.months = len(posting_months)
            level = level_of(window)
            if previous_month != month - 1:
                previous_level = "observer"
            on_now = people.is_on(person, stops[month])
            if on_now and level != "observer":
                by_level[month][level] += 1
            if (
                on_now
                and level != previous_level
                and month > 0
                and people.is_on(person, stops[month - 1])
            ):
                (up if RANK[level] > RANK[previous_level] else down)[month] += 1
            previous_level, previous_month = level, month
        if previous_month == last and previous_level != "observer":
            last_levels[person] = previous_level

    # How many people are on the ladder at each month's end: +1 from the month they come,
    # -1 from the month they leave.
    change = [0] * (len(months) + 1)
    for enters, leaves in zip(people.enters, people.leaves, strict=True):
        if enters is None:
            continue
        change[bisect_right(stops, enters)] += 1
        if leaves is not None:
            change[bisect_right(stops, leaves)] -= 1
    history = []
    on_ladder = 0
    for number, (label, _start, _stop) in enumerate(months):
        on_ladder += change[number]
        counts = by_level[number]
        counts["observer"] = on_ladder - sum(counts.values())
        history.append(
            {
                "month": label,
                "levels": {level: counts.get(level, 0) for level in LEVELS},
                "up": up[number],
                "down": down[number],
                "partial": False,
            }
        )
    return history, last_levels


def _apply(window: MemberStats, cell: list[int], sign: int) -> None:
    window.posts += sign * cell[0]
    window.replies_to_others += sign * cell[1]
    window.threads += sign * cell[2]
    window.accepted += sign * cell[3]
    window.visit_days += sign * cell[4]
