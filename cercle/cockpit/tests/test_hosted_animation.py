"""The hosted figures of events, moderation and mail, from data built through the real actions
of cercle.events, cercle.moderation and cercle.newsletters: exact numbers, a group's report,
the as-of boundary, and the pages (overview, help, CSV) that show them at a constant cost."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cercle.cockpit.actions import recompute, today
from cercle.cockpit.hosted import HOSTED_KEYS
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.discussions import actions as discussions
from cercle.discussions.models import Topic
from cercle.events import actions as events
from cercle.events.models import Response
from cercle.moderation.actions import people as sanctions
from cercle.moderation.actions import reports
from cercle.moderation.actions import topics as moderate_topics
from cercle.newsletters.actions import newsletters
from cercle.newsletters.actions.digests import send_digests
from cercle.newsletters.tests.conftest import (
    refusing_smtp,  # noqa: F401 - a fixture
    set_joined,
)

from .conftest import at, populate

pytestmark = pytest.mark.django_db

# As of 2024-06-30, the 90-day window is [2024-04-02 00:00, 2024-07-01 00:00) UTC.
END = datetime(2024, 7, 1, tzinfo=UTC)
WINDOW_START = END - timedelta(days=90)


def cockpit(slug: str, day: str, *extra: str) -> dict:
    out = io.StringIO()
    call_command("cockpit", slug, "--as-of", day, *extra, "--json", stdout=out)
    return json.loads(out.getvalue())


def hosted(slug: str, day: str, *extra: str) -> tuple[dict, dict]:
    report = cockpit(slug, day, *extra)
    notes = {
        key.split(".", 1)[1]: note["code"]
        for key, note in report["notes"].items()
        if key.startswith("hosted.")
    }
    return report["hosted"], notes


def role(community, user, new_role, by):
    change_role(
        membership=Membership.objects.get(community=community, user=user),
        role=new_role,
        by=Membership.objects.get(community=community, user=by),
    )


@pytest.fixture
def occitanie(community, bob, history):
    """A group; carl's unanswered topic of 10 June is one of its topics."""
    group = create_group(community=community, by=bob, name="Occitanie", kind="local")
    history["alone"].group = group
    history["alone"].save(update_fields=["group"])
    return group


@pytest.fixture
def mona(community, bob, make_member):
    user = make_member("Mona Modératrice", "mona@example.org")
    role(community, user, Role.MODERATOR, bob)
    return user


# --- Events ---------------------------------------------------------------------------------


def _event(community, bob, start: datetime, *, group=None, title="Rencontre"):
    return events.create_event(
        community=community,
        by=bob,
        group=group,
        title=title,
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        address="Toulouse",
        at=at("2024-03-01"),
    )


@pytest.fixture
def held(community, bob, history, occitanie):
    """Six events. In the window as of 30 June: the 10 June one (alice, carl and dora going,
    bob maybe; alice, carl and bob came), the group's 20 June one (alice and carl going,
    alice came), the first instant of the window (nobody answered), the 28 June one (alice
    going; attendance recorded on 2 July only). Not counted: one cancelled, one starting at
    the very end of the day (1 July 00:00 UTC)."""
    p = history["people"]
    june10 = _event(community, bob, at("2024-06-10", 16))
    june20 = _event(community, bob, at("2024-06-20", 16), group=occitanie)
    first = _event(community, bob, WINDOW_START)
    june28 = _event(community, bob, at("2024-06-28", 16))
    cancelled = _event(community, bob, at("2024-06-15", 16))
    july1 = _event(community, bob, END)
    answered = at("2024-06-01")
    for event, going in ((june10, "alice carl dora"), (june20, "alice carl"), (june28, "alice")):
        for name in going.split():
            events.respond(event=event, user=p[name], response=Response.GOING, at=answered)
    events.respond(event=june10, user=bob, response=Response.MAYBE, at=answered)
    events.respond(event=cancelled, user=p["alice"], response=Response.GOING, at=answered)
    events.cancel_event(event=cancelled, by=bob, at=at("2024-06-05"))
    events.record_attendance(
        event=june10,
        by=bob,
        attended=[p["alice"].pk, p["carl"].pk, bob.pk],
        at=at("2024-06-10", 19),
    )
    events.record_attendance(event=june20, by=bob, attended=[p["alice"].pk], at=at("2024-06-21"))
    events.record_attendance(event=june28, by=bob, attended=[p["alice"].pk], at=at("2024-07-02"))
    return {"june10": june10, "june20": june20, "first": first, "july1": july1}


def test_events_held_attendance_and_the_share_of_going_who_came(community, held):
    values, notes = hosted(community.slug, "2024-06-30")
    assert values["events_90d"] == 4  # 10, 20 and 28 June, and the window's first instant
    # 10 June: alice, carl and bob (who said maybe); 20 June: alice. 28 June: recorded later.
    assert values["event_attendance_90d"] == 4
    # Of the 5 "going" (3 + 2), 3 came: bob's "maybe" is not in the share.
    assert values["event_attendance_rate_90d"] == pytest.approx(3 / 5)
    assert notes["event_attendance_rate_90d"] == "small-sample"


def test_events_as_of_the_next_days(community, held):
    values, _notes = hosted(community.slug, "2024-07-01")
    # The event at 1 July 00:00 now counts; the window's former first instant left it.
    assert values["events_90d"] == 4
    assert values["event_attendance_90d"] == 4
    values, _notes = hosted(community.slug, "2024-07-02")
    # The 28 June attendance, recorded on 2 July, now counts: alice came.
    assert values["event_attendance_90d"] == 5
    assert values["event_attendance_rate_90d"] == pytest.approx(4 / 6)


def test_a_groups_events_are_its_own(community, held, occitanie):
    values, notes = hosted(community.slug, "2024-06-30", "--group", occitanie.slug)
    assert values["events_90d"] == 1
    assert values["event_attendance_90d"] == 1
    assert values["event_attendance_rate_90d"] == pytest.approx(1 / 2)
    assert notes.get("events_90d") is None


def test_events_without_attendance_say_why_there_is_no_share(community, bob, history):
    _event(community, bob, at("2024-06-12", 16))
    values, notes = hosted(community.slug, "2024-06-30")
    assert values["events_90d"] == 1
    assert values["event_attendance_90d"] == 0
    assert values["event_attendance_rate_90d"] is None
    assert notes["event_attendance_rate_90d"] == "no-attendance-recorded-90d"


# --- Moderation -----------------------------------------------------------------------------


@pytest.fixture
def moderated(community, bob, history, occitanie, mona):
    """Four reports. alice reports carl's topic of the group (11 June 10:00): mona closes it
    4 hours later. carl reports bob's answer (12 June 10:00): bob dismisses it a day later.
    dora reports carl (20 June 10:00): mona warns him 2 hours later. dora reports alice's
    question (29 June 10:00): mona dismisses it on 1 July 10:00 (48 hours). bob also warns
    dora, with no report (25 June)."""
    p = history["people"]
    r1 = reports.report(
        community=community,
        reporter=p["alice"],
        reason="off_topic",
        topic=history["alone"],
        at=at("2024-06-11"),
    )
    moderate_topics.close_topic(
        topic=history["alone"], by=mona, reason="Hors sujet", report=r1, at=at("2024-06-11", 14)
    )
    r2 = reports.report(
        community=community,
        reporter=p["carl"],
        reason="spam",
        post=history["answer"],
        at=at("2024-06-12"),
    )
    reports.dismiss(report=r2, by=bob, at=at("2024-06-13"))
    r3 = reports.report(
        community=community,
        reporter=p["dora"],
        reason="charter",
        member=p["carl"],
        at=at("2024-06-20"),
    )
    sanctions.warn(
        community=community,
        member=p["carl"],
        by=mona,
        reason="Ton agressif",
        report=r3,
        at=at("2024-06-20", 12),
    )
    sanctions.warn(
        community=community, member=p["dora"], by=bob, reason="Rappel", at=at("2024-06-25")
    )
    r4 = reports.report(
        community=community,
        reporter=p["dora"],
        reason="spam",
        topic=history["question"],
        at=at("2024-06-29"),
    )
    reports.dismiss(report=r4, by=mona, at=at("2024-07-01"))
    return r1, r2, r3, r4


def test_reports_their_handling_and_the_moderators_work(community, moderated, mona, bob):
    values, notes = hosted(community.slug, "2024-06-30")
    assert values["reports_90d"] == 4
    assert values["reports_handled_90d"] == 3  # the 29 June one is handled on 1 July
    assert values["report_handling_median_hours_90d"] == 4  # of 4, 24 and 2 hours
    assert notes["report_handling_median_hours_90d"] == "small-sample"
    assert values["open_reports"] == 1
    assert values["moderation_actions_90d"] == 3  # closed, warned, warned
    assert values["moderators_90d"] == [
        {"moderator": mona.pk, "reports_handled": 2, "handling_median_hours": 3, "actions": 2},
        {"moderator": bob.pk, "reports_handled": 1, "handling_median_hours": 24, "actions": 1},
    ]


def test_reports_as_of_the_next_day(community, moderated, mona):
    values, _notes = hosted(community.slug, "2024-07-01")
    assert values["reports_handled_90d"] == 4
    assert values["open_reports"] == 0
    assert values["report_handling_median_hours_90d"] == 14  # of 2, 4, 24 and 48 hours
    assert values["moderators_90d"][0] == {
        "moderator": mona.pk,
        "reports_handled": 3,
        "handling_median_hours": 4,
        "actions": 2,
    }
    # Before the first report: nothing made, nothing waiting.
    values, notes = hosted(community.slug, "2024-06-10")
    assert (values["reports_90d"], values["open_reports"], values["moderators_90d"]) == (0, 0, [])
    assert notes["report_handling_median_hours_90d"] == "no-reports-handled-90d"
    assert notes["moderators_90d"] == "no-moderation-90d"


def test_a_groups_reports_are_those_on_its_topics(community, moderated, occitanie, mona):
    values, _notes = hosted(community.slug, "2024-06-30", "--group", occitanie.slug)
    assert values["reports_90d"] == 1
    assert values["reports_handled_90d"] == 1
    assert values["report_handling_median_hours_90d"] == 4
    assert values["open_reports"] == 0
    assert values["moderation_actions_90d"] == 1  # the topic closed; warnings have no group
    assert values["moderators_90d"] == [
        {"moderator": mona.pk, "reports_handled": 1, "handling_median_hours": 4, "actions": 1}
    ]


# --- Digests and newsletters ----------------------------------------------------------------


@pytest.fixture
def _mail_settings(settings):
    settings.SITE_URL = "https://cercle.example.org"
    settings.DEFAULT_FROM_EMAIL = "Cercle <cercle@cercle.example.org>"


def _early_post(community, author, when):
    """The cockpit counts from the first message: one well before the days asked for."""
    discussions.start_topic(
        community=community, author=author, kind="discussion", title="Bienvenue", body="!", at=when
    )


@pytest.mark.usefixtures("_mail_settings")
def test_newsletters_sent_delivered_bounced_and_reach(
    community,
    bob,
    alice,
    make_member,
    refusing_smtp,  # noqa: F811 - the fixture imported
):
    _early_post(community, alice, timezone.now() - timedelta(days=10))
    make_member("Rebond", "bounce@example.org")
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    lyonnais = make_member("Lyonnais", "lyon@example.org")
    for person in (alice, lyonnais):
        join_group(group=lyon, user=person)
    letters = []
    for title, group in (("La lettre", None), ("La lettre de Lyon", lyon)):
        letter = newsletters.compose(
            community=community, by=bob, content=newsletters.Content(title=title, group=group)
        )
        newsletters.send_now(newsletter=letter, by=bob)
        newsletters.deliver(letter.pk)  # the task would run after the commit: by hand
        letters.append(letter)
    # bob, alice and lyonnais (bounce@ refused for good); then alice and lyonnais.
    assert len(refusing_smtp.messages) == 3 + 2

    day = today().isoformat()
    values, notes = hosted(community.slug, day)
    assert values["newsletters_sent_90d"] == 2
    assert values["newsletter_deliveries_90d"] == 5
    assert values["newsletter_bounce_share_90d"] == pytest.approx(1 / 6)
    assert notes["newsletter_bounce_share_90d"] == "small-sample"
    assert values["newsletter_reach_30d"] == 3  # bob, alice, lyonnais

    values, notes = hosted(community.slug, day, "--group", lyon.slug)
    assert values["newsletters_sent_90d"] == 1
    assert values["newsletter_deliveries_90d"] == 2
    assert values["newsletter_bounce_share_90d"] == 0
    assert values["newsletter_reach_30d"] == 2

    # As of the day before, nothing was sent yet.
    yesterday = (today() - timedelta(days=1)).isoformat()
    values, notes = hosted(community.slug, yesterday)
    assert (values["newsletters_sent_90d"], values["newsletter_reach_30d"]) == (0, 0)
    assert values["newsletter_bounce_share_90d"] is None
    assert notes["newsletter_bounce_share_90d"] == "no-newsletters-90d"


@pytest.mark.usefixtures("_mail_settings")
def test_digests_delivered_and_their_reach_are_community_wide(
    community, bob, alice, make_member, smtp_inbox, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    # A Monday 08:00 UTC a few weeks back; newcomers of the week before give everyone news.
    now = timezone.now().astimezone(UTC)
    day = now.date() - timedelta(days=now.weekday() + 21)
    monday = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    _early_post(community, alice, monday - timedelta(days=20))
    for person in (bob, alice):
        set_joined(person, community, monday - timedelta(days=365))
    for n in range(3):
        set_joined(make_member(f"Membre {n}"), community, monday - timedelta(days=3))
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    assert send_digests(rhythm="weekly", at=monday).sent == 5

    values, notes = hosted(community.slug, monday.date().isoformat())
    assert (values["digests_sent_90d"], values["digest_reach_30d"]) == (5, 5)
    values, notes = hosted(community.slug, (monday.date() - timedelta(days=1)).isoformat())
    assert (values["digests_sent_90d"], values["digest_reach_30d"]) == (0, 0)
    values, notes = hosted(community.slug, monday.date().isoformat(), "--group", lyon.slug)
    assert values["digests_sent_90d"] == 5
    assert notes["digests_sent_90d"] == notes["digest_reach_30d"] == "community-wide"


# --- The pages ------------------------------------------------------------------------------

CSV = "/c/reseau/cockpit/export.csv"


def _recent_reports(community, topics, reporter, handlers):
    """One report per topic, made 10 days ago, handled by each handler in turn (2h, 4h...)."""
    made = timezone.now() - timedelta(days=10)
    for n, topic in enumerate(topics):
        if topic.author_id == reporter.pk:
            continue
        found = reports.report(
            community=community, reporter=reporter, reason="spam", topic=topic, at=made
        )
        handler = handlers[n % len(handlers)]
        reports.dismiss(report=found, by=handler, at=made + timedelta(hours=2 * (n + 1)))


def test_the_overview_shows_events_moderation_and_mail_with_help_links(
    lively, as_bob, community, bob, mona
):
    topics = list(Topic.objects.filter(community=community).order_by("pk")[:2])
    _recent_reports(community, topics, lively[1], [mona])
    recompute(community)
    html = as_bob.get("/c/reseau/cockpit/").content.decode()
    for key in (
        "events_90d",
        "event_attendance_rate_90d",
        "reports_handled_90d",
        "report_handling_median_hours_90d",
        "open_reports",
        "digests_sent_90d",
        "newsletter_bounce_share_90d",
    ):
        assert f'id="value-{key}"' in html, key
        assert f'href="/cockpit/help/#{key}"' in html, key
    assert "No event was held in the last 90 days." in html
    assert "Not yet available" not in html
    moderators = html.split('id="moderators"', 1)[1].split("</section>", 1)[0]
    assert "Mona Modératrice" in moderators
    assert "table=moderators" in moderators


def test_the_help_page_explains_the_new_figures(client, charlie):
    client.force_login(charlie)
    html = client.get("/cockpit/help/").content.decode()
    for key in HOSTED_KEYS:
        assert f'id="{key}"' in html, key
    assert "no tracking image" in html


def test_the_moderators_table_downloads_as_csv(lively, as_bob, community, bob, mona):
    topics = list(Topic.objects.filter(community=community).order_by("pk")[:4])
    _recent_reports(community, topics, lively[1], [mona, bob])
    recompute(community)
    response = as_bob.get(CSV, {"table": "moderators"})
    assert response.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert header == ["Person", "Reports handled", "Time to handle (median)", "Decisions"]
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Mona Modératrice", "Bob Animateur"}
    handled = sum(int(row[1]) for row in rows)
    assert handled == len([t for t in topics if t.author_id != lively[1].pk])


def test_the_overview_costs_the_same_with_more_moderators_events_and_mail(
    lively, client, bob, community, mona, make_member, page_queries
):
    client.force_login(bob)
    small = page_queries("/c/reseau/cockpit/")
    # Three moderators now handle reports; events with attendance; more conversation.
    others = [make_member(f"Modo {n}", f"modo{n}@example.org") for n in range(2)]
    for person in others:
        role(community, person, Role.MODERATOR, bob)
    populate(community, bob, lively, rounds=2)
    topics = list(Topic.objects.filter(community=community).order_by("pk")[:8])
    _recent_reports(community, topics, lively[1], [mona, *others])
    start = timezone.now() - timedelta(days=5)
    event = events.create_event(
        community=community,
        by=bob,
        title="Atelier",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        address="Lyon",
        at=start - timedelta(days=3),
    )
    events.respond(
        event=event, user=lively[0], response=Response.GOING, at=start - timedelta(days=1)
    )
    events.record_attendance(event=event, by=bob, attended=[lively[0].pk], at=start)
    recompute(community)
    assert page_queries("/c/reseau/cockpit/") == small + 1  # the moderators' names
    populate(community, bob, lively, rounds=2)
    _recent_reports(community, topics, lively[2], [mona, *others])
    recompute(community)
    assert page_queries("/c/reseau/cockpit/") == small + 1


def test_the_computation_reads_a_fixed_number_of_queries(community, history, occitanie, request):
    """Aggregates, not a query per event, report or moderator."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cercle.cockpit.hosted import hosted_section

    def count(group=None) -> int:
        with CaptureQueriesContext(connection) as ctx:
            hosted_section(community, date(2024, 7, 2), group=group, posters=set())
        return len(ctx.captured_queries)

    empty, empty_group = count(), count(occitanie)
    request.getfixturevalue("held")
    request.getfixturevalue("moderated")
    assert count() == empty
    assert count(occitanie) == empty_group
