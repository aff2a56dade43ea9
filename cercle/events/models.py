"""Events of a community or of one of its groups, members' answers, reminders and calendars.

- An Event happens at one place (an address), by video (a link shown only to those who are
  registered), or both; between two instants kept in UTC, with the IANA time zone it is
  organised in (its times are shown in that zone and in the member's). It may have a capacity:
  members who answer "going" when it is full join its waiting list, and move up, in order,
  when a place frees up.
- An EventSeries is a recurring event ("the first Tuesday of each month"): an RRULE
  (RFC 5545, expanded with python-dateutil) from a first start, in local time, so that the
  event stays at 12:30 across daylight-saving changes. Its occurrences are materialised as
  Event rows up to a horizon (cercle.events.recurrence): each occurrence is then an event like
  any other, with its own answers, reminders, attendance and page. An exception is simply an
  occurrence row that differs: cancelled (status), or moved or edited (`detached`); since
  rows are keyed by the occurrence's original date, the series never recreates them.
- A Registration is one member's answer to one event: going, waiting (for a place), maybe,
  not going; after the event, whether they came (`attended`).
- A Reminder is one reminder email (the day before, the hour before) to one member for one
  start time: the row is the proof that it was sent, so a run that is repeated or resumed
  after a mail server failure never sends it twice.
- A CalendarFeed is a private address (a token) where a calendar application reads a
  member's events: those of all their communities, or of one. Revoked tokens stop working.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


class Response(models.TextChoices):
    GOING = "going", _("Going")
    WAITING = "waiting", _("On the waiting list")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")


class EventDetails(models.Model):
    """What an event and a series share: what, where, for how many, in which time zone."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)

    class Meta:
        abstract = True

    @property
    def in_person(self) -> bool:
        return bool(self.address)

    @property
    def by_video(self) -> bool:
        return bool(self.video_url)


class EventSeries(EventDetails):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="event_series"
    )
    group = models.ForeignKey(
        "communities.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_series",
    )
    rule = models.CharField(_("repetition rule"), max_length=300)
    first_start = models.DateTimeField()
    duration = models.DurationField()
    # Occurrences exist as Event rows up to this instant; cercle.events.recurrence extends it.
    materialised_until = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recurring event")
        verbose_name_plural = _("recurring events")
        indexes = [
            models.Index(fields=["cancelled_at", "materialised_until"], name="series_to_extend")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.rule})"


class Event(EventDetails):
    # The iCalendar UID: stable whatever the site's address or the row's id.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="events", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    # For an occurrence: the start the series' rule gave it (its RECURRENCE-ID).
    original_start = models.DateTimeField(null=True, blank=True)
    # An occurrence moved or edited on its own: editing the series leaves it alone.
    detached = models.BooleanField(default=False)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    # iCalendar's SEQUENCE: raised on each change, so calendar applications take the new one.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"],
                condition=Q(series__isnull=False),
                name="event_one_occurrence_per_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts_at"], name="event_community_start"),
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.community.slug, self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def is_over(self, at=None) -> bool:
        return (at or timezone.now()) >= self.ends_at

    def has_started(self, at=None) -> bool:
        return (at or timezone.now()) >= self.starts_at


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    response = models.CharField(max_length=10, choices=Response.choices)
    responded_at = models.DateTimeField(default=timezone.now)
    # When they got their place (going): a reminder due before that is not sent.
    registered_at = models.DateTimeField(null=True, blank=True)
    # Their place in the waiting list: first come, first served.
    waiting_since = models.DateTimeField(null=True, blank=True)
    # Recorded by an animator after the event: None until then.
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique")
        ]
        indexes = [
            models.Index(fields=["event", "response"], name="registration_by_response"),
            models.Index(fields=["user", "response"], name="registration_of_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.response} {self.event}"


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day", _("the day before")
    HOUR_BEFORE = "hour", _("an hour before")


class ReminderState(models.TextChoices):
    # Claimed by a run that is sending it. A run that dies here leaves it so: it is not sent
    # again (a reminder missed is better than one received twice).
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"  # the mail server refused or was down: a later run retries


class Reminder(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    # The start it reminds of: an event moved to another day gets its reminders again.
    starts_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=ReminderState.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "kind", "starts_at"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder of {self.event_id} to {self.user_id}: {self.state}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private calendar address. `community` empty: all the member's communities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(revoked_at__isnull=True, community__isnull=False),
                name="calendar_feed_one_per_community",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, community__isnull=True),
                name="calendar_feed_one_for_all",
            ),
        ]

    def __str__(self) -> str:
        return f"feed of {self.user_id} ({self.community_id or 'all'})"

    def get_absolute_url(self) -> str:
        return reverse("events:feed", args=[self.token])


class MemberTimeZone(models.Model):
    """The time zone a member reads event times in (the site's when they have not chosen)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    time_zone = models.CharField(_("time zone"), max_length=64)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.time_zone}"
