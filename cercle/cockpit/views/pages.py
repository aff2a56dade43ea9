"""The cockpit's pages for animators: overview, life cycle, engagement, trends, the monthly
report, and the CSV of every table. Each reads the stored report (one query) and a fixed
number of other rows (the names of the people shown)."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cercle.communities.decorators import community_view

from .. import explain, monthly, tables
from .common import Cockpit, load, names_of, prepare


def _waiting(request, cockpit: Cockpit, page: str):
    """No report yet: say it is being computed (the page reloads itself)."""
    return render(request, "cockpit/computing.html", cockpit.context(page=page))


def _indicator_groups(table: tables.Table | None, themes=explain.INDICATOR_GROUPS):
    """A table of values as the overview shows it: by theme, each value with its plain
    sentence, its note, and its anchor on the help page (themes with no value left out)."""
    rows = {row[0]: row for row in (table.rows if table is not None else [])}
    groups = []
    for title, meanings in themes:
        lines = [_line(rows[m.key], m) for m in meanings if m.key in rows]
        if lines:
            groups.append((title, lines))
    return groups


def _line(row, meaning) -> dict:
    cell: tables.Cell = row[2]
    return {
        "key": meaning.key,
        "label": meaning.label,
        "line": meaning.line,
        "value": tables.display(cell, cell.kind) if cell.value is not None else "",
        "note": cell.note,
        "fragile": cell.fragile,
    }


@require_GET
@community_view(members_only=True)
def overview(request, access):
    cockpit = load(request, access)
    if cockpit.snapshot is None:
        return _waiting(request, cockpit, "overview")
    report = cockpit.report
    page_tables = tables.overview_tables(report, cockpit.notes)
    charts = prepare(cockpit, page_tables)
    found = tables.by_key(page_tables)
    hosted = found.get("hosted")
    lifecycle = report.get("lifecycle") or {}
    stage = lifecycle.get("stage")
    return render(
        request,
        "cockpit/overview.html",
        cockpit.context(
            page="overview",
            charts=charts,
            indicators=found["indicators"],
            indicator_groups=_indicator_groups(found["indicators"]),
            hosted=hosted,
            hosted_groups=_indicator_groups(hosted, explain.HOSTED_GROUPS),
            moderators=found.get("moderators"),
            monthly=found["monthly"],
            stage=stage,
            stage_label=explain.STAGES[stage][0] if stage in explain.STAGES else "",
            stage_line=explain.STAGES[stage][1] if stage in explain.STAGES else "",
            levels=[
                (explain.LEVELS[level][0], count)
                for level, count in ((report.get("engagement") or {}).get("levels") or {}).items()
                if level in explain.LEVELS
            ],
        ),
    )


@require_GET
@community_view(members_only=True)
def lifecycle(request, access):
    cockpit = load(request, access)
    if cockpit.snapshot is None:
        return _waiting(request, cockpit, "lifecycle")
    page_tables = tables.lifecycle_tables(cockpit.report)
    charts = prepare(cockpit, page_tables)
    stage = (cockpit.report.get("lifecycle") or {}).get("stage")
    return render(
        request,
        "cockpit/lifecycle.html",
        cockpit.context(
            page="lifecycle",
            charts=charts,
            tables=tables.named(page_tables),
            stage=stage,
            stage_label=explain.STAGES[stage][0] if stage in explain.STAGES else "",
            stage_line=explain.STAGES[stage][1] if stage in explain.STAGES else "",
            stages=[(key, label, line) for key, (label, line) in explain.STAGES.items()],
            stage_note=cockpit.notes.get("lifecycle.stage"),
        ),
    )


@require_GET
@community_view(members_only=True)
def engagement(request, access):
    cockpit = load(request, access)
    if cockpit.snapshot is None:
        return _waiting(request, cockpit, "engagement")
    page_tables = tables.engagement_tables(cockpit.report)
    charts = prepare(cockpit, page_tables)
    found = tables.named(page_tables)
    movements = found["movements"].rows
    return render(
        request,
        "cockpit/engagement.html",
        cockpit.context(
            page="engagement",
            charts=charts,
            tables=found,
            levels=[(key, label, line) for key, (label, line) in explain.LEVELS.items()],
            moved_up=sum(1 for row in movements if row[3] == "up"),
            moved_down=sum(1 for row in movements if row[3] == "down"),
            observer_note=cockpit.notes.get("engagement.observer"),
        ),
    )


@require_GET
@community_view(members_only=True)
def trends(request, access):
    cockpit = load(request, access)
    if cockpit.snapshot is None:
        return _waiting(request, cockpit, "trends")
    page_tables = tables.trends_tables(cockpit.report)
    charts = prepare(cockpit, page_tables)
    rhythm = (cockpit.report.get("trends") or {}).get("rhythm") or {}
    return render(
        request,
        "cockpit/trends.html",
        cockpit.context(
            page="trends",
            charts=charts,
            tables=tables.named(page_tables),
            time_zone=rhythm.get("timezone", ""),
            places=[(key, label, line) for key, (label, line) in explain.PLACES.items()],
        ),
    )


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(request, cockpit: Cockpit) -> tuple[str | None, list[str], str]:
    months = monthly.months_of(cockpit.report)
    asked = request.GET.get("month", "").strip()
    if not asked:
        return monthly.default_month(cockpit.report), months, ""
    if not _MONTH.match(asked):
        return (
            monthly.default_month(cockpit.report),
            months,
            _("“%(text)s” is not a month: write it YYYY-MM, for example 2024-03.")
            % {"text": asked},
        )
    if asked not in months:
        return (
            monthly.default_month(cockpit.report),
            months,
            _(
                "%(month)s is not covered by the report: it is in the future, or before the "
                "first message."
            )
            % {"month": asked},
        )
    return asked, months, ""


def _report_tables(cockpit: Cockpit, month: str) -> list[tables.Table]:
    return [
        monthly.figures_table(cockpit.report, month),
        *monthly.live_tables(cockpit.community, cockpit.group, month),
    ]


@require_GET
@community_view(members_only=True)
def month_report(request, access):
    """The printable monthly report."""
    cockpit = load(request, access, with_days=False)
    if cockpit.snapshot is None:
        return _waiting(request, cockpit, "report")
    month, months, problem = _month(request, cockpit)
    if month is None:
        return render(request, "cockpit/report.html", cockpit.context(page="report", month=None))
    page_tables = _report_tables(cockpit, month)
    prepare(cockpit, page_tables, month=month)
    stage_label, stage_line = monthly.stage_text(monthly.stage_of(cockpit.report, month))
    return render(
        request,
        "cockpit/report.html",
        cockpit.context(
            page="report",
            month=month,
            month_label=tables.display(month, "month"),
            months=[(m, tables.display(m, "month")) for m in months],
            month_problem=problem,
            tables=tables.named(page_tables),
            stage_label=stage_label,
            stage_line=stage_line,
        ),
    )


def _all_tables(cockpit: Cockpit, request) -> list[tables.Table]:
    key = request.GET.get("table", "")
    if key.startswith("report-"):
        month, _months, problem = _month(request, cockpit)
        if month is None or problem:
            raise Http404(problem or _("There is no report for this month."))
        return _report_tables(cockpit, month)
    report = cockpit.report
    return [
        *tables.overview_tables(report, cockpit.notes),
        *tables.lifecycle_tables(report),
        *tables.engagement_tables(report),
        *tables.trends_tables(report)[1:],  # the monthly table is the overview's
    ]


@require_GET
@community_view(members_only=True)
def export_csv(request, access):
    """One table of the cockpit, every row, as CSV (`?table=` names it)."""
    cockpit = load(request, access, with_days=False)
    if cockpit.snapshot is None:
        raise Http404(_("The cockpit is still being computed."))
    table = tables.by_key(_all_tables(cockpit, request)).get(request.GET.get("table", ""))
    if table is None:
        raise Http404(_("There is no such table in the cockpit."))
    content = tables.write_csv(table, names_of(table.people(everything=True)))
    parts = [cockpit.community.slug]
    if cockpit.group is not None:
        parts.append(cockpit.group.slug)
    parts += [table.key, request.GET.get("month") or cockpit.snapshot.as_of.isoformat()]
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    filename = re.sub(r"[^A-Za-z0-9_.-]", "-", "-".join(parts)) + ".csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
