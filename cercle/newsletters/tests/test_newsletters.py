"""Newsletters: an animator composes one, previews it, sends a test to themself, then sends it
now or at a chosen time, to all members or a group; members read the archive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.communities.actions.groups import create_group, join_group
from cercle.discussions import actions as discussions
from cercle.events import actions as events
from cercle.newsletters.actions import newsletters as actions
from cercle.newsletters.actions.preferences import set_preferences
from cercle.newsletters.models import (
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
)


@pytest.fixture
def material(community, bob, alice):
    topic = discussions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Notre retour sur le télétravail",
        body="Six mois après.",
    )
    start = timezone.now() + timedelta(days=10)
    event = events.create_event(
        community=community,
        by=bob,
        title="Assemblée de printemps",
        start=start,
        end=start + timedelta(hours=3),
        time_zone="Europe/Paris",
        address="Nantes",
    )
    return topic, event


def compose_data(topic, event, **extra) -> dict:
    data = {
        "title": "La lettre de mars",
        "intro": "Bonjour à **toutes et tous**.",
        "heading_0": "Du côté des groupes",
        "body_0": "Le groupe de Lyon *redémarre*.",
        "heading_1": "",
        "body_1": "",
        "heading_2": "",
        "body_2": "",
        "topics": [topic.pk],
        "events": [event.pk],
        "spotlight": "alice@example.org",
        "spotlight_text": "Merci pour son retour d'expérience.",
        "group": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def draft(community, bob, alice, material):
    topic, event = material
    return actions.compose(
        community=community,
        by=bob,
        content=actions.Content(
            title="La lettre de mars",
            intro="Bonjour à **toutes et tous**.",
            sections=[("Du côté des groupes", "Le groupe de Lyon *redémarre*.")],
            topics=[topic],
            events=[event],
            spotlight=alice,
            spotlight_text="Merci pour son retour d'expérience.",
        ),
    )


def test_an_animator_composes_a_newsletter(client, bob, community, alice, material):
    topic, event = material
    client.force_login(bob)
    assert client.get("/c/reseau/newsletters/new/").status_code == 200
    response = client.post("/c/reseau/newsletters/new/", compose_data(topic, event))
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/reseau/newsletters/{newsletter.pk}/manage/"
    assert newsletter.status == NewsletterStatus.DRAFT
    assert newsletter.intro_html == "<p>Bonjour à <strong>toutes et tous</strong>.</p>\n"
    assert [s.heading for s in newsletter.sections.all()] == ["Du côté des groupes"]
    assert list(newsletter.featured_topics.all()) == [topic]
    assert list(newsletter.featured_events.all()) == [event]
    assert newsletter.spotlight == alice
    # Edited: still a draft, the new section kept.
    response = client.post(
        f"/c/reseau/newsletters/{newsletter.pk}/edit/",
        compose_data(topic, event, heading_1="Agenda", body_1="Trois dates.", topics=[]),
    )
    assert response.status_code == 302
    assert [s.heading for s in newsletter.sections.all()] == ["Du côté des groupes", "Agenda"]
    assert not newsletter.featured_topics.exists()


def test_a_spotlight_on_someone_who_is_not_a_member_is_refused(
    client, bob, community, charlie, material
):
    topic, event = material
    client.force_login(bob)
    response = client.post(
        "/c/reseau/newsletters/new/", compose_data(topic, event, spotlight=charlie.email)
    )
    assert response.status_code == 200
    assert "No member of the community has this name or address." in response.content.decode()
    assert not Newsletter.objects.exists()


def test_the_preview_is_the_email_as_it_will_look(client, bob, draft):
    client.force_login(bob)
    page = client.get(f"/c/reseau/newsletters/{draft.pk}/manage/")
    assert page.status_code == 200
    assert f'src="/c/reseau/newsletters/{draft.pk}/email.html"' in page.content.decode()
    preview = client.get(f"/c/reseau/newsletters/{draft.pk}/email.html")
    assert preview.status_code == 200
    html = preview.content.decode()
    for shown in (
        "La lettre de mars",
        "Hello Bob,",
        "<strong>toutes et tous</strong>",
        "Du côté des groupes",
        "Notre retour sur le télétravail",
        "Assemblée de printemps",
        "Alice Membre",
        "Stop these newsletters",
    ):
        assert shown in html
    # Inline styles, as mail clients need them, in this one response; no script at all.
    policy = preview["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_a_test_goes_to_the_animator_alone(client, bob, draft, smtp_inbox):
    client.force_login(bob)
    response = client.post(f"/c/reseau/newsletters/{draft.pk}/test/", follow=True)
    assert "A test is on its way to bob@example.org." in response.content.decode()
    assert [m["X-Envelope-To"] for m in smtp_inbox.messages] == ["bob@example.org"]
    mail = smtp_inbox.messages[0]
    assert mail["Subject"].strip() == "[Test] La lettre de mars · Réseau des dirigeants"
    assert "This is a test: only you received it." in smtp_inbox.text(mail)
    assert not NewsletterDelivery.objects.exists()
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT


def test_a_test_the_mail_server_refuses_says_so(client, bob, draft, settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    client.force_login(bob)
    response = client.post(f"/c/reseau/newsletters/{draft.pk}/test/", follow=True)
    assert "The mail server did not take the test" in response.content.decode()


def test_sent_now_to_every_member_in_the_background(
    client, bob, alice, draft, make_member, smtp_inbox, django_capture_on_commit_callbacks
):
    others = [make_member(f"Membre {n}", f"m{n}@example.org") for n in range(3)]
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/c/reseau/newsletters/{draft.pk}/send/", {"when": "now"})
    assert response.status_code == 302
    recipients = sorted(m["X-Envelope-To"] for m in smtp_inbox.messages)
    assert recipients == sorted(p.email for p in [bob, alice, *others])
    mail = smtp_inbox.to("alice@example.org")[0]
    assert mail["Subject"] == "La lettre de mars · Réseau des dirigeants"
    assert mail.get_body(preferencelist=("html",)) is not None
    assert "Hello Alice," in smtp_inbox.text(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Id"] == "<newsletter.reseau.cercle.example.org>"
    draft.refresh_from_db()
    assert (draft.status, draft.recipient_count, draft.sent_count) == ("sent", 5, 5)
    # The progress on its page; the archive for members.
    page = client.get(f"/c/reseau/newsletters/{draft.pk}/manage/").content.decode()
    assert "Sent on" in page
    client.force_login(alice)
    archive = client.get("/c/reseau/newsletters/").content.decode()
    assert "La lettre de mars" in archive
    read = client.get(f"/c/reseau/newsletters/{draft.pk}/")
    assert read.status_code == 200
    assert "Du côté des groupes" in read.content.decode()
    # Sent is sent: no more editing, no second sending.
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/c/reseau/newsletters/{draft.pk}/send/", {"when": "now"}, follow=True)
    assert "it can no longer be changed" in again.content.decode()
    assert len(smtp_inbox.messages) == 5


def test_sent_to_a_group_reaches_its_members_only(
    bob, alice, community, draft, make_member, smtp_inbox, django_capture_on_commit_callbacks
):
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    lyonnais = [make_member(f"Lyonnais {n}", f"lyon{n}@example.org") for n in range(2)]
    make_member("Parisienne", "paris@example.org")
    for person in [alice, *lyonnais]:
        join_group(group=lyon, user=person)
    set_preferences(user=lyonnais[1], choices={community.pk: ("weekly", False)})
    draft.group = lyon
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_now(newsletter=draft, by=bob)
    assert sorted(m["X-Envelope-To"] for m in smtp_inbox.messages) == sorted(
        [alice.email, lyonnais[0].email]
    )


def test_a_newsletter_nobody_would_receive_is_not_sent(
    client, bob, community, draft, smtp_inbox, django_capture_on_commit_callbacks
):
    empty = create_group(community=community, by=bob, name="Vide", kind="thematic")
    draft.group = empty
    draft.save()
    client.force_login(bob)
    page = client.get(f"/c/reseau/newsletters/{draft.pk}/manage/").content.decode()
    assert "Nobody would receive it" in page
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    for data in ({"when": "now"}, {"when": "later", "scheduled_at": later}):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/c/reseau/newsletters/{draft.pk}/send/", data, follow=True)
        assert "Nobody would receive this newsletter: the group Vide has no member" in (
            response.content.decode()
        )
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT
    assert smtp_inbox.messages == []
    assert not NewsletterDelivery.objects.exists()


def test_scheduled_it_leaves_at_the_chosen_time(
    client, bob, alice, draft, smtp_inbox, django_capture_on_commit_callbacks
):
    when = timezone.localtime() + timedelta(days=2)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/reseau/newsletters/{draft.pk}/send/",
            {"when": "later", "scheduled_at": when.strftime("%Y-%m-%dT%H:%M")},
            follow=True,
        )
    assert "will be sent at the chosen time" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.SCHEDULED
    assert draft.scheduled_at == when.replace(second=0, microsecond=0)
    # The periodic run: not yet, then at the time.
    actions.send_due(at=timezone.now() + timedelta(days=1))
    assert smtp_inbox.messages == []
    actions.send_due(at=draft.scheduled_at + timedelta(minutes=2))
    assert len(smtp_inbox.messages) == 2
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.SENT
    actions.send_due(at=draft.scheduled_at + timedelta(minutes=10))
    assert len(smtp_inbox.messages) == 2


def test_a_schedule_in_the_past_is_refused_and_one_can_be_cancelled(client, bob, draft):
    client.force_login(bob)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/c/reseau/newsletters/{draft.pk}/send/",
        {"when": "later", "scheduled_at": past},
        follow=True,
    )
    assert "Choose a time in the future, or send it now." in response.content.decode()
    assert (
        client.post(
            f"/c/reseau/newsletters/{draft.pk}/send/", {"when": "later", "scheduled_at": ""}
        ).status_code
        == 400
    )
    later = timezone.now() + timedelta(days=3)
    actions.schedule(newsletter=draft, by=bob, when=later)
    client.post(f"/c/reseau/newsletters/{draft.pk}/unschedule/")
    draft.refresh_from_db()
    assert (draft.status, draft.scheduled_at) == (NewsletterStatus.DRAFT, None)


def test_a_task_made_obsolete_by_a_new_schedule_does_nothing(bob, draft, smtp_inbox):
    first = timezone.now() + timedelta(days=1)
    actions.schedule(newsletter=draft, by=bob, when=first)
    actions.schedule(newsletter=draft, by=bob, when=first + timedelta(days=1))
    report = actions.deliver(draft.pk, at=first + timedelta(minutes=1), planned=first.isoformat())
    assert report.sent == 0
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.SCHEDULED


def test_a_mail_server_down_then_back_sends_each_member_one_copy(
    bob, alice, draft, make_member, smtp_inbox, settings, closed_port
):
    others = [make_member(f"Membre {n}", f"m{n}@example.org") for n in range(3)]
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port
    actions.send_now(newsletter=draft, by=bob)  # the task would run after commit: by hand
    report = actions.deliver(draft.pk)
    assert (report.sent, report.failed, report.stopped) == (0, 5, True)
    draft.refresh_from_db()
    assert (draft.status, draft.failed_count) == (NewsletterStatus.SENDING, 5)
    settings.EMAIL_PORT = port
    actions.send_due()
    actions.send_due()
    assert sorted(m["X-Envelope-To"] for m in smtp_inbox.messages) == sorted(
        p.email for p in [bob, alice, *others]
    )
    draft.refresh_from_db()
    assert (draft.status, draft.sent_count, draft.failed_count) == ("sent", 5, 0)


def test_a_bounce_is_counted_and_the_others_receive_it(bob, draft, make_member, refusing_smtp):
    make_member("Rebond", "bounce@example.org")
    actions.send_now(newsletter=draft, by=bob)
    report = actions.deliver(draft.pk)
    assert (report.sent, report.bounced, report.stopped) == (2, 1, False)
    draft.refresh_from_db()
    assert (draft.status, draft.bounced_count) == (NewsletterStatus.SENT, 1)
    assert NewsletterDelivery.objects.get(state=DeliveryState.BOUNCED).user.email == (
        "bounce@example.org"
    )
    assert draft.sent_count == 2


# --- Who may do what ------------------------------------------------------------------------


def test_a_member_cannot_compose_nor_send(client, alice, draft, material, smtp_inbox):
    topic, event = material
    client.force_login(alice)
    assert client.get("/c/reseau/newsletters/new/").status_code == 403
    assert client.post("/c/reseau/newsletters/new/", compose_data(topic, event)).status_code == 403
    assert client.get("/c/reseau/newsletters/manage/").status_code == 403
    for url in ("manage/", "email.html", "edit/"):
        assert client.get(f"/c/reseau/newsletters/{draft.pk}/{url}").status_code == 403
    for url in ("send/", "test/"):
        assert (
            client.post(f"/c/reseau/newsletters/{draft.pk}/{url}", {"when": "now"}).status_code
            == 403
        )
    # A draft is not in the archive, nor readable.
    assert client.get(f"/c/reseau/newsletters/{draft.pk}/").status_code == 404
    assert "La lettre de mars" not in client.get("/c/reseau/newsletters/").content.decode()
    assert Newsletter.objects.count() == 1
    assert smtp_inbox.messages == []
    from cercle.lib.errors import Refused

    with pytest.raises(Refused):
        actions.send_now(newsletter=draft, by=alice)


def test_an_outsider_cannot_read_the_archive_of_a_members_only_community(
    client, charlie, bob, draft
):
    Newsletter.objects.filter(pk=draft.pk).update(
        status=NewsletterStatus.SENT, sent_at=timezone.now()
    )
    client.force_login(charlie)
    assert client.get("/c/reseau/newsletters/").status_code == 403
    assert client.get(f"/c/reseau/newsletters/{draft.pk}/").status_code == 403
    client.logout()
    assert client.get("/c/reseau/newsletters/").status_code == 302  # to the login page


def test_the_archive_of_a_public_community_is_public(client, make_community, charlie, make_user):
    animator = make_user("Anna")
    public = make_community(animator=animator, slug="ouverte", visibility="public")
    newsletter = actions.compose(
        community=public, by=animator, content=actions.Content(title="Lettre publique")
    )
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=NewsletterStatus.SENT, sent_at=timezone.now()
    )
    assert "Lettre publique" in client.get("/c/ouverte/newsletters/").content.decode()
    assert client.get(f"/c/ouverte/newsletters/{newsletter.pk}/").status_code == 200


def test_another_communitys_newsletter_is_not_found_here(client, bob, make_community, make_user):
    animator = make_user("Anna")
    other = make_community(animator=animator, slug="autre")
    theirs = actions.compose(community=other, by=animator, content=actions.Content(title="Eux"))
    client.force_login(bob)
    assert client.get(f"/c/reseau/newsletters/{theirs.pk}/manage/").status_code == 404
    assert client.get(f"/c/reseau/newsletters/{theirs.pk}/email.html").status_code == 404


def test_a_newsletter_sent_is_recorded_once_in_the_activity_log(
    bob, community, draft, make_member, smtp_inbox, settings, closed_port
):
    """One "sent a newsletter" per newsletter, not per recipient, and not again when a run
    resumes after the mail server was down."""
    from cercle.activity.models import ActivityEvent, ObjectKind, Verb

    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    for n in range(3):
        make_member(f"Membre {n}", f"m{n}@example.org")
    draft.group = None
    draft.save()
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port
    actions.send_now(newsletter=draft, by=bob)
    actions.deliver(draft.pk)
    sent = ActivityEvent.objects.filter(community=community, verb=Verb.SENT_NEWSLETTER)
    assert not sent.exists()  # not sent yet: the server was down
    settings.EMAIL_PORT = port
    actions.send_due()
    actions.send_due()
    actions.deliver(draft.pk)
    assert len(smtp_inbox.messages) == 5
    (event,) = sent
    draft.refresh_from_db()
    assert (event.actor_id, event.object_kind, event.object_id) == (
        bob.pk,
        ObjectKind.NEWSLETTER,
        draft.pk,
    )
    assert event.group_id is None
    assert event.created_at == draft.sent_at
    # A group's newsletter is recorded with its group.
    join_group(group=lyon, user=bob)
    letter = actions.compose(
        community=community, by=bob, content=actions.Content(title="Lyon", group=lyon)
    )
    actions.send_now(newsletter=letter, by=bob)
    actions.deliver(letter.pk)
    assert sent.all().count() == 2
    assert sent.get(object_id=letter.pk).group_id == lyon.pk
