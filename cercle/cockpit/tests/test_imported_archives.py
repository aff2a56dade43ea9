"""An archive imported with `cercle import` gives, as of any date, the same numbers as the
engine run directly on the reader's output (docs/indicators.md: "the same numbers as an
independent count of the raw archive"; test_indicators.py checks the engine against one)."""

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from cercle.cockpit.report import report_from_records
from cercle.connectors.readers import read_mbox, read_stackexchange

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]
SAMPLES = Path(os.environ.get("CERCLE_SAMPLE_ARCHIVES", REPO.parent / "shared" / "data"))


def records(reader, path):
    return [
        (p.source_id, p.thread_id, p.author_key, p.created_at, p.parent_id) for p in reader(path)
    ]


@pytest.mark.parametrize(
    ("kind", "reader", "folder", "days"),
    [
        (
            "mbox",
            read_mbox,
            "clearwater-mailing-list",
            ["2015-07-16", "2016-03-31", "2016-06-15", "2017-12-31", "2019-11-30"],
        ),
        (
            "stackexchange",
            read_stackexchange,
            "beer-stackexchange",
            ["2014-01-21", "2014-06-30", "2015-02-28", "2016-10-15", "2017-03-31"],
        ),
    ],
)
def test_imported_archive_matches_the_engine_on_the_reader_output(kind, reader, folder, days, bob):
    path = SAMPLES / folder
    call_command(
        "import",
        kind,
        str(path),
        "--community",
        "archive",
        "--create",
        "--archive",
        "--animator",
        bob.email,
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    posts = records(reader, path)
    for day in days:
        out = io.StringIO()
        call_command("cockpit", "archive", "--json", "--as-of", day, stdout=out)
        imported = json.loads(out.getvalue())
        direct = report_from_records(posts, date.fromisoformat(day))
        assert imported["posts_total"] == direct["posts_total"], day
        assert imported["threads_total"] == direct["threads_total"], day
        assert imported["indicators"] == direct["indicators"], day
        # Series that do not depend on who is who are the same too.
        assert imported["trends"]["monthly"] == direct["trends"]["monthly"], day
        assert imported["trends"]["newcomers"] == direct["trends"]["newcomers"], day
        assert imported["lifecycle"]["history"] == direct["lifecycle"]["history"], day
