"""Reminders, sent to a real SMTP server: once, even when the run is repeated, resumed after
the server was down, or run in the wrong window."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from cercle.events import actions, reminders
from cercle.events.models import Reminder, ReminderState, Response


@pytest.fixture
def registered(event, alice, make_member):
    """alice and two others registered for `event` two days before it."""
    at = event.starts_at - timedelta(days=2)
    people = [alice, make_member("Bea", "bea@example.org"), make_member("Cyril", "cy@example.org")]
    for person in people:
        actions.respond(event=event, user=person, response=Response.GOING, at=at)
    return people


def test_the_day_before_each_registered_member_gets_one_reminder(
    event, registered, smtp_inbox, charlie
):
    day_before = event.starts_at - timedelta(hours=23)
    assert reminders.send_due_reminders(at=day_before).sent == 3
    # A second run, a minute later, sends nothing.
    assert reminders.send_due_reminders(at=day_before + timedelta(minutes=1)).sent == 0
    assert len(smtp_inbox.messages) == 3
    mail = smtp_inbox.to("alice@example.org")[0]
    assert mail["Subject"].startswith("Reminder: Rencontre des dirigeants")
    text = smtp_inbox.text(mail)
    assert "12 rue des Lilas, Lyon" in text
    assert "https://visio.example.org/reseau" in text
    assert f"/c/reseau/events/{event.pk}/" in text
    assert Reminder.objects.filter(state=ReminderState.SENT).count() == 3


def test_a_reminder_has_a_text_and_an_html_part(event, registered, smtp_inbox, settings):
    """Like every mail of Cercle: both parts, the same facts in each, the HTML escaped."""
    settings.SITE_URL = "https://cercle.example.org"
    type(event).objects.filter(pk=event.pk).update(title="Rencontre R&D <équipe>")
    reminders.send_due_reminders(at=event.starts_at - timedelta(hours=23))
    mail = smtp_inbox.to("alice@example.org")[0]
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Hello Alice," in text
    assert "Hello Alice," in html
    assert "Rencontre R&D <équipe>" in text
    assert "Rencontre R&amp;D &lt;équipe&gt;" in html
    assert "<équipe>" not in html
    for part in (text, html):
        assert "12 rue des Lilas, Lyon" in part
        assert "https://visio.example.org/reseau" in part
    page = f"https://cercle.example.org/c/reseau/events/{event.pk}/"
    assert page in text
    assert f'href="{page}"' in html
    assert 'href="https://visio.example.org/reseau"' in html
    assert 'href="https://cercle.example.org/events/"' in html  # their events, their zone


def test_then_an_hour_before_once_more(event, registered, smtp_inbox):
    reminders.send_due_reminders(at=event.starts_at - timedelta(hours=20))
    for minutes in (59, 30, 5):
        reminders.send_due_reminders(at=event.starts_at - timedelta(minutes=minutes))
    assert len(smtp_inbox.to("alice@example.org")) == 2
    last = smtp_inbox.to("alice@example.org")[-1]
    assert last["Subject"] == "In an hour: Rencontre des dirigeants"
    # None once it has started, and none too early.
    assert reminders.send_due_reminders(at=event.starts_at + timedelta(minutes=1)).sent == 0
    assert reminders.send_due_reminders(at=event.starts_at - timedelta(days=2)).sent == 0
    assert len(smtp_inbox.messages) == 6


def test_a_mail_server_down_sends_nothing_then_the_next_run_resumes_without_doubles(
    event, registered, smtp_inbox, settings, closed_port
):
    day_before = event.starts_at - timedelta(hours=23)
    inbox_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port
    report = reminders.send_due_reminders(at=day_before)
    assert (report.sent, report.failed, report.stopped) == (0, 3, True)
    assert Reminder.objects.filter(state=ReminderState.FAILED).count() == 3

    settings.EMAIL_PORT = inbox_port
    report = reminders.send_due_reminders(at=day_before + timedelta(minutes=5))
    assert (report.sent, report.failed) == (3, 0)
    reminders.send_due_reminders(at=day_before + timedelta(minutes=10))
    assert sorted(m["X-Envelope-To"] for m in smtp_inbox.messages) == sorted(
        p.email for p in registered
    )


def test_a_run_stopped_midway_resumes_with_those_it_did_not_reach(
    event, registered, smtp_inbox, settings, closed_port, monkeypatch
):
    """The server accepts one message and then goes down: the next run sends the others."""
    from cercle.events import reminders as module

    real_send = module.send_to_user
    calls = []

    def flaky(user, template, context):
        calls.append(user.email)
        if len(calls) == 2:
            settings.EMAIL_PORT = closed_port
        return real_send(user, template, context)

    monkeypatch.setattr(module, "send_to_user", flaky)
    day_before = event.starts_at - timedelta(hours=23)
    inbox_port = settings.EMAIL_PORT
    first = reminders.send_due_reminders(at=day_before)
    assert (first.sent, first.failed) == (1, 2)
    settings.EMAIL_PORT = inbox_port
    second = reminders.send_due_reminders(at=day_before + timedelta(minutes=5))
    assert (second.sent, second.failed) == (2, 0)
    assert len(smtp_inbox.messages) == 3
    assert len({m["X-Envelope-To"] for m in smtp_inbox.messages}) == 3


def test_a_reminder_claimed_by_a_run_that_died_is_not_sent_again(event, registered, smtp_inbox):
    day_before = event.starts_at - timedelta(hours=23)
    Reminder.objects.create(
        event=event,
        user=registered[0],
        kind="day",
        starts_at=event.starts_at,
        state=ReminderState.SENDING,
        attempts=1,
    )
    assert reminders.send_due_reminders(at=day_before).sent == 2
    assert smtp_inbox.to(registered[0].email) == []


def test_no_reminder_to_those_who_just_registered_nor_to_those_who_left(
    event, registered, make_member, smtp_inbox
):
    late = make_member("Tardif", "tardif@example.org")
    actions.respond(
        event=event, user=late, response=Response.GOING, at=event.starts_at - timedelta(hours=3)
    )
    actions.respond(
        event=event,
        user=registered[1],
        response=Response.NOT_GOING,
        at=event.starts_at - timedelta(hours=3),
    )
    reminders.send_due_reminders(at=event.starts_at - timedelta(hours=2))
    assert smtp_inbox.to("tardif@example.org") == []
    assert smtp_inbox.to(registered[1].email) == []
    assert len(smtp_inbox.to("alice@example.org")) == 1
    # The hour-before one does go to the latecomer: they registered before it was due.
    reminders.send_due_reminders(at=event.starts_at - timedelta(minutes=50))
    assert len(smtp_inbox.to("tardif@example.org")) == 1


def test_an_event_moved_is_reminded_again_at_its_new_time(event, registered, bob, smtp_inbox):
    reminders.send_due_reminders(at=event.starts_at - timedelta(hours=23))
    new_start = event.starts_at + timedelta(days=7)
    actions.update_event(
        event=event,
        by=bob,
        title=event.title,
        start=new_start,
        end=new_start + timedelta(hours=2),
        time_zone=event.time_zone,
        address=event.address,
        video_url=event.video_url,
        capacity=event.capacity,
        description=event.description,
        at=event.starts_at - timedelta(hours=22),
    )
    reminders.send_due_reminders(at=new_start - timedelta(hours=23))
    assert len(smtp_inbox.to("alice@example.org")) == 2


def test_a_cancelled_event_is_not_reminded(event, registered, bob, smtp_inbox):
    actions.cancel_event(event=event, by=bob, at=event.starts_at - timedelta(days=1, hours=2))
    assert reminders.send_due_reminders(at=event.starts_at - timedelta(hours=23)).sent == 0


def test_the_command_runs_once_and_reports(event, registered, smtp_inbox, capsys):
    call_command("send_event_reminders")
    assert "Reminders sent: 0" in capsys.readouterr().out  # a week early: nothing due


def test_the_periodic_task_extends_series_and_sends_reminders(event, registered, smtp_inbox):
    from cercle.events.tasks import run_periodic

    result = run_periodic.enqueue()  # the tests' backend runs it at once
    assert result.return_value == {
        "occurrences_created": 0,
        "sent": 0,  # a week early
        "failed": 0,
        "stopped": False,
    }
