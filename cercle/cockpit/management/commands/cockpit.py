"""`cercle cockpit SLUG`: a community's cockpit in the terminal, or as JSON.

    cercle cockpit SLUG --json [--as-of YYYY-MM-DD] [--group SLUG]
    cercle cockpit SLUG --recompute        # store today's snapshots (community and groups)
    cercle cockpit --all --recompute       # every community: for a nightly cron

--json computes the report as of the end of the given day (UTC; today by default) from the
database, exactly (docs/indicators.md), and prints it; see cercle.cockpit.report for its keys.
"""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cercle.cockpit import actions
from cercle.cockpit.hosted import first_post_date
from cercle.cockpit.report import build_report, render_notes
from cercle.communities.models import Community, Group


class Command(BaseCommand):
    help = "Show a community's cockpit (indicators, life cycle, engagement, trends)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The community's address.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--as-of", dest="as_of", help="The day (YYYY-MM-DD, UTC) to compute the report as of."
        )
        parser.add_argument("--group", help="Only the topics of this group (its address).")
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="Compute and store today's snapshots, as the background task does.",
        )
        parser.add_argument("--all", action="store_true", help="With --recompute: every community.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            if not options["recompute"] or options["slug"]:
                raise CommandError(_("--all goes with --recompute and no community address."))
            for community in Community.objects.order_by("pk"):
                self._recompute(community)
            return
        if not options["slug"]:
            raise CommandError(_("Give a community's address (or --all --recompute)."))
        community = Community.objects.filter(slug=options["slug"]).first()
        if community is None:
            raise CommandError(_("No community has the address “%s”.") % options["slug"])
        group = None
        if options["group"]:
            group = Group.objects.filter(community=community, slug=options["group"]).first()
            if group is None:
                raise CommandError(
                    _("The community “%(community)s” has no group “%(group)s”.")
                    % {"community": community.slug, "group": options["group"]}
                )
        if options["recompute"]:
            if options["as_of"] or group is not None:
                raise CommandError(_("--recompute stores today's snapshots of every group."))
            snapshots = self._recompute(community)
            if options["json"]:
                self._print_json(snapshots[0].payload)
            return
        as_of = self._as_of(options["as_of"], community, group)
        report = build_report(community, as_of, group=group)
        if options["json"]:
            self._print_json(report)
        else:
            self._print_text(report)

    def _as_of(self, given: str | None, community: Community, group: Group | None) -> date:
        today = actions.today()
        if not given:
            return today
        try:
            as_of = date.fromisoformat(given)
        except ValueError:
            raise CommandError(
                _("“%s” is not a date: write it YYYY-MM-DD, for example 2024-03-31.") % given
            ) from None
        if len(given) != 10:
            raise CommandError(
                _("“%s” is not a date: write it YYYY-MM-DD, for example 2024-03-31.") % given
            )
        if as_of > today:
            raise CommandError(
                _("%(date)s is in the future: the cockpit counts up to today (%(today)s, UTC).")
                % {"date": as_of.isoformat(), "today": today.isoformat()}
            )
        first = first_post_date(community, group=group)
        if first is not None and as_of < first:
            raise CommandError(
                _("%(date)s is before the first message (%(first)s): there is nothing to count.")
                % {"date": as_of.isoformat(), "first": first.isoformat()}
            )
        return as_of

    def _recompute(self, community: Community) -> list:
        started = time.monotonic()
        snapshots = actions.recompute(community)
        self.stderr.write(
            _("%(slug)s: %(count)d snapshots as of %(day)s in %(seconds).1f s")
            % {
                "slug": community.slug,
                "count": len(snapshots),
                "day": snapshots[0].as_of.isoformat(),
                "seconds": time.monotonic() - started,
            }
        )
        return snapshots

    def _print_json(self, report: dict[str, Any]) -> None:
        output = {**report, "notes": render_notes(report)}
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2, default=str))

    def _print_text(self, report: dict[str, Any]) -> None:
        write = self.stdout.write
        write(
            _("%(community)s as of %(day)s: %(posts)d messages, %(threads)d threads")
            % {
                "community": report["community"]
                + (f"/{report['group']}" if report["group"] else ""),
                "day": report["as_of"],
                "posts": report["posts_total"],
                "threads": report["threads_total"],
            }
        )
        write(_("Stage: %s") % (report["lifecycle"]["stage"] or "-"))
        for key, value in report["indicators"].items():
            shown = "-" if value is None else f"{value:.3f}" if isinstance(value, float) else value
            write(f"  {key}: {shown}")
        for key, note in render_notes(report).items():
            write(f"  ({key}: {note['message']})")
