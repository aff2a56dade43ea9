"""iCalendar (RFC 5545) files, written with the icalendar library: one event's .ics, and the
feeds calendar applications subscribe to.

- Times are in the event's time zone (DTSTART;TZID=Europe/Paris), with the VTIMEZONE
  components those zones need, built from the tz database for the period the file covers.
- UID: the event's own UUID, which never changes; SEQUENCE: raised by each change, so that a
  calendar takes the new version; LAST-MODIFIED, CREATED, DTSTAMP.
- A cancelled event stays in the feeds with STATUS:CANCELLED (and a title that says so, for
  the applications that only show it), so that calendars drop it rather than keep it.
- Recurring events are exported as their occurrences, each a VEVENT of its own (our
  occurrences are materialised rows with their own answers and changes), never as an RRULE:
  one file never describes the same meeting twice.
- The video link is written only for a member who is registered (going), as on the page.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.events.models import Event, EventStatus

PRODID = "-//Cercle//Cercle events//EN"


def _page(event: Event) -> str:
    return settings.SITE_URL + reverse("events:detail", args=[event.community.slug, event.pk])


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def vevent(event: Event, *, with_video: bool, stamp: datetime) -> icalendar.Event:
    tz = ZoneInfo(event.time_zone)
    item = icalendar.Event()
    item.add("uid", f"{event.uid}@cercle")
    item.add("dtstamp", _utc(stamp))
    item.add("created", _utc(event.created_at))
    item.add("last-modified", _utc(event.updated_at))
    item.add("sequence", event.sequence)
    cancelled = event.status == EventStatus.CANCELLED
    title = event.title
    if cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    item.add("summary", title)
    item.add("dtstart", event.starts_at.astimezone(tz))
    item.add("dtend", event.ends_at.astimezone(tz))
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    page = _page(event)
    item.add("url", page)
    lines = [event.description] if event.description else []
    where = event.address
    if event.video_url:
        if with_video:
            lines.append(_("Video link: %(url)s") % {"url": event.video_url})
            item.add("conference", event.video_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
            where = where or event.video_url
        else:
            lines.append(
                _("By video: the link is given to registered members, on the event's page.")
            )
            where = where or _("By video")
    lines.append(page)
    item.add("description", "\n\n".join(lines))
    if where:
        item.add("location", where)
    categories = [event.community.name] + ([event.group.name] if event.group_id else [])
    item.add("categories", categories)
    return item


def calendar(events: list[Event], *, name: str, with_video: set[int]) -> bytes:
    """A VCALENDAR of these events. `with_video`: ids of the events whose video link the
    reader may see."""
    stamp = timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # the same, for the applications that predate RFC 7986
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for event in events:
        cal.add_component(vevent(event, with_video=event.pk in with_video, stamp=stamp))
    if events:
        first = min(event.starts_at for event in events).date() - timedelta(days=366)
        last = max(event.ends_at for event in events).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()
