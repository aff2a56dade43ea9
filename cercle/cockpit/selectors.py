"""Reading stored cockpit reports: what the cockpit pages use (one query, no computation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from cercle.communities.models import Community, Group

from .models import CockpitSnapshot

__all__ = ["latest_ladders", "latest_snapshot", "snapshot_days", "snapshot_on"]


def latest_snapshot(community: Community, *, group: Group | None = None) -> CockpitSnapshot | None:
    """The most recent snapshot of the community (or of one group), or None if none was
    computed yet (the page then says the cockpit is being computed)."""
    snapshots = CockpitSnapshot.objects.filter(community=community)
    snapshots = (
        snapshots.filter(group__isnull=True) if group is None else snapshots.filter(group=group)
    )
    return snapshots.order_by("-as_of", "-computed_at").first()


def _of(community: Community, group: Group | None):
    snapshots = CockpitSnapshot.objects.filter(community=community)
    return snapshots.filter(group__isnull=True) if group is None else snapshots.filter(group=group)


def snapshot_on(community: Community, day: date, *, group: Group | None = None):
    """The snapshot stored for that day, or None (one query)."""
    return _of(community, group).filter(as_of=day).order_by("-computed_at").first()


def snapshot_days(community: Community, *, group: Group | None = None, limit: int = 90):
    """The days a snapshot was stored for, latest first (the as-of selector; one query)."""
    return list(_of(community, group).order_by("-as_of").values_list("as_of", flat=True)[:limit])


def latest_ladders(
    community: Community, *, group_ids: frozenset[int] | None = None, since_days: int = 7
) -> list[list[dict[str, Any]]]:
    """The engagement ladders (`engagement.members`) of the latest snapshot of the community,
    or of each of the groups, read from the database without the rest of the report (one
    query). Snapshots older than `since_days` are left out."""
    snapshots = CockpitSnapshot.objects.filter(community=community)
    if group_ids is None:
        snapshots = snapshots.filter(group__isnull=True)
    else:
        snapshots = snapshots.filter(
            group_id__in=group_ids, as_of__gte=timezone.now().date() - timedelta(days=since_days)
        )
    rows = (
        snapshots.annotate(ladder=KeyTransform("members", KeyTransform("engagement", "payload")))
        .order_by("group_id", "-as_of", "-computed_at")
        .values_list("group_id", "ladder")
    )
    if group_ids is None:
        rows = rows[:1]
    ladders, seen = [], set()
    for group_id, ladder in rows:
        if group_id not in seen:
            seen.add(group_id)
            ladders.append(ladder or [])
    return ladders
