"""`cercle send_event_reminders`: the periodic work of events.

Extends recurring events up to their horizon, then sends the reminders that are due (the
day before, an hour before). Safe to run as often as wanted, by several processes at once:
nothing is sent twice (see cercle.events.reminders). `cercle serve` runs it every five
minutes with `--every 300`; without it, run it once from cron.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cercle.events import actions, reminders


class Command(BaseCommand):
    help = "Send due event reminders and extend recurring events (once, or --every N seconds)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Run again every SECONDS seconds until stopped (0: once).",
        )

    def handle(self, *args, every: int, **options) -> None:
        while True:
            self._run_once(quiet=every > 0)
            if every <= 0:
                return
            close_old_connections()
            time.sleep(every)

    def _run_once(self, *, quiet: bool) -> None:
        try:
            created = actions.extend_series()
            report = reminders.send_due_reminders()
        except Exception:  # a loop that runs for days must survive a database hiccup
            if not quiet:
                raise
            import logging

            logging.getLogger(__name__).exception("Event reminders: this run failed.")
            return
        if not quiet or report.sent or report.failed:
            self.stdout.write(
                f"Reminders sent: {report.sent}, failed: {report.failed}"
                + (" (mail server down: the next run resumes)" if report.stopped else "")
                + f"; new occurrences of recurring events: {created}."
            )
