"""Recurring events: occurrences from an RRULE, in local time, with exceptions that stay."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from cercle.events import actions, recurrence
from cercle.events.models import Event, EventSeries, EventStatus, Registration, Response
from cercle.events.tests.conftest import in_days, wall
from cercle.lib.errors import Refused

PARIS = ZoneInfo("Europe/Paris")
# A fixed "now" for these tests: Monday 5 January 2026, 09:00 in Paris.
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=PARIS)


@pytest.fixture
def series_event(community, bob):
    """The first Tuesday of each month, 12:30-13:30 in Paris, by video."""
    return actions.create_event(
        community=community,
        by=bob,
        title="Café des pratiques",
        start=wall(2026, 1, 6, 12, 30),
        end=wall(2026, 1, 6, 13, 30),
        time_zone="Europe/Paris",
        video_url="https://visio.example.org/cafe",
        repeat_rule=recurrence.preset_rule(
            recurrence.Repeat.MONTHLY_WEEKDAY, wall(2026, 1, 6, 12, 30)
        ),
        at=NOW,
    )


def occurrences(series) -> list[Event]:
    return list(Event.objects.filter(series=series).order_by("starts_at"))


def test_the_first_tuesday_of_each_month_at_the_same_local_time(series_event):
    series = series_event.series
    assert series.rule == "FREQ=MONTHLY;BYDAY=1TU"
    dates = occurrences(series)
    assert series_event == dates[0]
    # Six months ahead, materialised.
    assert [e.starts_at.astimezone(PARIS).date().isoformat() for e in dates[:7]] == [
        "2026-01-06",
        "2026-02-03",
        "2026-03-03",
        "2026-04-07",
        "2026-05-05",
        "2026-06-02",
        "2026-07-07",
    ]
    # 12:30 in Paris in winter (UTC+1) and in summer (UTC+2): the wall time stays.
    assert {e.starts_at.astimezone(PARIS).time().isoformat() for e in dates} == {"12:30:00"}
    assert {e.ends_at - e.starts_at for e in dates} == {timedelta(hours=1)}
    assert dates[0].starts_at.astimezone(ZoneInfo("UTC")).hour == 11
    assert dates[5].starts_at.astimezone(ZoneInfo("UTC")).hour == 10
    assert recurrence.describe(series.rule) == "the first Tuesday of each month"


def test_answers_are_per_occurrence(series_event, alice):
    first, second = occurrences(series_event.series)[:2]
    actions.respond(event=first, user=alice, response=Response.GOING, at=NOW)
    actions.respond(event=second, user=alice, response=Response.NOT_GOING, at=NOW)
    assert dict(Registration.objects.values_list("event_id", "response")) == {
        first.pk: Response.GOING,
        second.pk: Response.NOT_GOING,
    }


def test_a_cancelled_and_a_moved_date_stay_so(series_event, bob, alice):
    series = series_event.series
    dates = occurrences(series)
    february, march = dates[1], dates[2]
    actions.cancel_event(event=february, by=bob, at=NOW)
    moved_start = wall(2026, 3, 10, 18, 0)  # a Tuesday evening instead
    actions.update_event(
        event=march,
        by=bob,
        title=march.title,
        start=moved_start,
        end=moved_start + timedelta(hours=2),
        time_zone="Europe/Paris",
        video_url=march.video_url,
        at=NOW,
    )
    march.refresh_from_db()
    assert march.detached
    # Extending the series later recreates neither.
    actions.extend_series(at=NOW + timedelta(days=200))
    actions.extend_series(at=NOW + timedelta(days=200))
    after = occurrences(series)
    local_dates = [e.original_start.astimezone(PARIS).date().isoformat() for e in after]
    assert len(local_dates) == len(set(local_dates))
    assert Event.objects.get(pk=february.pk).status == EventStatus.CANCELLED
    assert after[-1].starts_at > dates[-1].starts_at  # it did grow

    # Changing every coming date to 13:00 keeps the exceptions and everyone's answers.
    april = dates[3]
    actions.respond(event=april, user=alice, response=Response.GOING, at=NOW)
    actions.update_series(
        series=series,
        by=bob,
        title="Café des pratiques",
        start=wall(2026, 1, 6, 13, 0),
        end=wall(2026, 1, 6, 14, 0),
        time_zone="Europe/Paris",
        video_url="https://visio.example.org/cafe",
        repeat_rule="FREQ=MONTHLY;BYDAY=1TU",
        at=NOW,
    )
    april.refresh_from_db()
    assert april.starts_at.astimezone(PARIS).time().isoformat() == "13:00:00"
    assert april.sequence == 1
    assert Registration.objects.get(event=april).response == Response.GOING
    march.refresh_from_db()
    assert march.starts_at.astimezone(PARIS) == moved_start.replace(tzinfo=PARIS)
    assert Event.objects.get(pk=february.pk).status == EventStatus.CANCELLED
    assert not Event.objects.filter(
        series=series, status=EventStatus.SCHEDULED, starts_at__month=2, starts_at__year=2026
    ).exists()


def test_a_new_rhythm_cancels_the_dates_members_answered_and_drops_the_others(
    series_event, bob, alice
):
    series = series_event.series
    dates = occurrences(series)
    actions.respond(event=dates[2], user=alice, response=Response.GOING, at=NOW)
    actions.update_series(
        series=series,
        by=bob,
        title="Café des pratiques",
        start=wall(2026, 1, 13, 12, 30),
        end=wall(2026, 1, 13, 13, 30),
        time_zone="Europe/Paris",
        video_url="https://visio.example.org/cafe",
        repeat_rule="FREQ=MONTHLY;BYDAY=2TU",
        at=NOW,
    )
    assert Event.objects.get(pk=dates[2].pk).status == EventStatus.CANCELLED  # alice is told
    assert not Event.objects.filter(pk=dates[1].pk).exists()  # nobody had answered
    seconds = Event.objects.filter(series=series, status=EventStatus.SCHEDULED)
    assert {e.starts_at.astimezone(PARIS).day for e in seconds} <= set(range(8, 15))


def test_cancelling_the_series_cancels_its_coming_dates_only(series_event, bob):
    series = series_event.series
    later = NOW + timedelta(days=40)
    actions.cancel_series(series=series, by=bob, at=later)
    before = [e for e in occurrences(series) if e.starts_at < later]
    assert len(before) == 2
    assert {e.status for e in before} == {EventStatus.SCHEDULED}
    assert not Event.objects.filter(
        series=series, starts_at__gt=later, status=EventStatus.SCHEDULED
    ).exists()
    assert actions.extend_series(at=later + timedelta(days=100)) == 0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;BYDAY=9ZZ", "cannot be read"),
        ("FREQ=MINUTELY", "at most once a day"),
        ("FREQ=WEEKLY;INTERVAL=0", "cannot be read"),
        ("FREQ=WEEKLY;UNTIL=20250101", "gives no date"),
        ("FREQ=WEEKLY;BYSECOND=5", "BYSECOND"),
        ("X" * 400, "at most 300 characters"),
    ],
)
def test_invalid_rules_are_refused_and_nothing_is_saved(community, bob, rule, message):
    with pytest.raises(Refused, match=message):
        actions.create_event(
            community=community,
            by=bob,
            title="Jamais",
            start=wall(2026, 1, 6, 12, 30),
            end=wall(2026, 1, 6, 13, 30),
            time_zone="Europe/Paris",
            address="Lyon",
            repeat_rule=rule,
            at=NOW,
        )
    assert not EventSeries.objects.exists()
    assert not Event.objects.exists()


def test_a_utc_until_is_read_in_the_series_zone(community, bob):
    event = actions.create_event(
        community=community,
        by=bob,
        title="Hebdo",
        start=wall(2026, 1, 6, 12, 30),
        end=wall(2026, 1, 6, 13, 30),
        time_zone="Europe/Paris",
        address="Lyon",
        repeat_rule="RRULE:FREQ=WEEKLY;UNTIL=20260120T113000Z",
        at=NOW,
    )
    assert len(occurrences(event.series)) == 3  # 6, 13 and 20 January


def test_the_feed_exports_each_occurrence_once_with_its_own_uid(client, community, alice, bob):
    start = in_days(3)
    first = actions.create_event(
        community=community,
        by=bob,
        title="Hebdo",
        start=start,
        end=start + timedelta(hours=1),
        time_zone="Europe/Paris",
        address="Lyon",
        repeat_rule="FREQ=WEEKLY;COUNT=4",
    )
    dates = occurrences(first.series)
    assert len(dates) == 4
    actions.cancel_event(event=dates[1], by=bob)
    feed = actions.calendar_feed(user=alice)
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").content)
    exported = {str(v["UID"]): v for v in calendar.walk("VEVENT")}
    assert set(exported) == {f"{e.uid}@cercle" for e in dates}
    assert not any("RRULE" in v for v in exported.values())  # occurrences, never a rule
    assert exported[f"{dates[1].uid}@cercle"]["STATUS"] == "CANCELLED"
    assert [exported[f"{e.uid}@cercle"].start for e in dates] == [e.starts_at for e in dates]
