"""The lists, the member's own events, and their time zone."""

from datetime import timedelta

from django.utils import timezone

from cercle.events import actions
from cercle.events.models import MemberTimeZone, Response
from cercle.events.tests.conftest import in_days


def test_upcoming_and_past_events_are_listed_apart(client, community, make_event, alice):
    make_event(title="Bientôt", start=in_days(3))
    make_event(title="Plus tard", start=in_days(30))
    make_event(title="Hier", start=in_days(-1), at=timezone.now() - timedelta(days=5))
    client.force_login(alice)
    upcoming = client.get(f"/c/{community.slug}/events/").content.decode()
    assert upcoming.index("Bientôt") < upcoming.index("Plus tard")
    assert "Hier" not in upcoming
    past = client.get(f"/c/{community.slug}/events/?when=past").content.decode()
    assert "Hier" in past
    assert "Bientôt" not in past


def test_my_events_shows_my_answers_and_what_else_is_coming(
    client, community, make_event, alice, bob
):
    mine = make_event(title="J'y vais")
    other = make_event(title="Pas encore répondu")
    cancelled = make_event(title="Annulé")
    actions.respond(event=mine, user=alice, response=Response.GOING)
    actions.respond(event=cancelled, user=alice, response=Response.MAYBE)
    actions.cancel_event(event=cancelled, by=bob)
    client.force_login(alice)
    page = client.get("/events/").content.decode()
    coming_up, _sep, rest = page.partition("Also coming up")
    assert "J&#x27;y vais" in coming_up
    assert "Annulé" in coming_up
    assert "cancelled" in coming_up
    assert other.title in rest


def test_a_member_chooses_their_time_zone_and_times_follow(client, community, event, alice):
    client.force_login(alice)
    response = client.post("/events/time-zone/", {"time_zone": "Mars/Olympus"}, follow=True)
    assert "is not a time zone we know" in response.content.decode()
    assert not MemberTimeZone.objects.exists()
    client.post("/events/time-zone/", {"time_zone": "America/Montreal"})
    assert MemberTimeZone.objects.get(user=alice).time_zone == "America/Montreal"
    page = client.get(f"/c/{community.slug}/events/{event.pk}/").content.decode()
    # Shown in Montreal's time first (six hours earlier), and in the event's own zone.
    assert "12:30" in page or "12:30 p.m." in page
    assert "local time of the event (Europe/Paris)" in page
