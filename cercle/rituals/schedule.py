"""When a ritual falls due, and what its templates become on that date.

A schedule is a preset (once, weekly, monthly on a day or a weekday, quarterly) or an RRULE
typed by the animator; presets are written as RRULEs too, and every rule is read, checked and
expanded by cercle.events.recurrence (python-dateutil), in local time: "every Monday at 9:00 in
Paris" stays at 9:00 in summer and in winter.

Templates take a few placeholders between braces — {date}, {weekday}, {day}, {month}, {week},
{quarter}, {year}, {community} — replaced by the occurrence's values in the ritual's language.
They are replaced by name, never with str.format (which would let a template reach Python
attributes); an unknown name is refused when the ritual is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cercle.events import recurrence
from cercle.lib.errors import Refused
from cercle.rituals.models import Frequency

DAYS = recurrence.DAYS  # MO, TU... as RRULE writes them
PLACEHOLDER = re.compile(r"\{(\w*)\}")
PLACEHOLDERS = ("date", "weekday", "day", "month", "week", "quarter", "year", "community")
MAX_DAY = 28  # a day every month has; -1 is the last day


@dataclass(frozen=True)
class Schedule:
    """What the animator chose; built from a Ritual or from a form's values."""

    frequency: str
    starts_on: date
    time_of_day: time
    time_zone: str
    weekday: int = 0
    ordinal: int = 1
    day_of_month: int = 1
    custom_rule: str = ""

    @classmethod
    def of(cls, ritual) -> Schedule:
        return cls(
            frequency=ritual.frequency,
            starts_on=ritual.starts_on,
            time_of_day=ritual.time_of_day,
            time_zone=ritual.time_zone,
            weekday=ritual.weekday,
            ordinal=ritual.ordinal,
            day_of_month=ritual.day_of_month,
            custom_rule=ritual.custom_rule,
        )

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.time_zone)

    @property
    def first_local(self) -> datetime:
        return datetime.combine(self.starts_on, self.time_of_day.replace(second=0, microsecond=0))

    def rule(self) -> str:
        """The RRULE of the schedule ("" for a one-off), checked: Refused if it gives no date."""
        if self.frequency == Frequency.ONCE:
            return ""
        if self.frequency == Frequency.CUSTOM:
            if not self.custom_rule.strip():
                raise Refused(_("Write the repetition rule, or choose one of the usual rhythms."))
            return recurrence.check(self.custom_rule, self.first_local, self.zone)
        if not 0 <= self.weekday <= 6:
            raise Refused(_("Choose a weekday."))
        day = DAYS[self.weekday]
        if self.frequency in (Frequency.MONTHLY_WEEKDAY, Frequency.QUARTERLY) and (
            self.ordinal not in (1, 2, 3, 4, -1)
        ):
            raise Refused(_("Choose which weekday of the month: the first... or the last."))
        if self.frequency == Frequency.MONTHLY_DAY and not (
            1 <= self.day_of_month <= MAX_DAY or self.day_of_month == -1
        ):
            raise Refused(
                _(
                    "Choose a day between 1 and %(max)d (every month has it), or the last day "
                    "of the month."
                )
                % {"max": MAX_DAY}
            )
        rules = {
            Frequency.WEEKLY: f"FREQ=WEEKLY;BYDAY={day}",
            Frequency.MONTHLY_DAY: f"FREQ=MONTHLY;BYMONTHDAY={self.day_of_month}",
            Frequency.MONTHLY_WEEKDAY: f"FREQ=MONTHLY;BYDAY={self.ordinal}{day}",
            Frequency.QUARTERLY: f"FREQ=MONTHLY;INTERVAL=3;BYDAY={self.ordinal}{day}",
        }
        if self.frequency not in rules:
            raise Refused(_("Choose how often the ritual comes back."))
        return recurrence.check(rules[self.frequency], self.first_local, self.zone)

    def check(self) -> str:
        zone(self.time_zone)
        return self.rule()

    # --- Occurrences, as aware datetimes -----------------------------------------------------

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.zone)

    def _local_now(self, at: datetime) -> datetime:
        return timezone.localtime(at, self.zone).replace(tzinfo=None)

    def latest(self, at: datetime) -> datetime | None:
        """The last occurrence at or before `at`, None if none has come yet."""
        rule = self.rule()
        now = self._local_now(at)
        if not rule:
            return self._aware(self.first_local) if self.first_local <= now else None
        found = recurrence.parse(rule, self.first_local).before(now, inc=True)
        return self._aware(found) if found is not None else None

    def upcoming(self, at: datetime, count: int = 5) -> list[datetime]:
        """The next `count` occurrences after `at`."""
        rule = self.rule()
        now = self._local_now(at)
        if not rule:
            return [self._aware(self.first_local)] if self.first_local > now else []
        expanded = recurrence.parse(rule, self.first_local).xafter(now, count=count)
        return [self._aware(local) for local in expanded]

    def describe(self) -> str:
        """The rhythm in words: "every Monday at 09:00", "the last Friday of every third
        month at 17:00"."""
        at = formats.time_format(self.time_of_day, "TIME_FORMAT")
        weekday = str(recurrence.WEEKDAYS[self.weekday]) if 0 <= self.weekday <= 6 else ""
        nth = str(recurrence.ORDINALS.get(self.ordinal, ""))
        if self.frequency == Frequency.ONCE:
            return _("once, on %(date)s at %(time)s") % {
                "date": formats.date_format(self.starts_on, "DATE_FORMAT"),
                "time": at,
            }
        if self.frequency == Frequency.WEEKLY:
            return _("every %(weekday)s at %(time)s") % {"weekday": weekday, "time": at}
        if self.frequency == Frequency.MONTHLY_DAY:
            if self.day_of_month == -1:
                return _("the last day of each month at %(time)s") % {"time": at}
            return _("on day %(day)d of each month at %(time)s") % {
                "day": self.day_of_month,
                "time": at,
            }
        if self.frequency == Frequency.MONTHLY_WEEKDAY:
            return _("the %(nth)s %(weekday)s of each month at %(time)s") % {
                "nth": nth,
                "weekday": weekday,
                "time": at,
            }
        if self.frequency == Frequency.QUARTERLY:
            return _("the %(nth)s %(weekday)s of every third month at %(time)s") % {
                "nth": nth,
                "weekday": weekday,
                "time": at,
            }
        return _("%(rule)s at %(time)s") % {"rule": self.custom_rule, "time": at}


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo((name or "").strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(
            _("“%(zone)s” is not a time zone we know. Use a name such as Europe/Paris.")
            % {"zone": (name or "")[:64]}
        ) from None


# --- Templates ------------------------------------------------------------------------------


def values(moment: datetime, *, time_zone: str, language: str, community_name: str) -> dict:
    """The placeholders' values for one occurrence, in the ritual's language and zone."""
    local = timezone.localtime(moment, zone(time_zone))
    day = local.date()
    with translation.override(language):
        return {
            "date": formats.date_format(day, "DATE_FORMAT"),
            "weekday": formats.date_format(day, "l"),
            "day": str(day.day),
            "month": formats.date_format(day, "YEAR_MONTH_FORMAT"),
            "week": str(day.isocalendar().week),
            "quarter": str((day.month - 1) // 3 + 1),
            "year": str(day.year),
            "community": community_name,
        }


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in PLACEHOLDER.findall(template or "") if name not in PLACEHOLDERS]


def check_template(template: str) -> None:
    unknown = unknown_placeholders(template)
    if unknown:
        raise Refused(
            _("{%(name)s} is not a placeholder we know. Use %(known)s.")
            % {"name": unknown[0][:30], "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)}
        )


def fill(template: str, filled: dict) -> str:
    """The template with each known placeholder replaced; anything else left as written."""
    return PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)), template or "")
