"""The indicators of docs/indicators.md, exactly as defined there.

    >>> compute_indicators(posts, date(2017, 3, 31))
    {"as_of": "2017-03-31", "posts_total": ..., "threads_total": ...,
     "indicators": {"contributors_total": ..., ...every key...}, "notes": {...}}

A pure function of the posts (PostRecord or (id, thread, author, created_at, parent) tuples of
live posts: the caller leaves deleted ones out) and a day; no database. Windows are taken as of
T, the end of that day in UTC: (T - 90 days, T], (T - 30 days, T], and the newcomer cohort's
(T - 180 days, T - 90 days]. Posts created after T do not exist.

A value is None where the definition has no value (a share whose denominator is 0, a median of
nothing); `notes` then says why, by key, with a code of `cercle.cockpit.reasons`. A value computed
on fewer than `SMALL_SAMPLE` items is given but noted "small-sample".

`indicators_of(table, as_of)` does the same on a `PostTable` (which may hold later posts: they
are ignored), so that one table serves many dates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from .table import DAY, HOUR, NO_REPLY, PostRecord, PostTable, end_of_day

__all__ = [
    "INDICATOR_KEYS",
    "SMALL_SAMPLE",
    "compute_indicators",
    "indicators_of",
    "median",
    "onion_layers",
]

INDICATOR_KEYS = (
    "contributors_total",
    "active_contributors_30d",
    "active_contributors_90d",
    "new_contributors_90d",
    "silent_contributors_90d",
    "posts_90d",
    "replies_90d",
    "threads_90d",
    "unanswered_threads_90d",
    "unanswered_share_90d",
    "first_response_median_hours_90d",
    "answered_within_48h_share_90d",
    "newcomers_cohort_size",
    "newcomer_reply_rate",
    "newcomer_return_rate",
    "newcomer_return_rate_if_replied",
    "newcomer_return_rate_if_not_replied",
    "gini_posts_90d",
    "top_10pct_share_90d",
    "absence_factor_90d",
    "core_members_90d",
    "regular_members_90d",
    "casual_members_90d",
    "reply_pairs_90d",
    "reciprocity_90d",
)

SMALL_SAMPLE = 10  # below this many items, a share or a median is noted "small-sample"
WINDOW = 90 * DAY
SHORT_WINDOW = 30 * DAY
NEWCOMER_REPLY_DELAY = 7 * DAY
NEWCOMER_RETURN_DELAY = 90 * DAY
FAST_ANSWER = 48 * HOUR
SILENT_MIN_POSTS = 3


def compute_indicators(
    posts: Iterable[PostRecord | tuple[Any, ...]], as_of: date
) -> dict[str, Any]:
    """Every indicator of docs/indicators.md as of the end of `as_of` (UTC)."""
    table = PostTable.from_records(posts, until=end_of_day(as_of))
    return indicators_of(table, as_of)


def indicators_of(table: PostTable, as_of: date) -> dict[str, Any]:
    """`compute_indicators` on a table; posts of the table after `as_of` are ignored."""
    end = end_of_day(as_of)
    n = table.count_before(end)
    w90 = table.count_before(end - WINDOW)
    w30 = table.count_before(end - SHORT_WINDOW)
    w180 = table.count_before(end - 2 * WINDOW)
    ts, author, parent, thread = table.ts, table.author, table.parent, table.thread
    first = table.author_first
    notes: dict[str, str] = {}
    values: dict[str, Any] = {}

    # Contributors
    contributors = _count_below(first, n)
    values["contributors_total"] = contributors
    values["active_contributors_30d"] = len(set(author[w30:n]))
    window_authors = Counter(author[w90:n])
    values["active_contributors_90d"] = len(window_authors)
    values["new_contributors_90d"] = contributors - _count_below(first, w90)
    before = set(author[w180:w90]).difference(window_authors)
    if before:
        posts_before: Counter[int] = Counter(a for a in author[:w90] if a in before)
        silent = sum(1 for a in before if posts_before[a] >= SILENT_MIN_POSTS)
    else:
        silent = 0
    values["silent_contributors_90d"] = silent

    # Posts and threads
    posts_90d = n - w90
    values["posts_90d"] = posts_90d
    values["replies_90d"] = sum(1 for p in parent[w90:n] if p != -1)
    openings = table.openings
    lo, hi = _count_below(openings, w90), _count_below(openings, n)
    window_openings = openings[lo:hi]
    threads_90d = len(window_openings)
    values["threads_90d"] = threads_90d
    first_other = table.thread_first_other
    delays = []
    for opening in window_openings:
        other = first_other[thread[opening]]
        if 0 <= other < n:
            delays.append(max(0, ts[other] - ts[opening]))
    values["unanswered_threads_90d"] = threads_90d - len(delays)
    values["unanswered_share_90d"] = _share(
        threads_90d - len(delays), threads_90d, "unanswered_share_90d", notes, "no-threads-90d"
    )
    middle = median(delays)
    values["first_response_median_hours_90d"] = None if middle is None else middle / HOUR
    _note_size("first_response_median_hours_90d", len(delays), notes, "no-answered-threads-90d")
    values["answered_within_48h_share_90d"] = _share(
        sum(1 for d in delays if d <= FAST_ANSWER),
        threads_90d,
        "answered_within_48h_share_90d",
        notes,
        "no-threads-90d",
    )

    # Newcomers of the cohort (T - 180 days, T - 90 days]
    reply_delay, second = table.first_post_reply_delay, table.author_second
    cohort = range(_count_below(first, w180), _count_below(first, w90))
    replied = returned_replied = returned_ignored = 0
    for a in cohort:
        came_back = second[a] >= 0 and ts[second[a]] - ts[first[a]] <= NEWCOMER_RETURN_DELAY
        if reply_delay[a] != NO_REPLY and reply_delay[a] <= NEWCOMER_REPLY_DELAY:
            replied += 1
            returned_replied += came_back
        else:
            returned_ignored += came_back
    size = len(cohort)
    values["newcomers_cohort_size"] = size
    values["newcomer_reply_rate"] = _share(
        replied, size, "newcomer_reply_rate", notes, "no-newcomer-cohort"
    )
    values["newcomer_return_rate"] = _share(
        returned_replied + returned_ignored,
        size,
        "newcomer_return_rate",
        notes,
        "no-newcomer-cohort",
    )
    values["newcomer_return_rate_if_replied"] = _share(
        returned_replied,
        replied,
        "newcomer_return_rate_if_replied",
        notes,
        "no-replied-newcomer" if size else "no-newcomer-cohort",
    )
    values["newcomer_return_rate_if_not_replied"] = _share(
        returned_ignored,
        size - replied,
        "newcomer_return_rate_if_not_replied",
        notes,
        "no-ignored-newcomer" if size else "no-newcomer-cohort",
    )

    # Concentration
    counts = sorted(window_authors.values(), reverse=True)
    values.update(concentration(counts, posts_90d, notes))

    # Onion
    values.update(onion_sizes(counts, posts_90d))

    # Reply pairs
    pairs = set()
    for index in range(w90, n):
        p = parent[index]
        if 0 <= p < n and author[p] != author[index]:
            pairs.add((author[index], author[p]))
    values["reply_pairs_90d"] = len(pairs)
    values["reciprocity_90d"] = _share(
        sum(1 for u, v in pairs if (v, u) in pairs),
        len(pairs),
        "reciprocity_90d",
        notes,
        "no-reply-pairs-90d",
    )

    threads_total = _count_below(openings, n)
    return {
        "as_of": as_of.isoformat(),
        "posts_total": n,
        "threads_total": threads_total,
        "indicators": {key: values[key] for key in INDICATOR_KEYS},
        "notes": notes,
    }


def concentration(
    counts_desc: list[int], total: int, notes: dict[str, str] | None = None
) -> dict[str, Any]:
    """Gini, top 10% share and absence factor of posts per author (counts sorted descending)."""
    n = len(counts_desc)
    if not n or not total:
        if notes is not None:
            for key in ("gini_posts_90d", "top_10pct_share_90d", "absence_factor_90d"):
                notes[key] = "no-posts-90d"
        return {"gini_posts_90d": None, "top_10pct_share_90d": None, "absence_factor_90d": None}
    # sum_i sum_j |x_i - x_j| = 2 sum_k (2k - n - 1) x_(k), x sorted ascending, k from 1.
    weighted = sum((n - 1 - 2 * k) * x for k, x in enumerate(counts_desc))
    # G = 2 * weighted / (2 n^2 mean) = weighted / (n * total), as an exact ratio of integers.
    gini = weighted / (n * total)
    top = -(-n // 10)  # ceil(10% of n), in integers
    absence = 0
    cumulative = 0
    for x in counts_desc:
        absence += 1
        cumulative += x
        if 2 * cumulative >= total:
            break
    if notes is not None and n < SMALL_SAMPLE:
        notes.setdefault("gini_posts_90d", "small-sample")
    return {
        "gini_posts_90d": gini,
        "top_10pct_share_90d": sum(counts_desc[:top]) / total,
        "absence_factor_90d": absence,
    }


def onion_sizes(counts_desc: list[int], total: int) -> dict[str, int]:
    """How many authors are core, regular and casual (GrimoireLab's onion model)."""
    core = regular = casual = 0
    before = 0
    for x in counts_desc:
        if 5 * before < 4 * total:  # the authors before wrote < 80% of the posts
            core += 1
        elif 20 * before < 19 * total:  # < 95%
            regular += 1
        else:
            casual += 1
        before += x
    return {"core_members_90d": core, "regular_members_90d": regular, "casual_members_90d": casual}


def onion_layers(table: PostTable, lo: int, hi: int) -> tuple[list[int], list[int], list[int]]:
    """(core, regular, casual) authors of the posts lo..hi-1, in rank order: posts descending,
    then earliest post of the range (the onion model's tie rule)."""
    counts: Counter[int] = Counter()
    earliest: dict[int, int] = {}
    for index in range(lo, hi):
        a = table.author[index]
        counts[a] += 1
        earliest.setdefault(a, index)
    ranked = sorted(counts, key=lambda a: (-counts[a], earliest[a]))
    total = hi - lo
    layers: tuple[list[int], list[int], list[int]] = ([], [], [])
    before = 0
    for a in ranked:
        layer = 0 if 5 * before < 4 * total else 1 if 20 * before < 19 * total else 2
        layers[layer].append(a)
        before += counts[a]
    return layers


def median(values: list[int]) -> float | int | None:
    """The median (mean of the two middle values for an even count), or None for no value."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _count_below(increasing: Any, bound: int) -> int:
    """How many entries of an increasing sequence are below `bound`."""
    return bisect_left(increasing, bound)


def _share(part: int, whole: int, key: str, notes: dict[str, str], reason: str) -> float | None:
    if not whole:
        notes[key] = reason
        return None
    if whole < SMALL_SAMPLE:
        notes[key] = "small-sample"
    return part / whole


def _note_size(key: str, size: int, notes: dict[str, str], reason: str) -> None:
    if not size:
        notes[key] = reason
    elif size < SMALL_SAMPLE:
        notes[key] = "small-sample"
