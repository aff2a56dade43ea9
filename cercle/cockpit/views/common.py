"""What every cockpit page starts with: who reads, which group, which stored report.

Pages read the stored report (`CockpitSnapshot`) with one query, never compute it: when none
exists yet, a computation is asked for (at once with a task backend that runs in the request,
else by the worker) and the page says it is being computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.models import Group
from cercle.communities.permissions import CommunityAccess

from .. import actions, selectors, tables
from ..hosted import first_post_date
from ..models import CockpitSchedule, CockpitSnapshot
from ..permissions import CockpitScope, check_can_see_cockpit, choose_group
from ..report import render_notes

# A computation asked for this recently is not asked again (a reload of the waiting page).
ASKED_AGAIN_AFTER = timedelta(minutes=5)


@dataclass
class Cockpit:
    access: CommunityAccess
    scope: CockpitScope
    group: Group | None
    snapshot: CockpitSnapshot | None
    days: list[date] = field(default_factory=list)
    problem: str = ""  # why the day asked for is not the one shown

    @property
    def community(self):
        return self.access.community

    @property
    def report(self) -> dict[str, Any]:
        return self.snapshot.payload if self.snapshot is not None else {}

    @property
    def notes(self) -> dict[str, dict[str, str]]:
        return render_notes(self.report)

    @property
    def as_of(self) -> date | None:
        return self.snapshot.as_of if self.snapshot is not None else None

    def query(self, **extra: str) -> str:
        """The query string that keeps the group (and the day, if chosen) across pages."""
        params = {}
        if self.group is not None:
            params["group"] = self.group.slug
        if self.snapshot is not None and self.days and self.snapshot.as_of != self.days[0]:
            params["as_of"] = self.snapshot.as_of.isoformat()
        params.update({k: v for k, v in extra.items() if v})
        return f"?{urlencode(params)}" if params else ""

    def csv_url(self, key: str, **extra: str) -> str:
        url = reverse("cockpit:csv", args=[self.community.slug])
        query = self.query(table=key, **extra)
        return url + query

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "access": self.access,
            "community": self.community,
            "cockpit": self,
            "scope": self.scope,
            "group": self.group,
            "snapshot": self.snapshot,
            "report": self.report,
            "cockpit_query": self.query(),
            **extra,
        }


def load(request: HttpRequest, access: CommunityAccess, *, with_days: bool = True) -> Cockpit:
    """The reader's scope (403 if none), the group of `?group=` (404 if unknown), and the
    report: of the day of `?as_of=` if one was stored, else the latest."""
    scope = check_can_see_cockpit(access)
    group = choose_group(access, scope, request.GET.get("group"))
    community = access.community
    snapshot, problem = None, ""
    asked = request.GET.get("as_of", "").strip()
    if asked:
        day, problem = parse_day(asked, community, group)
        if day is not None:
            snapshot = selectors.snapshot_on(community, day, group=group)
            if snapshot is None:
                problem = _(
                    "No report was stored for %(date)s: here is the latest one. Reports are "
                    "stored every night from now on."
                ) % {"date": day.isoformat()}
    if snapshot is None:
        snapshot = selectors.latest_snapshot(community, group=group)
    if snapshot is None:
        ask_for_computation(community)
        snapshot = selectors.latest_snapshot(community, group=group)
    days = selectors.snapshot_days(community, group=group) if with_days else []
    return Cockpit(access, scope, group, snapshot, days, problem)


def parse_day(text: str, community, group: Group | None) -> tuple[date | None, str]:
    """The day of `?as_of=`, or None and why it cannot be shown."""
    try:
        day = date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError(text)
    except ValueError:
        return None, _("“%(text)s” is not a date: write it YYYY-MM-DD, for example 2024-03-31.") % {
            "text": text
        }
    today = actions.today()
    if day > today:
        return None, _(
            "%(date)s is in the future: the cockpit counts up to today (%(today)s). Here is "
            "the latest report."
        ) % {"date": day.isoformat(), "today": today.isoformat()}
    first = first_post_date(community, group=group)
    if first is None or day < first:
        return None, _(
            "%(date)s is before the first message: there is nothing to count then. Here is the "
            "latest report."
        ) % {"date": day.isoformat()}
    return day, ""


def ask_for_computation(community) -> None:
    """Ask for the community's reports to be computed now, unless that was asked lately."""
    now = timezone.now()
    planned = (
        CockpitSchedule.objects.filter(community=community)
        .values_list("next_run_at", flat=True)
        .first()
    )
    if planned is not None and now - ASKED_AGAIN_AFTER <= planned <= now + ASKED_AGAIN_AFTER:
        return
    actions.request_recompute(community, at=now)


def names_of(user_ids: Iterable[int], *, chunk: int = 500) -> dict[int, str]:
    """Display names by user id (one query per `chunk` people: one for a page, whose tables
    show a bounded number of rows)."""
    ids = sorted(set(user_ids))
    names: dict[int, str] = {}
    for start in range(0, len(ids), chunk):
        names.update(
            User.objects.filter(pk__in=ids[start : start + chunk]).values_list("pk", "name")
        )
    return names


def prepare(cockpit: Cockpit, page_tables: Sequence[tables.Table], **csv_extra: str) -> dict:
    """Name the people of the tables' shown rows, write their rows, set their CSV links;
    the charts' data island."""
    names = names_of(tables.people_ids(page_tables))
    tables.resolve(page_tables, names)
    for table in page_tables:
        table.csv_url = cockpit.csv_url(table.key, **csv_extra)
        if table.key == "rhythm":
            tables.heat(table)
    return tables.chart_data(page_tables)
