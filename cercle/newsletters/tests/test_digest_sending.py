"""Digests through a real SMTP server: both parts, the unsubscribe headers, one digest per
member and period whatever happens to the mail server, and bounces that do not stop the run."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from cercle.discussions import actions as discussions
from cercle.newsletters.actions.digests import send_digests
from cercle.newsletters.models import DeliveryState, DigestDelivery, DigestRun
from cercle.newsletters.tests.conftest import set_joined


@pytest.fixture
def crowd(community, old_members, monday, make_member):
    """Five newcomers of last week (so every member has news: someone to welcome), and a
    topic, for alice, bob and them."""
    people = [make_member(f"Membre {n}", f"membre{n}@example.org") for n in range(5)]
    for n, person in enumerate(people):
        set_joined(person, community, monday - timedelta(days=3, hours=n))
    return [*old_members, *people]


def test_a_digest_has_a_text_and_an_html_part_and_the_unsubscribe_headers(
    crowd, monday, smtp_inbox
):
    send_digests(rhythm="weekly", at=monday)
    mail = smtp_inbox.to("alice@example.org")[0]
    assert mail["Subject"] == "This week in Réseau des dirigeants"
    assert "Réseau des dirigeants" in mail["From"]
    assert "cercle@cercle.example.org" in mail["From"]
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Membre 4" in text
    assert "Membre 4" in html
    assert "<h2" in html
    assert "Hello Alice," in text
    # The member's settings, in both parts.
    assert "https://cercle.example.org/me/email/" in text
    assert 'href="https://cercle.example.org/me/email/"' in html
    # RFC 8058 one-click unsubscribe, and RFC 2369's mailto.
    header = " ".join(mail["List-Unsubscribe"].split())
    url = header.split("<", 1)[1].split(">", 1)[0]
    assert url.startswith("https://cercle.example.org/u/")
    assert url in text
    assert "<mailto:cercle@cercle.example.org?subject=unsubscribe%20" in header
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Id"] == "<digest.reseau.cercle.example.org>"


def test_a_second_run_in_the_same_week_sends_nothing_more(crowd, monday, smtp_inbox):
    assert send_digests(rhythm="weekly", at=monday).sent == 7
    assert send_digests(rhythm="weekly", at=monday + timedelta(hours=3)).sent == 0
    assert send_digests(rhythm="weekly", at=monday + timedelta(days=4)).sent == 0
    assert len(smtp_inbox.messages) == 7
    run = DigestRun.objects.get()
    assert (run.sent, run.failed, run.finished_at) == (7, 0, monday)


def test_a_mail_server_down_then_back_sends_each_member_exactly_one(
    crowd, monday, smtp_inbox, settings, closed_port
):
    inbox_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port
    report = send_digests(rhythm="weekly", at=monday)
    assert (report.sent, report.stopped) == (0, True)
    assert report.failed == 7
    assert DigestDelivery.objects.filter(state=DeliveryState.FAILED).count() == 7
    assert DigestRun.objects.get().finished_at is None

    settings.EMAIL_PORT = inbox_port
    report = send_digests(rhythm="weekly", at=monday + timedelta(minutes=10))
    assert (report.sent, report.failed, report.stopped) == (7, 0, False)
    send_digests(rhythm="weekly", at=monday + timedelta(minutes=20))
    received = sorted(m["X-Envelope-To"] for m in smtp_inbox.messages)
    assert received == sorted(person.email for person in crowd)
    assert set(DigestDelivery.objects.values_list("attempts", flat=True)) == {2}


def test_a_run_stopped_midway_resumes_with_those_it_did_not_reach(
    crowd, monday, smtp_inbox, settings, closed_port, monkeypatch
):
    """The server takes the first batch and is down for the next ones: the next run sends
    the rest, nobody twice."""
    from cercle.newsletters import delivery

    real = delivery.send_batch
    batches = []

    def flaky(items):
        batches.append(len(items))
        if len(batches) > 1:
            settings.EMAIL_PORT = closed_port
        return real(items)

    inbox_port = settings.EMAIL_PORT
    monkeypatch.setattr("cercle.newsletters.delivery.send_batch", flaky)
    report = send_digests(rhythm="weekly", at=monday, batch_size=3)
    assert (report.sent, report.stopped) == (3, True)
    assert len(smtp_inbox.messages) == 3

    monkeypatch.setattr("cercle.newsletters.delivery.send_batch", real)
    settings.EMAIL_PORT = inbox_port
    report = send_digests(rhythm="weekly", at=monday + timedelta(minutes=5), batch_size=3)
    assert report.sent == 4
    received = sorted(m["X-Envelope-To"] for m in smtp_inbox.messages)
    assert received == sorted(person.email for person in crowd)


def test_an_address_refused_for_good_is_recorded_and_does_not_stop_the_run(
    crowd, community, monday, refusing_smtp, make_member
):
    bouncer = make_member("Rebond", "bounce@example.org")
    later = make_member("Plus tard", "later@example.org")
    for person in (bouncer, later):
        set_joined(person, community, monday - timedelta(days=2))
    report = send_digests(rhythm="weekly", at=monday)
    assert (report.sent, report.bounced, report.failed, report.stopped) == (7, 1, 1, False)
    bounced = DigestDelivery.objects.get(user=bouncer)
    assert bounced.state == DeliveryState.BOUNCED
    assert bounced.error.startswith("550")
    assert DigestDelivery.objects.get(user=later).state == DeliveryState.FAILED
    # The next run retries the temporary refusal only; the bounce is not retried.
    report = send_digests(rhythm="weekly", at=monday + timedelta(minutes=10))
    assert (report.sent, report.bounced, report.failed) == (0, 0, 1)
    assert DigestDelivery.objects.get(user=later).attempts == 2
    assert DigestDelivery.objects.get(user=bouncer).attempts == 1
    assert len(refusing_smtp.messages) == 7


def test_the_command_sends_the_rhythm_asked_for(crowd, monday, smtp_inbox, capsys):
    call_command("send_digests", "--rhythm", "weekly", "--now", monday.isoformat())
    assert "Digests sent: 7" in capsys.readouterr().out
    assert len(smtp_inbox.messages) == 7


def test_the_task_does_what_the_command_does(crowd, monday, smtp_inbox):
    from cercle.newsletters.tasks import send_digests_task

    result = send_digests_task.enqueue("weekly", monday.isoformat())
    assert result.return_value["sent"] == 7


def test_what_happens_during_a_run_goes_in_the_next_digest(crowd, community, monday, smtp_inbox):
    bob, alice = crowd[:2]
    send_digests(rhythm="weekly", at=monday)
    discussions.start_topic(
        community=community,
        author=bob,
        kind="question",
        title="Une question de la semaine",
        body="?",
        at=monday + timedelta(days=2),
    )
    from cercle.newsletters.tests.test_digest_content import skills

    skills(alice, "Question")
    send_digests(rhythm="weekly", at=monday + timedelta(days=7))
    assert "Une question de la semaine" in smtp_inbox.text(smtp_inbox.to(alice.email)[-1])


def test_several_connections_share_a_batch_and_each_member_gets_one(
    crowd, monday, smtp_inbox, settings, monkeypatch
):
    monkeypatch.setattr("cercle.newsletters.delivery.PER_CONNECTION", 2)
    settings.MAILING_CONNECTIONS = 3
    assert send_digests(rhythm="weekly", at=monday).sent == 7
    received = sorted(m["X-Envelope-To"] for m in smtp_inbox.messages)
    assert received == sorted(person.email for person in crowd)


def test_several_connections_to_a_server_that_is_down(
    crowd, monday, smtp_inbox, settings, monkeypatch, closed_port
):
    monkeypatch.setattr("cercle.newsletters.delivery.PER_CONNECTION", 2)
    settings.MAILING_CONNECTIONS = 3
    settings.EMAIL_PORT = closed_port
    report = send_digests(rhythm="weekly", at=monday, batch_size=4)
    assert (report.sent, report.failed, report.stopped) == (0, 7, True)
    assert not DigestDelivery.objects.exclude(state=DeliveryState.FAILED).exists()
