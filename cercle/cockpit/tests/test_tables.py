"""The tables' structure: one source for the HTML rows, the chart and the CSV."""

from django.utils import translation

from cercle.cockpit import tables
from cercle.cockpit.tables import Cell, Chart, Column, Table


def table() -> Table:
    return Table(
        "sample",
        "Sample",
        [
            Column("month", "Month", "month"),
            Column("posts", "Messages", "count"),
            Column("share", "Share", "share"),
            Column("who", "Who", "person"),
        ],
        [["2024-01", 1200, 0.25, 7], ["2024-02", 3, None, None], ["2024-03", 4, 0.5, 8]],
        chart=Chart("line", "month", ("posts", "share")),
        limit=2,
    )


def test_the_chart_draws_the_rows_the_table_shows():
    sample = table()
    tables.resolve([sample], {7: "Alice"})
    chart = tables.chart_data([sample])["sample"]
    assert chart["labels"] == [row[0][0] for row in sample.display]
    assert chart["datasets"][0]["data"] == [1200.0, 3.0]
    assert chart["datasets"][1] == {"label": "Share", "data": [25.0, None], "percent": True}


def test_the_page_writes_values_in_the_readers_language():
    sample = table()
    with translation.override("fr"):
        tables.resolve([sample], {7: "Alice"})
        first = [text for text, _css in sample.display[0]]
    assert first[0].lower() == "janvier 2024"
    assert first[1].replace("\u202f", " ").replace("\xa0", " ") == "1 200"
    assert first[3] == "Alice"
    assert sample.display[1][2][0] == "—"  # missing, never a zero
    assert sample.display[1][3][0] == "ancien membre"  # a deleted account


def test_the_csv_has_every_row_raw():
    sample = table()
    text = tables.write_csv(sample, {7: "=Alice", 8: "Bob"})
    lines = text.strip().splitlines()
    assert lines[0] == "Month,Messages,Share,Who"
    assert lines[1] == "2024-01,1200,0.25,'=Alice"
    assert len(lines) == 4  # the page shows two, the CSV all three


def test_a_cell_carries_its_kind_and_change_is_signed():
    assert tables.display(Cell(0.5, "share"), "cell") == "50%"
    assert tables.display(Cell(-0.05, "change:share"), "cell") == "\u22125 pts"
    assert tables.display(Cell(3, "change:count"), "cell") == "+3"
    assert tables.display(Cell(2.25, "factor"), "cell") == "\u00d72.25"
