"""The community's life-cycle stage, after Wenger, McDermott & Snyder (2002).

Five stages: potential, coalescing, maturing, stewardship, transformation. The stage is read
from four signals, each over the 90-day window ending at the instant considered:

- growth: active contributors of the window / those of the 90 days before;
- renewal of the core: share of the onion core (see indicators) whose first post is less than
  a year old;
- share of activity not driven by the animators: posts by non-animators / all posts (unknown
  for an archive, which has no animators);
- decline from the community's own peak: 1 - posts of the window / the most posts any 90-day
  window ending at a month's end (or now) ever had.

The rules, tried in this order (docs/cockpit.md explains them to animators):

1. potential: younger than 90 days, or never had 5 active contributors in a 90-day window;
2. transformation: at least a year old and its activity at most half its peak;
3. coalescing: younger than a year, or animators write more than half the posts;
4. maturing: active contributors grew by 20% or more, or at least half the core is new;
5. stewardship: otherwise: steady, member-driven, past its first year.

A test whose signal is unknown (no previous window, no animators) is not met.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

from .indicators import WINDOW, onion_layers
from .table import DAY, PostTable, end_of_day, months_between

__all__ = ["STAGES", "THRESHOLDS", "compute_lifecycle", "stage_at"]

STAGES = ("potential", "coalescing", "maturing", "stewardship", "transformation")

THRESHOLDS = {
    "young_days": 90,
    "min_active": 5,
    "adult_days": 365,
    "decline": 0.5,
    "animator_share": 0.5,
    "growth": 1.2,
    "core_renewal": 0.5,
    "core_newcomer_days": 365,
}

# (stage, "any" or "all", [(signal, operator, threshold key)])
RULES: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("potential", "any", (("age_days", "<", "young_days"), ("peak_active_90d", "<", "min_active"))),
    (
        "transformation",
        "all",
        (("age_days", ">=", "adult_days"), ("decline_from_peak", ">=", "decline")),
    ),
    (
        "coalescing",
        "any",
        (("age_days", "<", "adult_days"), ("non_animator_share", "<", "animator_share")),
    ),
    ("maturing", "any", (("growth", ">=", "growth"), ("core_renewal", ">=", "core_renewal"))),
    ("stewardship", "all", ()),
)


def compute_lifecycle(
    table: PostTable, as_of: date, *, animators: set[Hashable] | None = None
) -> dict[str, Any]:
    """The `lifecycle` section: the stage as of the end of `as_of`, its signals, the rules tried
    with their outcome (the evidence), and the stage at the end of every month since the first
    post (the last entry being the as-of day itself).

    `animators` are the author keys of the community's animators; None when it has none to
    speak of (an imported archive): the share of activity not driven by them is then unknown.
    """
    end = end_of_day(as_of)
    n = table.count_before(end)
    notes: dict[str, str] = {}
    if animators is None:
        notes["non_animator_share"] = "no-animators"
    if not n:
        notes["stage"] = "no-posts"
        return {
            "stage": None,
            "signals": None,
            "evidence": [],
            "thresholds": THRESHOLDS,
            "history": [],
            "notes": notes,
        }
    animator_ids = (
        None
        if animators is None
        else {i for i, key in enumerate(table.authors) if key in animators}
    )
    history = []
    peak = {"posts": 0, "active": 0, "month": None}
    signals: dict[str, Any] = {}
    for label, _start, stop in months_between(table.ts[0], end):
        signals = _signals(table, stop, animator_ids, peak, label)
        stage, _evidence = stage_at(signals)
        history.append(
            {
                "month": label,
                "stage": stage,
                "active_contributors_90d": signals["active_contributors_90d"],
                "posts_90d": signals["posts_90d"],
                "growth": signals["growth"],
                "core_renewal": signals["core_renewal"],
                "non_animator_share": signals["non_animator_share"],
                "decline_from_peak": signals["decline_from_peak"],
            }
        )
    stage, evidence = stage_at(signals)
    return {
        "stage": stage,
        "signals": signals,
        "evidence": evidence,
        "thresholds": THRESHOLDS,
        "history": history,
        "notes": notes,
    }


def stage_at(signals: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The stage the rules give for these signals, and the rules tried up to the one that
    placed it, each with its tests (signal, operator, threshold, value, met)."""
    evidence = []
    for stage, mode, tests in RULES:
        results = []
        for signal, operator, key in tests:
            value, threshold = signals.get(signal), THRESHOLDS[key]
            met = value is not None and (
                value < threshold if operator == "<" else value >= threshold
            )
            results.append(
                {
                    "signal": signal,
                    "operator": operator,
                    "threshold": threshold,
                    "value": value,
                    "met": met,
                }
            )
        met = any(r["met"] for r in results) if mode == "any" else all(r["met"] for r in results)
        evidence.append({"stage": stage, "when": mode, "tests": results, "met": met})
        if met:
            return stage, evidence
    raise AssertionError("the last rule always matches")


def _signals(
    table: PostTable,
    end: int,
    animator_ids: set[int] | None,
    peak: dict[str, Any],
    label: str,
) -> dict[str, Any]:
    """The signals over the window ending at `end`; `peak` carries the running peak across
    the months, in order."""
    ts, author = table.ts, table.author
    lo, hi = table.count_before(end - WINDOW), table.count_before(end)
    before = table.count_before(end - 2 * WINDOW)
    active = len(set(author[lo:hi]))
    active_before = len(set(author[before:lo]))
    posts = hi - lo
    if posts > peak["posts"]:
        peak["posts"], peak["month"] = posts, label
    peak["active"] = max(peak["active"], active)
    core = onion_layers(table, lo, hi)[0]
    first = table.author_first
    recent = end - THRESHOLDS["core_newcomer_days"] * DAY
    if animator_ids is None or not posts:
        non_animator = None
    else:
        non_animator = sum(1 for a in author[lo:hi] if a not in animator_ids) / posts
    return {
        "age_days": (end - ts[0]) // DAY,
        "active_contributors_90d": active,
        "active_contributors_previous_90d": active_before,
        "peak_active_90d": peak["active"],
        "growth": active / active_before if active_before else None,
        "posts_90d": posts,
        "peak_posts_90d": peak["posts"],
        "peak_month": peak["month"],
        "decline_from_peak": 1 - posts / peak["posts"] if peak["posts"] else None,
        "core_size": len(core),
        "core_renewal": (
            sum(1 for a in core if ts[first[a]] >= recent) / len(core) if core else None
        ),
        "non_animator_share": non_animator,
    }
