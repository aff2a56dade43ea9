"""Going, maybe, not going; the waiting list and its promotions; answers refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership
from cercle.events import actions
from cercle.events.models import Registration, Response
from cercle.lib.errors import Refused


@pytest.fixture
def members(make_member):
    return [make_member(f"Membre {n}", f"membre{n}@example.org") for n in range(5)]


def answer(event, user, response=Response.GOING, **kwargs):
    return actions.respond(event=event, user=user, response=response, **kwargs)


def test_a_full_event_puts_the_next_on_the_waiting_list_in_order(event, members):
    for member in members[:3]:
        assert answer(event, member).response == Response.GOING
    fourth = answer(event, members[3])
    fifth = answer(event, members[4])
    assert (fourth.response, fifth.response) == (Response.WAITING, Response.WAITING)
    assert actions.waiting_position(fourth) == 1
    assert actions.waiting_position(fifth) == 2
    # Saying "going" again keeps one's place in the line.
    assert answer(event, members[3]).waiting_since == fourth.waiting_since
    verbs = list(ActivityEvent.objects.filter(object_id=event.pk).values_list("verb", flat=True))
    assert verbs.count(Verb.REGISTERED_FOR_EVENT) == 3
    assert verbs.count(Verb.JOINED_WAITING_LIST) == 2


def test_a_place_freed_goes_to_the_first_waiting_who_gets_an_email(
    event, members, smtp_inbox, committed
):
    for member in members[:5]:
        answer(event, member)
    with committed():
        answer(event, members[1], Response.NOT_GOING)
    registrations = {r.user_id: r.response for r in Registration.objects.filter(event=event)}
    assert registrations[members[3].pk] == Response.GOING
    assert registrations[members[4].pk] == Response.WAITING
    assert registrations[members[1].pk] == Response.NOT_GOING
    mails = smtp_inbox.to(members[3].email)
    assert len(mails) == 1
    assert "A place freed up" in mails[0]["Subject"]
    text = smtp_inbox.text(mails[0])
    assert "Rencontre des dirigeants" in text
    assert "https://visio.example.org/reseau" in text  # registered now: the link is theirs
    assert smtp_inbox.to(members[4].email) == []
    assert ActivityEvent.objects.filter(
        verb=Verb.GOT_PLACE_FROM_WAITING_LIST, actor=members[3], object_id=event.pk
    ).exists()


def test_more_places_let_the_waiting_list_move_up(event, members, bob, committed, smtp_inbox):
    for member in members:
        answer(event, member)
    with committed():
        actions.update_event(
            event=event,
            by=bob,
            title=event.title,
            start=event.starts_at,
            end=event.ends_at,
            time_zone=event.time_zone,
            address=event.address,
            video_url=event.video_url,
            capacity=4,
            description=event.description,
        )
    going = Registration.objects.filter(event=event, response=Response.GOING)
    assert set(going.values_list("user_id", flat=True)) == {m.pk for m in members[:4]}
    assert len(smtp_inbox.to(members[3].email)) == 1
    # Fewer places take no place from anyone.
    actions.update_event(
        event=event,
        by=bob,
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        time_zone=event.time_zone,
        address=event.address,
        video_url=event.video_url,
        capacity=2,
        description=event.description,
    )
    assert going.count() == 4


def test_answers_after_the_event_or_when_cancelled_are_refused(event, alice, bob):
    with pytest.raises(Refused, match="This event is over"):
        answer(event, alice, at=event.ends_at + timedelta(minutes=1))
    actions.cancel_event(event=event, by=bob)
    with pytest.raises(Refused, match="cancelled"):
        answer(event, alice)
    assert not Registration.objects.exists()


def test_outsiders_and_former_members_cannot_answer(event, charlie, alice, community):
    with pytest.raises(Refused, match="Join it first"):
        answer(event, charlie)
    leave(membership=Membership.objects.get(community=community, user=alice))
    with pytest.raises(Refused):
        answer(event, alice)


def test_the_answer_buttons_work_without_javascript(client, community, event, alice):
    client.force_login(alice)
    url = f"/c/{community.slug}/events/{event.pk}/"
    response = client.post(url + "answer/", {"response": "going"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "See you there" in page
    assert "https://visio.example.org/reseau" in page
    response = client.post(url + "answer/", {"response": "maybe"}, follow=True)
    assert "you might come" in response.content.decode()
    assert "https://visio.example.org/reseau" not in response.content.decode()


def test_with_htmx_only_the_event_s_body_comes_back(client, community, event, members):
    for member in members[:3]:
        answer(event, member)
    client.force_login(members[3])
    response = client.post(
        f"/c/{community.slug}/events/{event.pk}/answer/",
        {"response": "going"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.startswith('<div class="grid" id="event-body">')
    assert "<html" not in page
    assert "This event is full: you are on the waiting list" in page
    assert "in position 1" in page
    assert "https://visio.example.org/reseau" not in page  # waiting is not registered


def test_a_late_answer_is_told_clearly_on_the_page(client, community, make_event, alice):
    three_hours_ago = timezone.localtime().replace(tzinfo=None) - timedelta(hours=3)
    started = make_event(
        start=three_hours_ago, hours=1, at=timezone.now() - timedelta(days=2)
    )  # created two days ago, over for two hours now
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/events/{started.pk}/answer/", {"response": "going"}, follow=True
    )
    assert "This event is over: answers are closed." in response.content.decode()


def test_those_who_answered_hear_of_a_cancellation_or_a_new_date(
    event, members, bob, committed, smtp_inbox
):
    going, maybe, declined = members[0], members[1], members[2]
    answer(event, going)
    answer(event, maybe, Response.MAYBE)
    answer(event, declined, Response.NOT_GOING)
    new_start = event.starts_at + timedelta(days=1)
    with committed():
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
        )
    assert [m["Subject"] for m in smtp_inbox.to(going.email)] == [
        "Changed: Rencontre des dirigeants"
    ]
    with committed():
        actions.cancel_event(event=event, by=bob)
    for person in (going, maybe):
        assert smtp_inbox.to(person.email)[-1]["Subject"] == "Cancelled: Rencontre des dirigeants"
    assert "visio.example.org" not in smtp_inbox.text(smtp_inbox.to(maybe.email)[-1])
    assert smtp_inbox.to(declined.email) == []
    assert smtp_inbox.to(bob.email) == []
