"""The cockpit report: every section in one JSON-ready dict.

    report = build_report(community, as_of=date(2024, 3, 31))            # from the database
    report = report_from_records(posts, date(2017, 3, 31))              # from reader output

The report (what `cercle cockpit SLUG --json` prints and `CockpitSnapshot.payload` holds):

- `community`, `group`: slugs (group None for the whole community); `as_of`: "YYYY-MM-DD";
- `posts_total`, `threads_total`: live posts and threads as of the end of that day (UTC);
- `indicators`: every key of docs/indicators.md (cercle.cockpit.indicators.INDICATOR_KEYS);
- `hosted`: what only a hosted community knows (cercle.cockpit.hosted.HOSTED_KEYS), None for
  a report built from an archive's records;
- `lifecycle`, `engagement`, `trends`: see their modules and docs/cockpit.md;
- `notes`: {"section.key": reason code} for values that are missing (None) or to be read
  with care; `render_notes` adds the sentence (cercle.cockpit.reasons).

Authors appear by their key: user ids for a community in the database, the readers' author
keys for records.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from cercle.communities.models import Community, Group

from . import hosted
from .engagement import compute_engagement
from .indicators import indicators_of
from .lifecycle import compute_lifecycle
from .reasons import describe
from .rollups import LoadedPosts, load_posts
from .table import PostRecord, PostTable, end_of_day, from_micros
from .trends import compute_trends

__all__ = ["assemble", "build_report", "render_notes", "report_from_records"]


def assemble(
    table: PostTable,
    as_of: date,
    *,
    timezone: tzinfo = UTC,
    animators: set[Hashable] | None = None,
    members: Mapping[Hashable, tuple[datetime | None, datetime | None]] | None = None,
    visit_days: Mapping[Hashable, int] | None = None,
    visit_months: Mapping[tuple[Hashable, str], int] | None = None,
    accepted: set[Hashable] | None = None,
    thread_groups: Mapping[Hashable, Hashable] | None = None,
) -> dict[str, Any]:
    """Every section computed from the table (no database): the pure core of the report.
    The optional inputs are what a hosted community adds (see `compute_engagement`)."""
    current = indicators_of(table, as_of)
    lifecycle = compute_lifecycle(table, as_of, animators=animators)
    notes = {f"indicators.{key}": code for key, code in current["notes"].items()}
    notes.update({f"lifecycle.{key}": code for key, code in lifecycle.pop("notes").items()})
    engagement = compute_engagement(
        table,
        as_of,
        members=members,
        visit_days=visit_days,
        visit_months=visit_months,
        accepted=accepted,
    )
    if members is None:
        notes["engagement.observer"] = "no-members"
    return {
        "community": None,
        "group": None,
        "as_of": current["as_of"],
        "posts_total": current["posts_total"],
        "threads_total": current["threads_total"],
        "indicators": current["indicators"],
        "hosted": None,
        "lifecycle": lifecycle,
        "engagement": engagement,
        "trends": compute_trends(
            table, as_of, timezone=timezone, current=current, thread_groups=thread_groups
        ),
        "notes": notes,
    }


def report_from_records(
    posts: Iterable[PostRecord | tuple[Any, ...]],
    as_of: date,
    *,
    timezone: tzinfo = UTC,
    accepted: set[Hashable] | None = None,
) -> dict[str, Any]:
    """The report of an archive's posts (id, thread, author, created_at, parent), with no
    database: no hosted section, no animators, no member list."""
    table = PostTable.from_records(posts, until=end_of_day(as_of))
    return assemble(table, as_of, timezone=timezone, accepted=accepted)


def build_report(
    community: Community,
    as_of: date,
    *,
    group: Group | None = None,
    loaded: LoadedPosts | None = None,
    visits: tuple[dict[Hashable, int], dict[tuple[Hashable, str], int]] | None = None,
) -> dict[str, Any]:
    """The report of a community (or of one of its groups) as of the end of `as_of`, UTC.

    `loaded` and `visits` (`hosted.visit_counts`) let a caller that computes several reports
    (the community and each group) read the posts and the visits once; `loaded` must hold the
    community's posts up to at least the end of `as_of`.
    """
    until = end_of_day(as_of)
    if loaded is None:
        loaded = load_posts(community, until=from_micros(until))
    table = loaded.table if group is None else loaded.for_group(group.pk)
    visit_days, visit_months = visits or hosted.visit_counts(community, as_of)
    accepted = hosted.accepted_answers(community, as_of, group=group)
    report = assemble(
        table,
        as_of,
        timezone=ZoneInfo(settings.TIME_ZONE),
        animators=hosted.animator_ids(community, group=group),
        members=hosted.member_spans(community, group=group),
        visit_days=visit_days,
        visit_months=visit_months,
        accepted={post_id for post_id, _at in accepted.values()},
        thread_groups=loaded.thread_groups if group is None else None,
    )
    report["community"] = community.slug
    report["group"] = group.slug if group is not None else None
    n = table.count_before(until)
    posters = {table.authors[a] for a, first in enumerate(table.author_first) if first < n}
    section = hosted.hosted_section(community, as_of, group=group, posters=posters)
    report["hosted"] = section["values"]
    report["notes"].update({f"hosted.{key}": code for key, code in section["notes"].items()})
    if group is not None:
        report["notes"]["engagement.visit_days"] = "community-wide"
    return report


def render_notes(report: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The report's notes with their sentence in the active language."""
    return {
        key: {"code": code, "message": describe(code)}
        for key, code in sorted(report.get("notes", {}).items())
    }
