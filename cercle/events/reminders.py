"""Reminders by email, the day before (24 hours) and an hour before an event, to the members
who are going.

`send_due_reminders()` is run every few minutes (`cercle send_event_reminders --every 300`,
started by `cercle serve`). It is idempotent and resumable:

- each reminder is a Reminder row, unique for (event, member, kind, start). A run *claims* a
  reminder by creating its row (state "sending") before handing the email to the mail server,
  then marks it "sent": a second run, at once or in parallel, finds the row and sends nothing;
- when the mail server refuses or is down, the row is marked "failed" and a later run tries
  again (up to MAX_ATTEMPTS), as long as the reminder is still useful; after a few failures in
  a row the run stops (the server is down: no use trying every member) and the next one
  resumes where it stopped;
- a run that dies between the claim and the send leaves the row "sending": it is not sent
  again, because we cannot know whether the server took it (a missed reminder is better than
  one received twice).

A reminder that is no longer useful is not sent: the hour-before one replaces the day-before
one when both are due (a server down all day), none is sent once the event has started, none
to a member who registered after it was due (they have just said they are coming), and an
event moved to another time gets its reminders again.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from cercle.communities.models import Membership, MembershipState
from cercle.events import emails
from cercle.events.models import (
    Event,
    EventStatus,
    Registration,
    Reminder,
    ReminderKind,
    ReminderState,
    Response,
)
from cercle.lib.mail import send_to_user

log = logging.getLogger(__name__)

BEFORE = {
    ReminderKind.DAY_BEFORE: timedelta(hours=24),
    ReminderKind.HOUR_BEFORE: timedelta(hours=1),
}
MAX_ATTEMPTS = 5
STOP_AFTER_FAILURES = 3  # in a row


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    stopped: bool = False  # the mail server seemed down: the next run resumes

    def as_dict(self) -> dict:
        return asdict(self)


def _kind(event: Event, at: datetime) -> ReminderKind:
    if event.starts_at - at <= BEFORE[ReminderKind.HOUR_BEFORE]:
        return ReminderKind.HOUR_BEFORE
    return ReminderKind.DAY_BEFORE


def due_reminders(at: datetime) -> list[tuple[Registration, ReminderKind, Reminder | None]]:
    """(registration, kind, existing failed row or None) of every reminder to send now."""
    window_end = at + BEFORE[ReminderKind.DAY_BEFORE]
    registrations = list(
        Registration.objects.filter(
            response=Response.GOING,
            event__status=EventStatus.SCHEDULED,
            event__starts_at__gt=at,
            event__starts_at__lte=window_end,
            user__is_active=True,
        )
        # Members who left the community since are not reminded.
        .filter(
            Exists(
                Membership.objects.filter(
                    community=OuterRef("event__community"),
                    user=OuterRef("user"),
                    state=MembershipState.ACTIVE,
                )
            )
        )
        .select_related("user", "event__community", "event__group")
        .order_by("event__starts_at", "pk")
    )
    if not registrations:
        return []
    rows = {
        (r.event_id, r.user_id, r.kind, r.starts_at): r
        for r in Reminder.objects.filter(
            event_id__in={registration.event_id for registration in registrations}
        )
    }
    due = []
    for registration in registrations:
        event = registration.event
        kind = _kind(event, at)
        if (
            registration.registered_at
            and registration.registered_at > event.starts_at - BEFORE[kind]
        ):
            continue
        row = rows.get((event.pk, registration.user_id, kind, event.starts_at))
        if row is not None and not (
            row.state == ReminderState.FAILED and row.attempts < MAX_ATTEMPTS
        ):
            continue
        due.append((registration, kind, row))
    return due


def _claim(registration: Registration, kind: str, row: Reminder | None, at: datetime):
    """The reminder's row, now ours to send; None when another run has it."""
    if row is None:
        try:
            with transaction.atomic():
                return Reminder.objects.create(
                    event=registration.event,
                    user=registration.user,
                    kind=kind,
                    starts_at=registration.event.starts_at,
                    state=ReminderState.SENDING,
                    attempts=1,
                    claimed_at=at,
                )
        except IntegrityError:
            return None
    claimed = Reminder.objects.filter(
        pk=row.pk, state=ReminderState.FAILED, attempts__lt=MAX_ATTEMPTS
    ).update(state=ReminderState.SENDING, attempts=F("attempts") + 1, claimed_at=at)
    return row if claimed else None


def send_due_reminders(*, at: datetime | None = None) -> RunReport:
    at = at or timezone.now()
    report = RunReport()
    due = due_reminders(at)
    zones = emails.zones_of({registration.user_id for registration, _kind, _row in due})
    failures_in_a_row = 0
    for registration, kind, row in due:
        reminder = _claim(registration, kind, row, at)
        if reminder is None:
            continue
        event, user = registration.event, registration.user
        context = emails.context(event, user, zones[user.pk], registration)
        context["kind"] = kind
        if send_to_user(user, emails.TEMPLATES["reminder"], context):
            Reminder.objects.filter(pk=reminder.pk).update(
                state=ReminderState.SENT, sent_at=timezone.now()
            )
            report.sent += 1
            failures_in_a_row = 0
            continue
        Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.FAILED)
        report.failed += 1
        failures_in_a_row += 1
        if failures_in_a_row >= STOP_AFTER_FAILURES:
            log.warning("Event reminders: the mail server refuses; the next run resumes.")
            report.stopped = True
            break
    return report
