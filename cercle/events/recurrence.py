"""Recurring events: RFC 5545 repetition rules (RRULE), read and expanded by python-dateutil.

A rule is expanded in the series' local time (its first start as a wall-clock time in its
zone), so that "the first Tuesday of each month at 12:30 in Paris" stays at 12:30 after the
clocks change. Occurrences are *materialised*: each becomes an Event row, created up to
HORIZON ahead (at creation, on each edit of the series, and by the periodic run of
`cercle send_event_reminders`). We chose this over expanding on read because an occurrence
carries its own life — answers and a waiting list, reminders sent, attendance, a page and a
stable iCalendar UID, a cancellation or a move — and because lists, feeds and reminders then
read plain rows with constant queries. The price is a horizon: an occurrence further than six
months away does not exist yet (calendar feeds show the same), which is what members plan on.

Animators choose among presets (every week, every two weeks, the nth weekday of each month,
the same date each month), or write a rule themselves; a rule we cannot read, that repeats more
than once a day, or that gives no date is refused with a message that says so.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cercle.lib.errors import Refused

MAX_RULE_CHARS = 300
HORIZON = timedelta(days=183)
MAX_OCCURRENCES = 200  # created at once for one series, whatever its rule
ALLOWED_KEYS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYWEEKNO",
    "BYYEARDAY",
    "WKST",
}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Repeat(models.TextChoices):
    NONE = "", gettext_lazy("Does not repeat")
    WEEKLY = "weekly", gettext_lazy("Every week, on the same day")
    FORTNIGHTLY = "fortnightly", gettext_lazy("Every two weeks, on the same day")
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        gettext_lazy("Every month, on the same weekday (e.g. the first Tuesday)"),
    )
    MONTHLY_DATE = "monthly_date", gettext_lazy("Every month, on the same date")
    CUSTOM = "custom", gettext_lazy("Another rule (RRULE, for the experienced)")


ORDINALS = {
    1: pgettext_lazy("weekday of the month", "first"),
    2: pgettext_lazy("weekday of the month", "second"),
    3: pgettext_lazy("weekday of the month", "third"),
    4: pgettext_lazy("weekday of the month", "fourth"),
    -1: pgettext_lazy("weekday of the month", "last"),
}
WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]


def _nth_weekday(day: date) -> int:
    """1 for the first such weekday of its month... 4; -1 for a fifth, which not every month
    has: "the last" is what people mean then."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def preset_rule(
    repeat: str, local_start: datetime, *, custom: str = "", until: date | None = None
) -> str:
    """The RRULE of a preset, from the first start (the weekday or the date it falls on)."""
    if repeat == Repeat.NONE:
        return ""
    if repeat == Repeat.CUSTOM:
        rule = (custom or "").strip()
        if not rule:
            raise Refused(_("Write the repetition rule, or choose one of the usual rhythms."))
        if until is not None and "UNTIL=" not in rule.upper() and "COUNT=" not in rule.upper():
            rule += f";UNTIL={until:%Y%m%d}T235959"
        return rule
    day = DAYS[local_start.weekday()]
    rules = {
        Repeat.WEEKLY: "FREQ=WEEKLY",
        Repeat.FORTNIGHTLY: "FREQ=WEEKLY;INTERVAL=2",
        Repeat.MONTHLY_WEEKDAY: f"FREQ=MONTHLY;BYDAY={_nth_weekday(local_start.date())}{day}",
        Repeat.MONTHLY_DATE: f"FREQ=MONTHLY;BYMONTHDAY={local_start.day}",
    }
    if repeat not in rules:
        raise Refused(_("Choose how the event repeats."))
    rule = rules[repeat]
    if until is not None:
        rule += f";UNTIL={until:%Y%m%d}T235959"
    return rule


def _invalid() -> Refused:
    return Refused(
        _(
            "This repetition rule cannot be read. Write it as in calendar applications, "
            "for example FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of each month."
        )
    )


def normalise(rule: str, tz: ZoneInfo) -> str:
    """The rule's parts, checked and upper-cased; an UNTIL in UTC becomes local time."""
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if len(rule) > MAX_RULE_CHARS:
        raise Refused(_("A repetition rule has at most %(n)d characters.") % {"n": MAX_RULE_CHARS})
    parts = []
    for part in filter(None, (p.strip() for p in rule.split(";"))):
        key, sep, value = part.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not value:
            raise _invalid()
        if key not in ALLOWED_KEYS:
            raise Refused(
                _(
                    "The repetition rule uses %(part)s, which events do not: they keep the "
                    "time of their first start. Use FREQ, INTERVAL, BYDAY, BYMONTHDAY, "
                    "BYSETPOS, COUNT or UNTIL."
                )
                % {"part": key[:20]}
            )
        if key == "UNTIL" and value.endswith("Z"):
            try:
                instant = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError:
                raise _invalid() from None
            value = instant.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key}={value}")
    if not parts:
        raise _invalid()
    return ";".join(parts)


def parse(rule: str, local_start: datetime) -> rrule:
    """The rule, from this first start (a naive local time); Refused if we cannot use it."""
    try:
        parsed = rrulestr(rule, dtstart=local_start)
    except (ValueError, TypeError, KeyError, IndexError):
        raise _invalid() from None
    if not isinstance(parsed, rrule):
        raise _invalid()
    if parsed._freq not in (YEARLY, MONTHLY, WEEKLY, DAILY):
        raise Refused(_("An event repeats at most once a day."))
    if parsed._interval < 1:
        raise _invalid()
    if parsed._count is not None and parsed._count > 1000:
        raise Refused(_("A series has at most 1000 occurrences (COUNT)."))
    try:
        first = next(iter(parsed), None)
    except (ValueError, TypeError):
        raise _invalid() from None
    if first is None:
        raise Refused(_("This repetition rule gives no date after the first start: check it."))
    return parsed


def check(rule: str, local_start: datetime, tz: ZoneInfo) -> str:
    """The normalised rule, after checking that it reads and gives at least one date."""
    normalised = normalise(rule, tz)
    parse(normalised, local_start)
    return normalised


def local_starts(
    rule: str,
    local_first: datetime,
    *,
    after: datetime,
    before: datetime,
    limit: int = MAX_OCCURRENCES,
) -> list[datetime]:
    """The rule's starts as naive local times, `after` < start <= `before` (naive local too),
    at most `limit`."""
    starts: list[datetime] = []
    for start in parse(rule, local_first):
        if start <= after:
            continue
        if start > before or len(starts) >= limit:
            break
        starts.append(start)
    return starts


def until_date(rule: str) -> date | None:
    """The last date of a rule with an UNTIL, None for the others."""
    for part in rule.split(";"):
        if part.startswith("UNTIL="):
            value = part[6:14]
            try:
                return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
            except ValueError:
                return None
    return None


def without_until(rule: str) -> str:
    return ";".join(part for part in rule.split(";") if not part.startswith("UNTIL="))


def describe(rule: str) -> str:
    """A sentence for the usual rules ("every week", "the first Tuesday of each month"),
    the rule itself for the others."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    extra = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "WKST"}
    if extra:
        return rule
    text = ""
    if freq == "WEEKLY" and "BYMONTHDAY" not in parts and "BYDAY" not in parts:
        text = {"1": _("every week"), "2": _("every two weeks")}.get(interval, "")
    elif freq == "MONTHLY" and interval == "1":
        byday = parts.get("BYDAY", "")
        if byday and "," not in byday and byday[-2:] in DAYS and "BYMONTHDAY" not in parts:
            try:
                n = int(byday[:-2] or "0")
            except ValueError:
                n = 0
            if n in ORDINALS:
                text = _("the %(nth)s %(weekday)s of each month") % {
                    "nth": ORDINALS[n],
                    "weekday": WEEKDAYS[DAYS.index(byday[-2:])],
                }
        elif "BYMONTHDAY" in parts and "BYDAY" not in parts:
            text = _("on day %(day)s of each month") % {"day": parts["BYMONTHDAY"]}
    if not text:
        return rule
    if "UNTIL" in parts:
        until = until_date(rule)
        if until is None:
            return rule
        text = _("%(rhythm)s, until %(date)s") % {
            "rhythm": text,
            "date": date_format(until, "DATE_FORMAT"),
        }
    return text
