"""The periods of the digest: a day, an ISO week (from Monday), a month, in the site's time zone.

A digest is due once per period, from DIGEST_HOUR (local time) on its first day: the daily one
every morning, the weekly one on Monday morning, the monthly one on the 1st. A run that comes
later in the period (the server was down on Monday) still sends it; a run that comes again in
the same period sends nothing more (cercle.newsletters.digests).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import Rhythm

SENT_RHYTHMS = (Rhythm.DAILY, Rhythm.WEEKLY, Rhythm.MONTHLY)

# How far back a member's first digest looks (and the most any digest looks back, so that a
# member who moves from "monthly" to "daily" is not sent a month at once).
LOOKBACK = {
    Rhythm.DAILY: timedelta(days=1),
    Rhythm.WEEKLY: timedelta(days=7),
    Rhythm.MONTHLY: timedelta(days=31),
}


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_of(rhythm: str, at: datetime) -> date:
    """The first day of the period `at` falls in."""
    day = at.astimezone(site_zone()).date()
    if rhythm == Rhythm.DAILY:
        return day
    if rhythm == Rhythm.WEEKLY:
        return day - timedelta(days=day.weekday())
    if rhythm == Rhythm.MONTHLY:
        return day.replace(day=1)
    raise ValueError(f"No period for rhythm {rhythm!r}")


def send_time(period: date) -> datetime:
    """When the digest of the period starting on `period` is due."""
    hour = getattr(settings, "DIGEST_HOUR", 7)
    return datetime.combine(period, time(hour=hour), tzinfo=site_zone())


def is_due(rhythm: str, at: datetime) -> bool:
    return at >= send_time(period_of(rhythm, at))


def due_rhythms(at: datetime) -> list[str]:
    return [rhythm for rhythm in SENT_RHYTHMS if is_due(rhythm, at)]
