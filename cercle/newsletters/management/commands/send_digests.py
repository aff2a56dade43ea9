"""`cercle send_digests`: send the digests that are due, and the scheduled newsletters.

    cercle send_digests                       # the rhythms that are due now
    cercle send_digests --rhythm weekly       # the weekly digest of this week, now
    cercle send_digests --now 2026-03-02T07:00+01:00   # as if it were then
    cercle send_digests --every 600           # again every 10 minutes (`cercle serve` does)

Safe to run as often as wanted, by several processes at once: a member gets one digest per
period (see cercle.newsletters.actions.digests). When the mail server is down the run stops
and the next one resumes.
"""

import logging
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from cercle.newsletters.actions import digests, newsletters
from cercle.newsletters.periods import SENT_RHYTHMS

log = logging.getLogger(__name__)


def _instant(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO 8601 date and time: {value!r}") from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Send the digests that are due (or of --rhythm), and the scheduled newsletters."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rhythm", choices=[str(r) for r in SENT_RHYTHMS])
        parser.add_argument(
            "--now", default="", help="Run as if it were this time (ISO 8601; site time zone)."
        )
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Run again every SECONDS seconds until stopped (0: once).",
        )
        parser.add_argument("--no-newsletters", action="store_true", help="Digests only.")

    def handle(self, *args, rhythm, now, every, no_newsletters, **options) -> None:
        at = _instant(now) if now else None
        while True:
            self._run_once(rhythm, at, newsletters_too=not no_newsletters, quiet=every > 0)
            if every <= 0:
                return
            close_old_connections()
            time.sleep(every)

    def _run_once(self, rhythm, at, *, newsletters_too: bool, quiet: bool) -> None:
        try:
            report = digests.send_digests(rhythm=rhythm, at=at)
            sent_newsletters = None
            if newsletters_too and not report.stopped:
                sent_newsletters = newsletters.send_due(at=at)
        except Exception:  # a loop that runs for days must survive a database hiccup
            if not quiet:
                raise
            log.exception("Digests: this run failed.")
            return
        letters = sent_newsletters
        busy = bool(letters and (letters.sent or letters.failed or letters.bounced))
        if quiet and not (report.sent or report.failed or report.bounced or busy):
            return
        self.stdout.write(
            f"Digests sent: {report.sent}, failed: {report.failed}, bounced: {report.bounced}, "
            f"nothing new: {report.skipped}"
            + (" (mail server down: the next run resumes)" if report.stopped else "")
            + "."
        )
        if busy:
            self.stdout.write(
                f"Newsletters sent: {letters.sent}, failed: {letters.failed}, "
                f"bounced: {letters.bounced}."
            )
