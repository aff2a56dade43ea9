"""Event times as people read them: in their time zone, and in the event's when it differs."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from cercle.events import recurrence

register = template.Library()


def _day(moment: datetime) -> str:
    return f"{date_format(moment, 'l')} {date_format(moment, 'DATE_FORMAT')}"


def span(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    if start.date() == end.date():
        return _("%(day)s, from %(start)s to %(end)s") % {
            "day": _day(start),
            "start": time_format(start, "TIME_FORMAT"),
            "end": time_format(end, "TIME_FORMAT"),
        }
    return _("from %(start_day)s, %(start)s, to %(end_day)s, %(end)s") % {
        "start_day": _day(start),
        "start": time_format(start, "TIME_FORMAT"),
        "end_day": _day(end),
        "end": time_format(end, "TIME_FORMAT"),
    }


@register.simple_tag
def when(event, zone: str | None = None) -> str:
    """The event's date and times in `zone` (the event's own by default)."""
    return span(event.starts_at, event.ends_at, zone or event.time_zone)


@register.filter
def other_zone(event, zone: str) -> bool:
    """Whether the event's times read differently in the event's zone than in `zone`."""
    tz, own = ZoneInfo(zone), ZoneInfo(event.time_zone)
    return event.starts_at.astimezone(tz).replace(tzinfo=None) != event.starts_at.astimezone(
        own
    ).replace(tzinfo=None)


@register.filter
def rhythm(rule: str) -> str:
    return recurrence.describe(rule)


@register.filter
def response_label(value: str) -> str:
    from cercle.events.models import Response

    try:
        return Response(value).label
    except ValueError:
        return ""


@register.filter
def when_in_own_zone(event) -> str:
    return span(event.starts_at, event.ends_at, event.time_zone)
