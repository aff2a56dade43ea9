"""The cockpit's tables: one structure for the HTML table, its chart and its CSV.

Each table of a cockpit page is built once, from the stored report (`CockpitSnapshot.payload`)
or from a live read, as a `Table`: columns, raw rows, and optionally the chart that draws some
of its columns. The page renders the rows (`display_rows`), the chart is fed from the same rows
(`chart_data`, a JSON data island read by cockpit.js), and the CSV export writes them all
(`write_csv`): the table is the source of truth, the chart only draws it.

People appear in reports as user ids; `resolve` names them with one query for a whole page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from . import explain

NUMERIC = {"count", "share", "hours", "ratio", "factor", "days", "hour"}


class Cell(NamedTuple):
    """A value whose way of writing is its own (a column mixing counts and shares), with the
    reason it is missing or fragile, if any."""

    value: Any
    kind: str
    note: str = ""
    fragile: bool = False  # computed on few cases: shown with the note


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC or self.kind == "cell"


@dataclass(frozen=True)
class Chart:
    type: str  # "line" or "bar"
    x: str  # the column of the labels
    series: tuple[str, ...]  # the columns drawn
    stacked: bool = False


@dataclass
class Table:
    key: str
    title: Promise | str
    columns: list[Column]
    rows: list[list[Any]]
    intro: Promise | str = ""
    chart: Chart | None = None
    # Rows shown on the page (the CSV has them all); None: all.
    limit: int | None = None
    # Set by the page: the rows as text, the CSV's address.
    display: list[list[tuple[str, str]]] = field(default_factory=list)
    csv_url: str = ""

    @property
    def shown(self) -> list[list[Any]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.shown)

    def people(self, *, everything: bool = False) -> set[int]:
        positions = [i for i, c in enumerate(self.columns) if c.kind == "person"]
        rows = self.rows if everything else self.shown
        return {row[i] for row in rows for i in positions if isinstance(row[i], int)}

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


# --- Writing values -----------------------------------------------------------------------------


def _number(value: float, decimals: int) -> str:
    return formats.number_format(round(value, decimals), decimals, use_l10n=True)


def display(value: Any, kind: str, names: Mapping[int, str] | None = None) -> str:
    """A value as the page writes it, in the active language."""
    if isinstance(value, Cell):
        value, kind = value.value, value.kind
    if kind == "person":
        if value is None:
            return _("former member")
        return (names or {}).get(value) or _("member #%(id)s") % {"id": value}
    if value is None:
        return "—"
    if kind.startswith("change:"):
        inner = kind.split(":", 1)[1]
        if value == 0:
            return "="
        sign = "+" if value > 0 else "\u2212"  # a minus sign, not a hyphen
        if inner == "share":
            return sign + _("%(points)s pts") % {"points": _number(abs(value) * 100, 0)}
        return sign + display(abs(value), inner)
    if kind == "count":
        return formats.number_format(int(value), force_grouping=True, use_l10n=True)
    if kind == "share":
        return _("%(percent)s%%") % {"percent": _number(value * 100, 0)}
    if kind == "hours":
        return _("%(hours)s h") % {"hours": _number(value, 1)}
    if kind == "ratio":
        return _number(value, 2)
    if kind == "factor":
        return _("\u00d7%(factor)s") % {"factor": _number(value, 2)}
    if kind == "days":
        return ngettext("%(n)s day", "%(n)s days", int(value)) % {"n": int(value)}
    if kind == "hour":
        return f"{int(value):02d}:00"
    if kind == "month":
        year, month = (int(part) for part in str(value).split("-"))
        return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
    if kind == "bool":
        return str(_("yes") if value else _("no"))
    if kind == "level":
        return str(explain.LEVELS.get(value, (value,))[0])
    if kind == "stage":
        return str(explain.STAGES.get(value, (value,))[0])
    if kind == "place":
        return str(explain.PLACES.get(value, (value,))[0])
    if kind == "weekday":
        return str(explain.WEEKDAYS[int(value)])
    if kind == "signal":
        return str(explain.SIGNALS.get(value, (value,))[0])
    if kind == "indicator":
        found = explain.meaning(value)
        return str(found.label) if found else str(value)
    if kind == "direction":
        return str(_("up") if value == "up" else _("down"))
    return str(value)


def _css(value: Any, column: Column) -> str:
    kind = value.kind if isinstance(value, Cell) else column.kind
    if kind == "cell":  # an empty cell of a column of figures
        return "num"
    return "num" if kind in NUMERIC or kind.startswith("change:") else ""


def resolve(tables: Iterable[Table], names: Mapping[int, str]) -> None:
    """Write each table's shown rows as text (the page's HTML table)."""
    for table in tables:
        table.display = [
            [
                (display(value, column.kind, names), _css(value, column))
                for value, column in zip(row, table.columns, strict=True)
            ]
            for row in table.shown
        ]


def people_ids(tables: Iterable[Table]) -> set[int]:
    ids: set[int] = set()
    for table in tables:
        ids |= table.people()
    return ids


# --- Charts -------------------------------------------------------------------------------------


def _plot(value: Any, kind: str) -> float | None:
    if isinstance(value, Cell):
        value, kind = value.value, value.kind
    if value is None:
        return None
    if kind == "share":
        return round(value * 100, 1)
    return round(float(value), 2)


def chart_data(tables: Iterable[Table]) -> dict[str, dict[str, Any]]:
    """The data island of a page: for each table with a chart, the chart's labels and series,
    from the rows the table shows (the same numbers, shares in percent)."""
    data = {}
    for table in tables:
        chart = table.chart
        if chart is None or not table.shown:
            continue
        x = table.column(chart.x)
        x_kind = table.columns[x].kind
        series = []
        for key in chart.series:
            i = table.column(key)
            column = table.columns[i]
            series.append(
                {
                    "label": str(column.label),
                    "data": [_plot(row[i], column.kind) for row in table.shown],
                    "percent": column.kind == "share",
                }
            )
        data[table.key] = {
            "type": chart.type,
            "title": str(table.title),
            "labels": [display(row[x], x_kind) for row in table.shown],
            "datasets": series,
            "stacked": chart.stacked,
        }
    return data


# --- CSV ----------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such
# cells get a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _raw(value: Any, kind: str, names: Mapping[int, str]) -> Any:
    if isinstance(value, Cell):
        value, kind = value.value, value.kind
    if kind == "person":
        return display(value, kind, names)
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if kind in {"level", "stage", "place", "weekday", "signal", "indicator", "bool", "direction"}:
        return display(value, kind)
    return value


def write_csv(table: Table, names: Mapping[int, str]) -> str:
    """Every row of the table as CSV (comma separated, dot decimals, shares from 0 to 1),
    names and texts made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(c.label)) for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                safe_cell(_raw(value, column.kind, names))
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return out.getvalue()


# --- The tables of the stored report ------------------------------------------------------------


def _notes(report: Mapping[str, Any], notes: Mapping[str, Mapping[str, str]], section: str, key):
    note = notes.get(f"{section}.{key}")
    return (note["message"], note["code"] == "small-sample") if note else ("", False)


def _meaning_rows(section, values, meanings, report, notes) -> list[list[Any]]:
    rows = []
    for meaning in meanings:
        if meaning.key not in values:
            continue
        message, fragile = _notes(report, notes, section, meaning.key)
        rows.append(
            [
                meaning.key,
                str(meaning.label),
                Cell(values[meaning.key], meaning.kind, message, fragile),
                message,
            ]
        )
    return rows


_MEANING_COLUMNS = [
    Column("key", _lazy("Key")),
    Column("indicator", _lazy("Indicator")),
    Column("value", _lazy("Value"), "cell"),
    Column("note", _lazy("Note")),
]


def indicators_table(report, notes) -> Table:
    meanings = [m for _title, group in explain.INDICATOR_GROUPS for m in group]
    return Table(
        "indicators",
        _lazy("Indicators"),
        list(_MEANING_COLUMNS),
        _meaning_rows("indicators", report.get("indicators") or {}, meanings, report, notes),
    )


def hosted_table(report, notes) -> Table | None:
    values = report.get("hosted")
    if not values:
        return None
    return Table(
        "hosted",
        _lazy("What only a community hosted on Cercle knows"),
        list(_MEANING_COLUMNS),
        _meaning_rows("hosted", values, explain.HOSTED, report, notes),
    )


MODERATORS_SHOWN = 50


def moderators_table(report) -> Table | None:
    """Each moderator's work over the 90 days (`hosted.moderators_90d`): reports handled, their
    median time to handle, decisions taken. None for a report without a hosted section (and
    for a report stored before the cockpit read moderation)."""
    moderators = (report.get("hosted") or {}).get("moderators_90d")
    if moderators is None:
        return None
    columns = [
        Column("moderator", _lazy("Person"), "person"),
        Column("reports_handled", _lazy("Reports handled"), "count"),
        Column("handling_median_hours", _lazy("Time to handle (median)"), "hours"),
        Column("actions", _lazy("Decisions"), "count"),
    ]
    return Table(
        "moderators",
        explain.MODERATORS.label,
        columns,
        [[entry.get(c.key) for c in columns] for entry in moderators],
        intro=explain.MODERATORS.line,
        limit=MODERATORS_SHOWN,
    )


def monthly_table(report, *, full: bool = True) -> Table:
    monthly = (report.get("trends") or {}).get("monthly") or []
    columns = [
        Column("month", _lazy("Month"), "month"),
        Column("posts", _lazy("Messages"), "count"),
        Column("replies", _lazy("Replies"), "count"),
        Column("threads", _lazy("Topics started"), "count"),
        Column("active_contributors", _lazy("Active contributors"), "count"),
        Column("new_contributors", _lazy("New contributors"), "count"),
        Column("unanswered_share", _lazy("Left without an answer"), "share"),
        Column("first_response_median_hours", _lazy("Time to a first answer"), "hours"),
        Column("answered_within_48h_share", _lazy("Answered within two days"), "share"),
        Column("partial", _lazy("Month still running"), "bool"),
    ]
    rows = [[entry.get(c.key) for c in columns] for entry in monthly]
    return Table(
        "monthly",
        _lazy("Month by month"),
        columns,
        rows,
        intro=_lazy(
            "Topics opened each month, with how they were answered as of the report's day."
        ),
        chart=Chart("line", "month", ("posts", "active_contributors", "new_contributors")),
    )


def compared_table(report) -> Table:
    compared = ((report.get("trends") or {}).get("compared") or {}).get("values") or {}
    rows = []
    for key, values in compared.items():
        found = explain.meaning(key)
        kind = found.kind if found else "count"
        rows.append(
            [
                key,
                Cell(values.get("current"), kind),
                Cell(values.get("previous"), kind),
                Cell(values.get("change"), f"change:{kind}"),
            ]
        )
    return Table(
        "compared",
        _lazy("Compared with the previous 90 days"),
        [
            Column("indicator", _lazy("Indicator"), "indicator"),
            Column("current", _lazy("Last 90 days"), "cell"),
            Column("previous", _lazy("The 90 days before"), "cell"),
            Column("change", _lazy("Change"), "cell"),
        ],
        rows,
    )


def cohorts_table(report) -> Table:
    months = (((report.get("trends") or {}).get("newcomers") or {}).get("by_month")) or []
    columns = [
        Column("month", _lazy("Month of their first message"), "month"),
        Column("newcomers", _lazy("Newcomers"), "count"),
        Column("replied_7d", _lazy("Answered within 7 days"), "count"),
        Column("returned_90d", _lazy("Came back within 90 days"), "count"),
        Column("reply_rate", _lazy("Share answered"), "share"),
        Column("return_rate", _lazy("Share who came back"), "share"),
        Column("complete", _lazy("Fully observed"), "bool"),
    ]
    return Table(
        "cohorts",
        _lazy("Newcomers, month by month"),
        columns,
        [[entry.get(c.key) for c in columns] for entry in months],
        intro=_lazy(
            "The counts of a month appear once every newcomer of that month has been followed "
            "for 90 days."
        ),
        chart=Chart("bar", "month", ("newcomers", "returned_90d")),
    )


def joyce_kraut_table(report) -> Table:
    jk = (((report.get("trends") or {}).get("newcomers") or {}).get("joyce_kraut")) or {}
    labels = {
        "replied": _("Their first message got an answer"),
        "not_replied": _("Their first message got no answer"),
    }
    rows = []
    for key in ("replied", "not_replied"):
        group = jk.get(key) or {}
        rows.append(
            [
                str(labels[key]),
                group.get("newcomers"),
                group.get("returned"),
                group.get("return_rate"),
            ]
        )
    return Table(
        "joyce-kraut",
        _lazy("Do newcomers who get an answer come back more?"),
        [
            Column("group", _lazy("Newcomers")),
            Column("newcomers", _lazy("How many"), "count"),
            Column("returned", _lazy("Came back within 90 days"), "count"),
            Column("return_rate", _lazy("Share who came back"), "share"),
        ],
        rows,
        intro=_lazy(
            "Joyce & Kraut (2006) found that 56% of the Usenet newcomers who got an answer "
            "posted again, against 44% of those who got none. Here, over every newcomer "
            "followed for 90 days:"
        ),
        chart=Chart("bar", "group", ("return_rate",)),
    )


def _grid(report) -> list[list[int]]:
    return ((report.get("trends") or {}).get("rhythm") or {}).get("grid") or []


def weekday_table(report) -> Table:
    grid = _grid(report)
    return Table(
        "weekdays",
        _lazy("Messages by day of the week"),
        [Column("weekday", _lazy("Day"), "weekday"), Column("posts", _lazy("Messages"), "count")],
        [[day, sum(hours)] for day, hours in enumerate(grid)],
        chart=Chart("bar", "weekday", ("posts",)),
    )


def hour_table(report) -> Table:
    grid = _grid(report)
    return Table(
        "hours",
        _lazy("Messages by hour of the day"),
        [Column("hour", _lazy("Hour"), "hour"), Column("posts", _lazy("Messages"), "count")],
        [[hour, sum(day[hour] for day in grid)] for hour in range(24)] if grid else [],
        chart=Chart("bar", "hour", ("posts",)),
    )


def rhythm_table(report) -> Table:
    grid = _grid(report)
    columns = [Column("weekday", _lazy("Day"), "weekday")] + [
        Column(f"h{hour:02d}", f"{hour:02d}", "count") for hour in range(24)
    ]
    return Table(
        "rhythm",
        _lazy("Messages by day and hour"),
        columns,
        [[day, *hours] for day, hours in enumerate(grid)],
    )


def heat(table: Table) -> None:
    """Shade the day-and-hour grid: a class from heat-0 to heat-4 by share of the busiest
    cell (classes, not inline styles: the Content-Security-Policy forbids those)."""
    top = max((v for row in table.rows for v in row[1:]), default=0)
    for shown, row in zip(table.display, table.shown, strict=True):
        for i, value in enumerate(row[1:], start=1):
            level = 0 if not top or not value else 1 + min(3, int(4 * value / (top + 1)))
            shown[i] = (shown[i][0], f"num heat-{level}")


def lifecycle_tables(report) -> list[Table]:
    lifecycle = report.get("lifecycle") or {}
    signals = lifecycle.get("signals") or {}
    evidence_rows = []
    for rule in lifecycle.get("evidence") or []:
        for test in rule["tests"] or [{}]:
            signal = test.get("signal")
            kind = explain.SIGNALS.get(signal, ("", "count"))[1] if signal else "text"
            evidence_rows.append(
                [
                    rule["stage"],
                    signal or "—",
                    test.get("operator", ""),
                    Cell(test.get("threshold"), kind) if signal else Cell(None, "text"),
                    Cell(test.get("value"), kind) if signal else Cell(None, "text"),
                    test.get("met", rule["met"]),
                    rule["met"],
                ]
            )
    history = lifecycle.get("history") or []
    history_columns = [
        Column("month", _lazy("Month"), "month"),
        Column("stage", _lazy("Stage"), "stage"),
        Column("active_contributors_90d", _lazy("Active contributors, 90 days"), "count"),
        Column("posts_90d", _lazy("Messages, 90 days"), "count"),
        Column("growth", _lazy("Growth"), "factor"),
        Column("core_renewal", _lazy("Renewal of the core"), "share"),
        Column("non_animator_share", _lazy("Not written by animators"), "share"),
        Column("decline_from_peak", _lazy("Decline from the peak"), "share"),
    ]
    return [
        Table(
            "evidence",
            _lazy("Why this stage: the rules, in the order they are tried"),
            [
                Column("stage", _lazy("Stage tried"), "stage"),
                Column("signal", _lazy("Signal"), "signal"),
                Column("operator", _lazy("Test")),
                Column("threshold", _lazy("Threshold"), "cell"),
                Column("value", _lazy("Value"), "cell"),
                Column("met", _lazy("Test met"), "bool"),
                Column("rule_met", _lazy("Stage given"), "bool"),
            ],
            evidence_rows,
        ),
        Table(
            "signals",
            _lazy("The signals today"),
            [Column("signal", _lazy("Signal"), "signal"), Column("value", _lazy("Value"), "cell")],
            [
                [key, Cell(value, explain.SIGNALS.get(key, ("", "count"))[1])]
                for key, value in signals.items()
            ],
        ),
        Table(
            "stage-history",
            _lazy("The stage month by month"),
            history_columns,
            [[entry.get(c.key) for c in history_columns] for entry in history],
            chart=Chart("line", "month", ("active_contributors_90d", "posts_90d")),
        ),
    ]


LADDER_SHOWN = 200


def engagement_tables(report) -> list[Table]:
    engagement = report.get("engagement") or {}
    levels = engagement.get("levels") or {}
    history = engagement.get("history") or []
    level_keys = list(explain.LEVELS)
    history_columns = [Column("month", _lazy("Month"), "month")] + [
        Column(level, explain.LEVELS[level][0], "count") for level in level_keys
    ]
    history_columns += [
        Column("up", _lazy("Moved up"), "count"),
        Column("down", _lazy("Moved down"), "count"),
    ]
    ladder_columns = [
        Column("author", _lazy("Person"), "person"),
        Column("level", _lazy("Level"), "level"),
        Column("posts", _lazy("Messages"), "count"),
        Column("replies_to_others", _lazy("Answers to others"), "count"),
        Column("threads", _lazy("Topics started"), "count"),
        Column("accepted", _lazy("Answers accepted"), "count"),
        Column("months", _lazy("Months with a message"), "count"),
        Column("visit_days", _lazy("Days visited"), "count"),
    ]
    return [
        Table(
            "levels",
            _lazy("How many people at each level"),
            [Column("level", _lazy("Level"), "level"), Column("people", _lazy("People"), "count")],
            [[level, levels.get(level, 0)] for level in level_keys],
            chart=Chart("bar", "level", ("people",)),
        ),
        Table(
            "movements",
            _lazy("Who moved since the end of last month"),
            [
                Column("author", _lazy("Person"), "person"),
                Column("from", _lazy("From"), "level"),
                Column("to", _lazy("To"), "level"),
                Column("direction", _lazy("Direction"), "direction"),
            ],
            [
                [
                    m["author"],
                    m["from"],
                    m["to"],
                    "up" if level_keys.index(m["to"]) > level_keys.index(m["from"]) else "down",
                ]
                for m in engagement.get("movements") or []
            ],
        ),
        Table(
            "ladder",
            _lazy("Who is at each level"),
            ladder_columns,
            [[m.get(c.key) for c in ladder_columns] for m in engagement.get("members") or []],
            intro=_lazy("Over the last twelve months; the highest levels first."),
            limit=LADDER_SHOWN,
        ),
        Table(
            "ladder-history",
            _lazy("The ladder month by month"),
            history_columns,
            [
                [
                    entry["month"],
                    *(entry["levels"].get(k, 0) for k in level_keys),
                    entry.get("up", 0),
                    entry.get("down", 0),
                ]
                for entry in history
            ],
            chart=Chart("bar", "month", tuple(level_keys[1:]), stacked=True),
        ),
    ]


NETWORK_SHOWN = 200
PAIRS_SHOWN = 50


def network_tables(report) -> list[Table]:
    network = (report.get("trends") or {}).get("network") or {}
    counts = network.get("counts") or {}
    return [
        Table(
            "places",
            _lazy("Places in the reply network"),
            [Column("place", _lazy("Place"), "place"), Column("people", _lazy("People"), "count")],
            [[place, counts.get(place, 0)] for place in explain.PLACES],
            chart=Chart("bar", "place", ("people",)),
        ),
        Table(
            "network",
            _lazy("Who is where"),
            [Column("author", _lazy("Person"), "person"), Column("place", _lazy("Place"), "place")],
            sorted(
                ([m["author"], m["place"]] for m in network.get("members") or []),
                key=lambda row: list(explain.PLACES).index(row[1]),
            ),
            limit=NETWORK_SHOWN,
        ),
        Table(
            "pairs",
            _lazy("Who answers whom"),
            [
                Column("from", _lazy("Answered"), "person"),
                Column("to", _lazy("Whom"), "person"),
                Column("replies", _lazy("Answers"), "count"),
            ],
            [[p["from"], p["to"], p["replies"]] for p in network.get("pairs") or []],
            limit=PAIRS_SHOWN,
        ),
    ]


def trends_tables(report) -> list[Table]:
    return [
        monthly_table(report),
        compared_table(report),
        cohorts_table(report),
        joyce_kraut_table(report),
        weekday_table(report),
        hour_table(report),
        rhythm_table(report),
        *network_tables(report),
    ]


def overview_tables(report, notes) -> list[Table]:
    tables = [indicators_table(report, notes)]
    hosted = hosted_table(report, notes)
    if hosted is not None:
        tables.append(hosted)
    moderators = moderators_table(report)
    if moderators is not None:
        tables.append(moderators)
    tables.append(monthly_table(report))
    return tables


def by_key(tables: Sequence[Table]) -> dict[str, Table]:
    return {table.key: table for table in tables}


def named(tables: Sequence[Table]) -> dict[str, Table]:
    """The tables by a name templates can use ("stage-history" as stage_history)."""
    return {table.key.replace("-", "_"): table for table in tables}
