"""`cercle run_rituals`: open the topics of the rituals that are due.

Safe to run as often as wanted, by several processes at once: each occurrence is claimed by a
unique row before its topic is opened, so nothing is opened twice; a run missed for a while
opens only the latest date of each ritual. `cercle serve` runs it every five minutes with
`--every 300`; without it, run it from cron.
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cercle.rituals import actions

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Open the topics of the rituals that are due (once, or --every N seconds)."

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
            report = actions.run_due_rituals()
        except Exception:  # a loop that runs for days must survive a database hiccup
            if not quiet:
                raise
            logger.exception("Rituals: this run failed.")
            return
        if not quiet or report.opened or report.refused:
            self.stdout.write(
                f"Rituals: {len(report.opened)} topic(s) opened, {len(report.refused)} refused."
            )
