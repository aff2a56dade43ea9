"""Every table of the cockpit downloads as CSV: all its rows, safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.utils import timezone

from cercle.cockpit.actions import recompute
from cercle.cockpit.models import CockpitSnapshot
from cercle.cockpit.tables import FORMULA_STARTS, safe_cell
from cercle.discussions import actions

from .conftest import populate

CSV = "/c/reseau/cockpit/export.csv"


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read the accents right
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_ladder_downloads_whole_with_names(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    response = as_bob.get(CSV, {"table": "ladder"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="reseau-ladder-')
    header, *rows = rows_of(response)
    assert header[:3] == ["Person", "Level", "Messages"]
    assert len(rows) == len(payload["engagement"]["members"])
    by_name = {row[0]: row for row in rows}
    alice = next(m for m in payload["engagement"]["members"] if m["author"] == lively[0].pk)
    assert by_name["Alice Membre"][2] == str(alice["posts"])


def test_every_table_of_every_page_has_its_csv(lively, as_bob):
    keys = set()
    for page in ("cockpit/", "cockpit/life-cycle/", "cockpit/engagement/", "cockpit/trends/"):
        html = as_bob.get(f"/c/reseau/{page}").content.decode()
        keys |= {part.split("&")[0].split('"')[0] for part in html.split("export.csv?table=")[1:]}
    assert {"indicators", "hosted", "monthly", "evidence", "ladder", "pairs", "rhythm"} <= keys
    for key in keys:
        response = as_bob.get(CSV, {"table": key})
        assert response.status_code == 200, key
        assert len(rows_of(response)) >= 1, key


def test_indicators_csv_gives_values_and_notes(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    header, *rows = rows_of(as_bob.get(CSV, {"table": "indicators"}))
    assert header == ["Key", "Indicator", "Value", "Note"]
    values = {row[0]: row for row in rows}
    assert set(values) == set(payload["indicators"])
    assert values["posts_90d"][2] == str(payload["indicators"]["posts_90d"])
    noted = [key for key, code in payload["notes"].items() if key.startswith("indicators.")]
    for key in noted:
        assert values[key.split(".", 1)[1]][3], key


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1"]
)
def test_names_that_a_spreadsheet_would_run_are_escaped(
    name, community, bob, alice, make_member, as_bob
):
    evil = make_member(name)
    populate(community, bob, [alice, evil])
    recompute(community)
    cells = [cell for row in rows_of(as_bob.get(CSV, {"table": "ladder"})) for cell in row]
    assert "'" + name in cells
    assert name not in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells if not cell[:1].isdigit())


def test_topic_titles_of_the_monthly_report_are_escaped(community, bob, alice, as_bob):
    now = timezone.now()
    actions.start_topic(
        community=community, author=alice, kind="discussion", title="=1+1 ou @SUM ?", body="?"
    )
    recompute(community)
    response = as_bob.get(CSV, {"table": "report-unanswered", "month": now.strftime("%Y-%m")})
    assert response.status_code == 200
    titles = [row[0] for row in rows_of(response)[1:]]
    assert titles == ["'=1+1 ou @SUM ?"]


def test_safe_cell_leaves_numbers_and_plain_text_alone():
    assert safe_cell(-3) == -3
    assert safe_cell(0.25) == 0.25
    assert safe_cell("Alice") == "Alice"
    assert safe_cell("-3") == "'-3"


def test_an_unknown_table_is_a_404(lively, as_bob):
    assert as_bob.get(CSV, {"table": "nothing"}).status_code == 404
    assert as_bob.get(CSV).status_code == 404


def test_a_member_cannot_download(lively, client, alice):
    client.force_login(alice)
    assert client.get(CSV, {"table": "ladder"}).status_code == 403
