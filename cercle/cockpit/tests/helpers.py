"""Small helpers to write posts by hand relative to the as-of instant."""

from datetime import UTC, date, datetime, time, timedelta

AS_OF = date(2024, 6, 30)
# The instant just after the as-of day: a post exists as of AS_OF when it is before END.
END = datetime.combine(AS_OF + timedelta(days=1), time(0), tzinfo=UTC)


def ago(days: float = 0, hours: float = 0, microseconds: int = 0) -> datetime:
    """END minus so long: ago(90) is the first instant of the 90-day window."""
    return END - timedelta(days=days, hours=hours, microseconds=microseconds)


def after(moment: datetime, days: float = 0, hours: float = 0) -> datetime:
    return moment + timedelta(days=days, hours=hours)
