"""A brute-force count of docs/indicators.md, to check the engine against.

Written straight from the words of the document with plain loops over datetimes, sharing no code
with cercle.cockpit: no table, no bisection, no precomputed index. Quadratic where that is the
plainest way; it is meant for archives of a few thousand posts.

The one convention it shares with the engine is the documented tie rule: of two posts of the
same instant, the one given first comes first (an author's "first post").
"""

import math
import statistics
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction


def reference_indicators(posts, as_of):
    T = datetime.combine(as_of, time(23, 59, 59, 999999), tzinfo=UTC)
    # Posts created after T do not exist. Sorting is stable: ties keep the order given.
    live = sorted((p for p in posts if p[3] <= T), key=lambda p: p[3])
    ids = {p[0] for p in live}
    by_id = {p[0]: p for p in live}

    def in_window(moment, days):
        return T - timedelta(days=days) < moment <= T

    def in_cohort(moment):
        return T - timedelta(days=180) < moment <= T - timedelta(days=90)

    authors = []
    for p in live:
        if p[2] not in authors:
            authors.append(p[2])
    first_post = {}
    for p in live:
        if p[2] not in first_post:
            first_post[p[2]] = p

    result = {}
    result["contributors_total"] = len(authors)
    result["active_contributors_30d"] = len({p[2] for p in live if in_window(p[3], 30)})
    result["active_contributors_90d"] = len({p[2] for p in live if in_window(p[3], 90)})
    result["new_contributors_90d"] = len([a for a in authors if in_window(first_post[a][3], 90)])
    silent = 0
    for a in authors:
        theirs = [p for p in live if p[2] == a]
        if len(theirs) >= 3 and in_cohort(max(p[3] for p in theirs)):
            silent += 1
    result["silent_contributors_90d"] = silent

    window = [p for p in live if in_window(p[3], 90)]
    result["posts_90d"] = len(window)
    result["replies_90d"] = len([p for p in window if p[4] is not None])

    # A thread's opening post: its first post with no parent.
    openings = {}
    for p in live:
        if p[4] is None and p[1] not in openings:
            openings[p[1]] = p
    window_threads = [t for t, p in openings.items() if in_window(p[3], 90)]
    result["threads_90d"] = len(window_threads)
    unanswered = 0
    delays = []
    for t in window_threads:
        opener = openings[t]
        others = [p for p in live if p[1] == t and p[2] != opener[2]]
        if not others:
            unanswered += 1
            continue
        first_other = min(p[3] for p in others)
        hours = (first_other - opener[3]) / timedelta(hours=1)
        delays.append(max(0.0, hours))
    result["unanswered_threads_90d"] = unanswered
    result["unanswered_share_90d"] = unanswered / len(window_threads) if window_threads else None
    result["first_response_median_hours_90d"] = statistics.median(delays) if delays else None
    within = len([d for d in delays if d <= 48])
    result["answered_within_48h_share_90d"] = (
        within / len(window_threads) if window_threads else None
    )

    cohort = [a for a in authors if in_cohort(first_post[a][3])]
    result["newcomers_cohort_size"] = len(cohort)
    replied = set()
    returned = set()
    for a in cohort:
        first = first_post[a]
        for p in live:
            if p[4] == first[0] and p[2] != a and p[3] - first[3] <= timedelta(days=7):
                replied.add(a)
            if p is not first and p[2] == a and p[3] - first[3] <= timedelta(days=90):
                returned.add(a)

    def rate(group):
        return len([a for a in group if a in returned]) / len(group) if group else None

    result["newcomer_reply_rate"] = len(replied) / len(cohort) if cohort else None
    result["newcomer_return_rate"] = rate(cohort)
    result["newcomer_return_rate_if_replied"] = rate([a for a in cohort if a in replied])
    result["newcomer_return_rate_if_not_replied"] = rate([a for a in cohort if a not in replied])

    counts = {}
    for p in window:
        counts[p[2]] = counts.get(p[2], 0) + 1
    x = list(counts.values())
    n = len(x)
    if n:
        mean = sum(x) / n
        result["gini_posts_90d"] = sum(abs(a - b) for a in x for b in x) / (2 * n * n * mean)
        ranked = sorted(x, reverse=True)
        top = math.ceil(n / 10)
        result["top_10pct_share_90d"] = sum(ranked[:top]) / len(window)
        k = 1
        while sum(ranked[:k]) < len(window) / 2:
            k += 1
        result["absence_factor_90d"] = k
    else:
        result["gini_posts_90d"] = result["top_10pct_share_90d"] = None
        result["absence_factor_90d"] = None

    earliest = {}
    for p in window:
        earliest.setdefault(p[2], p[3])
    ranked_authors = sorted(counts, key=lambda a: (-counts[a], earliest[a]))
    layers = {"core": 0, "regular": 0, "casual": 0}
    for position in range(len(ranked_authors)):
        before = sum(counts[b] for b in ranked_authors[:position])
        if Fraction(before, len(window)) < Fraction(80, 100):
            layers["core"] += 1
        elif Fraction(before, len(window)) < Fraction(95, 100):
            layers["regular"] += 1
        else:
            layers["casual"] += 1
    result["core_members_90d"] = layers["core"]
    result["regular_members_90d"] = layers["regular"]
    result["casual_members_90d"] = layers["casual"]

    pairs = set()
    for p in window:
        if p[4] is not None and p[4] in ids:
            u, v = p[2], by_id[p[4]][2]
            if u != v:
                pairs.add((u, v))
    result["reply_pairs_90d"] = len(pairs)
    mutual = [pair for pair in pairs if (pair[1], pair[0]) in pairs]
    result["reciprocity_90d"] = len(mutual) / len(pairs) if pairs else None

    return {
        "posts_total": len(live),
        "threads_total": len([p for p in live if p[4] is None]),
        "indicators": result,
    }
