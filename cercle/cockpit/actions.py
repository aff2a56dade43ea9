"""Computing and storing cockpit snapshots, and planning when to.

- `recompute(community)`: compute the report of the community and of each of its groups as of
  today (UTC), reading the posts once, and store them as `CockpitSnapshot` rows.
- `request_recompute(community, at=None)`: plan a recompute in the background, debounced: a
  burst of activity asks for one computation `DEBOUNCE` after its first event, not one per
  post. After each run the next nightly one is planned (`NIGHTLY_HOUR`, in the site's time
  zone), so that visits and the passing of time show even in a quiet community.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cercle.communities.models import Community, Group

from .hosted import visit_counts
from .models import CockpitSchedule, CockpitSnapshot
from .report import build_report
from .rollups import load_posts
from .table import end_of_day, from_micros

__all__ = ["DEBOUNCE", "NIGHTLY_HOUR", "next_nightly", "recompute", "request_recompute"]

DEBOUNCE = timedelta(minutes=10)
NIGHTLY_HOUR = 3


def today() -> date:
    """The cockpit's days are UTC days (docs/indicators.md)."""
    return timezone.now().astimezone(ZoneInfo("UTC")).date()


def recompute(community: Community, *, as_of: date | None = None) -> list[CockpitSnapshot]:
    """Compute and store the snapshots of the community and of each of its groups as of the
    end of `as_of` (today by default); the posts are read once for all of them."""
    as_of = as_of or today()
    started = time.monotonic()
    loaded = load_posts(community, until=from_micros(end_of_day(as_of)))
    visits = visit_counts(community, as_of)
    snapshots = []
    groups: list[Group | None] = [None, *Group.objects.filter(community=community).order_by("pk")]
    for group in groups:
        begun = time.monotonic()
        payload = build_report(community, as_of, group=group, loaded=loaded, visits=visits)
        elapsed = time.monotonic() - (started if group is None else begun)
        snapshot, _created = CockpitSnapshot.objects.update_or_create(
            community=community,
            group=group,
            as_of=as_of,
            defaults={
                "payload": payload,
                "computed_at": timezone.now(),
                "duration_ms": int(elapsed * 1000),
            },
        )
        snapshots.append(snapshot)
    return snapshots


def next_nightly(after: datetime | None = None) -> datetime:
    """The next NIGHTLY_HOUR o'clock in the site's time zone after `after` (now)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    moment = (after or timezone.now()).astimezone(zone)
    planned = moment.replace(hour=NIGHTLY_HOUR, minute=0, second=0, microsecond=0)
    if planned <= moment:
        planned = (planned + timedelta(days=1)).replace(hour=NIGHTLY_HOUR)
    return planned


def request_recompute(community: Community, *, at: datetime | None = None) -> bool:
    """Plan a recompute of the community's cockpit at `at` (in DEBOUNCE by default), unless one
    is already planned by then. True if a task was queued.

    With a task backend that cannot defer (the immediate one of the tests), the recompute is
    queued at once, and only when asked for explicitly (`at` given).
    """
    from .tasks import recompute_cockpit

    backend = recompute_cockpit.get_backend()
    now = timezone.now()
    if not backend.supports_defer:
        if at is None:
            return False
        transaction.on_commit(lambda: recompute_cockpit.enqueue(community.pk, None))
        return True
    at = at or now + DEBOUNCE
    planned_soon = CockpitSchedule.objects.filter(
        community=community, next_run_at__gte=now, next_run_at__lte=at
    )
    if planned_soon.exists():
        return False  # the common case after the first event of a burst: one read, no write
    with transaction.atomic():
        schedule, _created = CockpitSchedule.objects.select_for_update().get_or_create(
            community=community
        )
        if schedule.next_run_at is not None and now <= schedule.next_run_at <= at:
            return False  # a run is planned soon enough: it will see this activity too
        schedule.next_run_at = at
        schedule.save(update_fields=["next_run_at"])
        planned = at.isoformat()
        transaction.on_commit(
            lambda: recompute_cockpit.using(run_after=at).enqueue(community.pk, planned)
        )
    return True


def run_planned(community_id: int, planned: str | None) -> list[CockpitSnapshot]:
    """What the task does: recompute, unless this run was superseded by a later plan; then
    plan the next nightly run."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return []
    if planned is not None:
        with transaction.atomic():
            schedule = (
                CockpitSchedule.objects.select_for_update().filter(community=community).first()
            )
            if schedule is None or schedule.next_run_at is None:
                return []
            if schedule.next_run_at.isoformat() != planned:
                return []  # another plan replaced this one: that run will do the work
            schedule.next_run_at = None
            schedule.last_run_at = timezone.now()
            schedule.save(update_fields=["next_run_at", "last_run_at"])
    snapshots = recompute(community)
    if planned is not None:
        request_recompute(community, at=next_nightly())
    return snapshots
