"""When rituals fall due, and what their templates become."""

from datetime import date, time

import pytest

from cercle.lib.errors import Refused
from cercle.rituals import schedule
from cercle.rituals.schedule import Schedule
from cercle.rituals.tests.conftest import paris


def weekly(**fields) -> Schedule:
    values = {
        "frequency": "weekly",
        "starts_on": date(2026, 3, 1),
        "time_of_day": time(9, 0),
        "time_zone": "Europe/Paris",
        "weekday": 0,
    }
    values.update(fields)
    return Schedule(**values)


def test_every_monday_at_nine_stays_at_nine_in_paris_across_the_clock_change():
    dates = weekly().upcoming(paris(2026, 3, 1, 12), count=6)
    assert [d.date().isoformat() for d in dates] == [
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
        "2026-04-06",
    ]
    assert {(d.hour, d.minute) for d in dates} == {(9, 0)}
    # Winter time is UTC+1, summer time UTC+2: the instants move, the wall clock does not.
    assert dates[3].utcoffset().total_seconds() == 3600
    assert dates[4].utcoffset().total_seconds() == 7200


def test_the_latest_occurrence_is_the_last_one_that_has_come():
    assert weekly().latest(paris(2026, 3, 1, 12)) is None  # before the first Monday
    assert weekly().latest(paris(2026, 3, 2, 8, 59)) is None
    assert weekly().latest(paris(2026, 3, 2, 9, 0)) == paris(2026, 3, 2, 9)
    assert weekly().latest(paris(2026, 3, 25, 18)) == paris(2026, 3, 23, 9)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"frequency": "monthly_day", "day_of_month": 15}, ["2026-03-15", "2026-04-15"]),
        ({"frequency": "monthly_day", "day_of_month": -1}, ["2026-03-31", "2026-04-30"]),
        (
            {"frequency": "monthly_weekday", "ordinal": 1, "weekday": 1},
            ["2026-03-03", "2026-04-07"],
        ),
        (
            {"frequency": "monthly_weekday", "ordinal": -1, "weekday": 4},
            ["2026-03-27", "2026-04-24"],
        ),
        ({"frequency": "quarterly", "ordinal": -1, "weekday": 4}, ["2026-03-27", "2026-06-26"]),
        (
            {"frequency": "custom", "custom_rule": "FREQ=MONTHLY;BYDAY=2WE"},
            ["2026-03-11", "2026-04-08"],
        ),
        ({"frequency": "once", "starts_on": date(2026, 3, 20)}, ["2026-03-20"]),
    ],
)
def test_presets_and_rules(fields, expected):
    found = weekly(**fields).upcoming(paris(2026, 3, 1, 12), count=2)
    assert [d.date().isoformat() for d in found] == expected


def test_a_one_off_is_due_once_its_date_has_come():
    once = weekly(frequency="once", starts_on=date(2026, 3, 20), time_of_day=time(17, 30))
    assert once.latest(paris(2026, 3, 20, 17, 29)) is None
    assert once.latest(paris(2026, 6, 1)) == paris(2026, 3, 20, 17, 30)
    assert once.upcoming(paris(2026, 6, 1)) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"frequency": "custom", "custom_rule": "FREQ=HOURLY"}, "at most once a day"),
        ({"frequency": "custom", "custom_rule": "nonsense"}, "cannot be read"),
        ({"frequency": "custom", "custom_rule": ""}, "Write the repetition rule"),
        ({"frequency": "monthly_day", "day_of_month": 31}, "between 1 and 28"),
        ({"time_zone": "Mars/Olympus"}, "not a time zone"),
    ],
)
def test_schedules_that_cannot_work_are_refused_with_a_message(fields, message):
    with pytest.raises(Refused, match=message):
        weekly(**fields).check()


def test_placeholders_are_filled_in_the_rituals_language():
    moment = paris(2026, 3, 2, 9)
    fr = schedule.values(moment, time_zone="Europe/Paris", language="fr", community_name="Réseau")
    en = schedule.values(moment, time_zone="Europe/Paris", language="en", community_name="Réseau")
    template = "{weekday} {date} · {month} · semaine {week} · T{quarter} {year} · {community}"
    assert schedule.fill(template, fr) == (
        "lundi 2 mars 2026 · mars 2026 · semaine 10 · T1 2026 · Réseau"
    )
    assert schedule.fill("{date}", en) == "March 2, 2026"


def test_templates_cannot_reach_python_attributes_and_unknown_names_are_refused():
    filled = schedule.values(
        paris(2026, 3, 2, 9), time_zone="Europe/Paris", language="fr", community_name="R"
    )
    # Not a placeholder: left as written, never evaluated (str.format would have).
    assert schedule.fill("{date.__class__} {0}", filled) == "{date.__class__} {0}"
    with pytest.raises(Refused, match="not a placeholder"):
        schedule.check_template("Semaine du {jour}")
    schedule.check_template("Semaine du {date} {month}")
