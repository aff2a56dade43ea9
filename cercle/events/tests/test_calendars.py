"""The .ics of an event and the private calendar feeds, read back with icalendar."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership
from cercle.events import actions
from cercle.events.models import CalendarFeed, Response


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_ics_of_an_event_follows_rfc_5545(client, community, event, alice, bob):
    client.force_login(alice)
    url = f"/c/{community.slug}/events/{event.pk}/event.ics"
    calendar = parse(client.get(url))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@cercle"
    assert vevent["SUMMARY"] == "Rencontre des dirigeants"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert "DTSTAMP" in vevent
    assert "LAST-MODIFIED" in vevent
    assert vevent["LOCATION"] == "12 rue des Lilas, Lyon"
    # Times in the event's zone, with its VTIMEZONE in the file.
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.start == event.starts_at
    assert vevent.end == event.ends_at
    assert (
        vevent.start.tzinfo.utcoffset(vevent.start)
        == event.starts_at.astimezone(ZoneInfo("Europe/Paris")).utcoffset()
    )
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    # alice is not registered: no video link in her file.
    assert "visio.example.org" not in response_text(client.get(url))

    actions.respond(event=event, user=alice, response=Response.GOING)
    assert "https://visio.example.org/reseau" in response_text(client.get(url))

    # A change raises SEQUENCE, the UID stays; a cancellation is STATUS:CANCELLED.
    actions.update_event(
        event=event,
        by=bob,
        title="Rencontre déplacée",
        start=event.starts_at + timedelta(days=1),
        end=event.ends_at + timedelta(days=1),
        time_zone=event.time_zone,
        address=event.address,
        video_url=event.video_url,
        capacity=event.capacity,
        description=event.description,
    )
    actions.cancel_event(event=event, by=bob)
    (vevent,) = parse(client.get(url)).walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@cercle"
    assert vevent["SEQUENCE"] == 2
    assert vevent["STATUS"] == "CANCELLED"


def response_text(response) -> str:
    return response.content.decode().replace("\r\n ", "")  # unfold lines


@pytest.fixture
def other_community(make_community, bob, alice):
    from cercle.communities.actions.joining import join

    other = make_community(animator=bob, slug="autre", name="Autre cercle")
    join(community=other, user=alice, accepts_charter=True)
    return other


def test_the_member_feed_gathers_all_their_communities_privately(
    client, community, other_community, make_event, alice, bob, charlie
):
    here = make_event(video_url="https://visio.example.org/ici")
    there = make_event(
        target=other_community, title="Ailleurs", video_url="https://v.example.org/b"
    )
    actions.respond(event=there, user=alice, response=Response.GOING)
    feed = actions.calendar_feed(user=alice)
    # No login: calendar applications have none. The token is the key.
    calendar = parse(client.get(f"/calendar/{feed.token}.ics"))
    events = vevents(calendar)
    assert set(events) == {f"{here.uid}@cercle", f"{there.uid}@cercle"}
    text = response_text(client.get(f"/calendar/{feed.token}.ics"))
    assert "https://v.example.org/b" in text  # registered there
    assert "https://visio.example.org/ici" not in text  # not registered here
    assert calendar["X-WR-CALNAME"]


def test_wrong_and_revoked_tokens_are_not_found(client, alice, event):
    feed = actions.calendar_feed(user=alice)
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    assert client.get(f"/calendar/{feed.token[:-1]}x.ics").status_code == 404
    assert client.get("/calendar/nothing.ics").status_code == 404
    renewed = actions.renew_calendar_feed(user=alice)
    assert renewed.token != feed.token
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    assert client.get(f"/calendar/{renewed.token}.ics").status_code == 200
    actions.revoke_calendar_feed(user=alice)
    assert client.get(f"/calendar/{renewed.token}.ics").status_code == 404
    # Asking again gives a new live address, never an old one back.
    again = actions.calendar_feed(user=alice)
    assert again.token not in (feed.token, renewed.token)


def test_a_community_feed_stops_when_its_member_leaves(client, community, alice, event):
    feed = actions.calendar_feed(user=alice, community=community)
    assert f"{event.uid}@cercle" in vevents(parse(client.get(f"/calendar/{feed.token}.ics")))
    leave(membership=Membership.objects.get(community=community, user=alice))
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


def test_outsiders_cannot_have_a_community_feed(client, community, charlie):
    from cercle.lib.errors import Refused

    with pytest.raises(Refused):
        actions.calendar_feed(user=charlie, community=community)
    client.force_login(charlie)
    client.post(f"/c/{community.slug}/events/calendar/", {"action": "get"})
    assert not CalendarFeed.objects.exists()


def test_the_pages_give_and_renew_the_addresses(client, community, alice):
    client.force_login(alice)
    client.post(f"/c/{community.slug}/events/calendar/", {"action": "get"})
    feed = CalendarFeed.objects.get(user=alice, community=community)
    page = client.get(f"/c/{community.slug}/events/").content.decode()
    assert f"/calendar/{feed.token}.ics" in page
    assert f"webcal://testserver/calendar/{feed.token}.ics" not in page  # SITE_URL, not Host
    client.post(f"/c/{community.slug}/events/calendar/", {"action": "renew"})
    assert CalendarFeed.objects.get(user=alice, community=community, revoked_at=None) != feed
    client.post("/events/calendar/", {"action": "get"})
    mine = CalendarFeed.objects.get(user=alice, community=None)
    assert f"/calendar/{mine.token}.ics" in client.get("/events/").content.decode()


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, alice, event, bob):
    feed = actions.calendar_feed(user=alice)
    actions.cancel_event(event=event, by=bob)
    vevent = vevents(parse(client.get(f"/calendar/{feed.token}.ics")))[f"{event.uid}@cercle"]
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
