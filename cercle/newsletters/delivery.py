"""Sending many messages once each: claim, hand over to SMTP, record.

The digests and the newsletters go out the same way, batch by batch (a few hundred members):

1. **claim**: one delivery row per member is created (or a failed one taken back) with this
   invocation's claim token, in bulk, before anything is sent; the rows carrying our token are
   ours. A second run, at once or in parallel, finds the rows and sends nothing: nothing is
   sent twice. A run that dies after the claim leaves rows "sending", never sent again (we
   cannot know whether the server took them: a message missed is better than one twice).
2. **send**: the batch's messages go through SMTP connections opened once per batch (Django's
   backend, `send_messages` per message so that each has its own outcome; a few connections
   in parallel for a large batch), written by cercle.newsletters.mime;
3. **record**: rows become sent, failed (the server is down, or refused for now: 4xx, retried
   by the next run) or bounced (the server refused the address for good: 5xx on RCPT; recorded
   and not retried). A bounce does not stop the run; a server that is down does: the rest of
   the batch is marked failed and the next run resumes.

A batch costs a constant number of statements whatever its size: one insert (executed for
all rows at once), one update and one select to claim, one update per outcome (and per
distinct error) to record.
"""

import contextlib
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection
from django.db.models import F, Model
from django.utils import timezone

from .mime import BulkEmail
from .models import MAX_ATTEMPTS, DeliveryState

log = logging.getLogger(__name__)

# Failures in a row (not bounces) after which the server is taken for down.
STOP_AFTER_FAILURES = 3
# The fewest messages worth a connection of their own (see send_batch).
PER_CONNECTION = 50


@dataclass
class Outgoing:
    user_id: int
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]
    from_email: str = ""


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    skipped: int = 0  # nothing new to say (digests)
    stopped: bool = False  # the mail server seemed down: the next run resumes
    extra: dict = field(default_factory=dict)

    def add(self, other: "Report") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.bounced += other.bounced
        self.skipped += other.skipped
        self.stopped = self.stopped or other.stopped

    def as_dict(self) -> dict:
        return asdict(self)


def new_claim() -> str:
    return uuid.uuid4().hex


# --- Claim ----------------------------------------------------------------------------------


def _insert_new(model: type[Model], user_ids: list[int], values: dict) -> None:
    """One row per member with these values, those that exist left alone, in one statement
    run for all rows (Django's bulk_create builds a model instance and compiles each value of
    each row: most of a claim's cost)."""
    meta = model._meta
    columns, constants = [meta.get_field("user").column], []
    for name, value in values.items():
        field = meta.get_field(name)
        if isinstance(value, Model):
            value = value.pk
        columns.append(field.column)
        constants.append(field.get_db_prep_save(value, connection))
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(user_id, *constants) for user_id in user_ids])


def claim(
    model: type[Model],
    *,
    owner: dict,
    user_ids: Iterable[int],
    token: str,
    at: datetime,
    extra: dict | None = None,
) -> set[int]:
    """The members of `user_ids` whose delivery (of `owner`: a run or a newsletter) is now
    ours to send: new rows, and failed ones that may be retried."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    _insert_new(
        model,
        user_ids,
        {
            "state": DeliveryState.SENDING,
            "attempts": 1,
            "claim": token,
            "claimed_at": at,
            "error": "",
            **owner,
            **(extra or {}),
        },
    )
    model.objects.filter(
        **owner, user_id__in=user_ids, state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS
    ).update(state=DeliveryState.SENDING, claim=token, claimed_at=at, attempts=F("attempts") + 1)
    return set(
        model.objects.filter(
            **owner, user_id__in=user_ids, claim=token, state=DeliveryState.SENDING
        ).values_list("user_id", flat=True)
    )


# --- Send -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    state: str
    error: str = ""


def _message(item: Outgoing, connection) -> BulkEmail:
    message = BulkEmail(
        subject=item.subject,
        body=item.text,
        from_email=item.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[item.to],
        headers=item.headers,
        connection=connection,
    )
    message.attach_alternative(item.html, "text/html")
    return message


def _refusal(error: smtplib.SMTPRecipientsRefused) -> Outcome:
    code, reason = next(iter(error.recipients.values()), (0, b""))
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    state = DeliveryState.BOUNCED if 500 <= code < 600 else DeliveryState.FAILED
    return Outcome(state, f"{code} {text}"[:300])


def _send(connection, message: BulkEmail) -> None:
    """Through Django's backend; straight to its open smtplib session when it is the SMTP
    one: its `send_messages` parses and re-encodes the sender and recipient addresses of each
    message (a third of a message's cost), which BulkEmail has already written."""
    session = getattr(connection, "connection", None)
    if isinstance(connection, SMTPBackend) and session is not None and message.to[0].isascii():
        data = message.message().as_bytes(linesep="\r\n")
        session.sendmail(message.envelope_sender, message.to, data)
        return
    connection.send_messages([message])


def _send_over_one_connection(items: list[Outgoing]) -> tuple[dict[int, Outcome], bool]:
    outcomes: dict[int, Outcome] = {}
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except OSError as error:  # refused, unreachable, timed out, TLS failed...
        log.warning("Mail server unreachable: %s", error)
        reason = f"mail server unreachable: {error}"[:300]
        return {item.user_id: Outcome(DeliveryState.FAILED, reason) for item in items}, True
    failures = 0
    stopped = False
    try:
        for item in items:
            if stopped:
                outcomes[item.user_id] = Outcome(DeliveryState.FAILED, "not tried: server down")
                continue
            try:
                _send(connection, _message(item, connection))
            except smtplib.SMTPRecipientsRefused as error:
                outcomes[item.user_id] = _refusal(error)
                if outcomes[item.user_id].state == DeliveryState.BOUNCED:
                    continue  # that address, not the server: on with the others
                failures += 1
            except OSError as error:
                # SMTPException is an OSError too: refusals of the message itself land here.
                outcomes[item.user_id] = Outcome(DeliveryState.FAILED, str(error)[:300])
                failures += 1
                if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
                    # The connection is gone: one more try on a new one, else stop.
                    connection.close()
                    try:
                        connection.open()
                    except OSError:
                        stopped = True
            else:
                outcomes[item.user_id] = Outcome(DeliveryState.SENT)
                failures = 0
            if failures >= STOP_AFTER_FAILURES:
                stopped = True
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    return outcomes, stopped


def send_batch(items: list[Outgoing]) -> tuple[dict[int, Outcome], bool]:
    """Hand each message to the mail server: the outcome per member, and whether the server
    seemed down (the caller then stops).

    Each connection is opened once for its share of the batch. A batch of more than
    PER_CONNECTION messages is shared among up to MAILING_CONNECTIONS connections, in threads:
    most of an SMTP transaction is waiting for the server's replies (MAIL, RCPT, DATA, the
    end of data), which several connections overlap."""
    if not items:
        return {}, False
    wanted = getattr(settings, "MAILING_CONNECTIONS", 4)
    count = max(1, min(wanted, len(items) // PER_CONNECTION))
    if count == 1:
        outcomes, stopped = _send_over_one_connection(items)
    else:
        shares = [items[i::count] for i in range(count)]
        with ThreadPoolExecutor(max_workers=count, thread_name_prefix="mailing") as pool:
            results = list(pool.map(_send_over_one_connection, shares))
        outcomes = {k: v for found, _stopped in results for k, v in found.items()}
        stopped = any(s for _found, s in results)
    if stopped:
        log.warning("The mail server refuses or is down: the next run resumes.")
    return outcomes, stopped


# --- Record ---------------------------------------------------------------------------------


def record(
    model: type[Model], *, owner: dict, outcomes: dict[int, Outcome], at: datetime
) -> Report:
    report = Report()
    sent = [user_id for user_id, outcome in outcomes.items() if outcome.state == DeliveryState.SENT]
    if sent:
        model.objects.filter(**owner, user_id__in=sent).update(
            state=DeliveryState.SENT, sent_at=at, error=""
        )
    report.sent = len(sent)
    others: dict[tuple[str, str], list[int]] = defaultdict(list)
    for user_id, outcome in outcomes.items():
        if outcome.state != DeliveryState.SENT:
            others[outcome.state, outcome.error].append(user_id)
    for (state, error), user_ids in others.items():
        model.objects.filter(**owner, user_id__in=user_ids).update(state=state, error=error)
        if state == DeliveryState.BOUNCED:
            report.bounced += len(user_ids)
        else:
            report.failed += len(user_ids)
    return report


# --- One batch in flight --------------------------------------------------------------------


class Mailer:
    """Sends each batch in the background while the caller prepares the next one (reads,
    gathers, claims and renders it), then records it: the run takes about as long as the
    slower of the two rather than their sum. Database work stays in the caller's thread.

        mailer = Mailer(DigestDelivery, owner={"run": run})
        for each batch: report.add(mailer.send(items)); stop if report.stopped
        report.add(mailer.finish())
    """

    def __init__(self, model: type[Model], *, owner: dict, sent_at: datetime | None = None):
        self.model = model
        self.owner = owner
        self.sent_at = sent_at
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailer")
        self._pending = None

    def _collect(self) -> Report:
        if self._pending is None:
            return Report()
        outcomes, stopped = self._pending.result()
        self._pending = None
        at = self.sent_at or timezone.now()
        report = record(self.model, owner=self.owner, outcomes=outcomes, at=at)
        report.stopped = stopped
        return report

    def send(self, items: list[Outgoing]) -> Report:
        """Start sending `items`; the report of the batch before, now recorded. When that one
        found the server down, `items` (claimed) are recorded as failed, not sent."""
        report = self._collect()
        if report.stopped:
            failed = {
                i.user_id: Outcome(DeliveryState.FAILED, "not tried: server down") for i in items
            }
            report.add(record(self.model, owner=self.owner, outcomes=failed, at=timezone.now()))
            return report
        if items:
            self._pending = self._pool.submit(send_batch, items)
        return report

    def finish(self) -> Report:
        try:
            return self._collect()
        finally:
            self._pool.shutdown()
