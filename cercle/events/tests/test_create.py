"""Creating and editing events: who may, and what is refused with a clear message."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.models import GroupRole
from cercle.events import actions
from cercle.events.models import Event
from cercle.events.tests.conftest import PARIS, in_days, wall
from cercle.lib.errors import Refused


def form_data(**overrides) -> dict:
    start = in_days(10)
    data = {
        "title": "Atelier recrutement",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Paris",
        "address": "Maison des associations, Lyon",
        "video_url": "",
        "capacity": "12",
        "description": "Venez avec vos questions.",
        "repeat": "",
        "repeat_rule": "",
        "repeat_until": "",
    }
    data.update(overrides)
    return data


def test_an_animator_creates_an_event_and_the_activity_log_says_so(client, community, bob):
    client.force_login(bob)
    response = client.post(f"/c/{community.slug}/events/new/", form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/{community.slug}/events/{event.pk}/"
    # The wall-clock time typed is read in the event's zone, not the server's.
    assert event.starts_at == in_days(10).replace(tzinfo=PARIS)
    assert event.capacity == 12
    logged = ActivityEvent.objects.get(verb=Verb.CREATED_EVENT)
    assert (logged.actor, logged.object_kind, logged.object_id) == (bob, ObjectKind.EVENT, event.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Atelier recrutement" in page
    assert "<strong>questions</strong>" not in page  # Markdown rendered, not raw HTML
    assert "Venez avec vos questions." in page


def test_a_time_zone_far_away_is_kept_and_shown_in_both_zones(client, community, bob):
    client.force_login(bob)
    client.post(
        f"/c/{community.slug}/events/new/",
        form_data(time_zone="America/Montreal", address="", video_url="https://v.example.org/x"),
    )
    event = Event.objects.get()
    assert event.time_zone == "America/Montreal"
    local = event.starts_at.astimezone(ZoneInfo("America/Montreal"))
    assert (local.hour, local.minute) == (18, 30)
    page = client.get(f"/c/{community.slug}/events/{event.pk}/").content.decode()
    # bob reads it in the site's zone (Paris: six hours later) and in Montreal's.
    assert "local time of the event (America/Montreal)" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": in_days(9).strftime("%Y-%m-%dT%H:%M")}, "The event ends before it starts"),
        ({"time_zone": "Europe/Atlantis"}, "is not a time zone we know"),
        ({"time_zone": "../../etc/passwd"}, "is not a time zone we know"),
        ({"address": "", "video_url": ""}, "an address, a video link, or both"),
        ({"video_url": "javascript:alert(1)"}, "must be a web address"),
        (
            {
                "start": "2020-01-01T10:00",
                "end": "2020-01-01T12:00",
            },
            "would already be over",
        ),
        ({"repeat": "custom", "repeat_rule": "FREQ=SOMETIMES"}, "cannot be read"),
        ({"repeat": "custom", "repeat_rule": "FREQ=HOURLY"}, "at most once a day"),
        ({"repeat": "custom", "repeat_rule": "FREQ=MONTHLY;BYMONTHDAY=40"}, "gives no date"),
        ({"repeat": "custom", "repeat_rule": "FREQ=DAILY;BYHOUR=9"}, "BYHOUR"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    client, community, bob, overrides, message
):
    client.force_login(bob)
    data = form_data(**overrides)
    response = client.post(f"/c/{community.slug}/events/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not Event.objects.exists()
    # What was typed is still in the form.
    assert 'value="Atelier recrutement"' in page
    assert "Venez avec vos questions." in page


def test_a_time_the_clocks_skip_is_refused(community, bob):
    with pytest.raises(Refused, match="does not exist in Europe/Paris"):
        actions.create_event(
            community=community,
            by=bob,
            title="Nuit du changement d'heure",
            start=wall(2031, 3, 30, 2, 30),
            end=wall(2031, 3, 30, 4, 0),
            time_zone="Europe/Paris",
            address="Lyon",
        )


def test_members_cannot_create_events(client, community, alice):
    with pytest.raises(Refused, match="organised by the community's animators"):
        actions.create_event(
            community=community,
            by=alice,
            title="Chez moi",
            start=in_days(3),
            end=in_days(3) + timedelta(hours=1),
            time_zone="Europe/Paris",
            address="Lyon",
        )
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/events/new/").status_code == 403
    assert client.post(f"/c/{community.slug}/events/new/", form_data()).status_code == 403
    assert not Event.objects.exists()
    assert "New event" not in client.get(f"/c/{community.slug}/events/").content.decode()


def test_group_animators_organise_for_their_group_only(client, community, bob, alice):
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    paris = create_group(community=community, by=bob, name="Paris", kind="local")
    join_group(group=lyon, user=alice, role=GroupRole.ANIMATOR)
    start = in_days(5)
    event = actions.create_event(
        community=community,
        by=alice,
        group=lyon,
        title="Apéro lyonnais",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        address="Lyon",
    )
    assert event.group == lyon
    for group in (None, paris):
        with pytest.raises(Refused):
            actions.create_event(
                community=community,
                by=alice,
                group=group,
                title="Ailleurs",
                start=start,
                end=start + timedelta(hours=2),
                time_zone="Europe/Paris",
                address="Paris",
            )
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/events/new/").content.decode()
    assert "Lyon" in page
    assert "Paris</option>" not in page
    assert "The whole community" not in page


def test_editing_raises_the_sequence_and_an_occurrence_edited_is_detached(event, bob):
    assert event.sequence == 0
    local = in_days(8)
    updated = actions.update_event(
        event=event,
        by=bob,
        title=event.title,
        start=local,
        end=local + timedelta(hours=2),
        time_zone=event.time_zone,
        address=event.address,
        video_url=event.video_url,
        capacity=event.capacity,
        description=event.description,
    )
    assert updated.sequence == 1
    assert not updated.detached  # not part of a series
    assert ActivityEvent.objects.filter(verb=Verb.EDITED_EVENT, object_id=event.pk).exists()
    # Saving the same again changes nothing, and raises nothing.
    same = actions.update_event(
        event=updated,
        by=bob,
        title=event.title,
        start=local,
        end=local + timedelta(hours=2),
        time_zone=event.time_zone,
        address=event.address,
        video_url=event.video_url,
        capacity=event.capacity,
        description=event.description,
    )
    assert same.sequence == 1


def test_a_cancelled_event_cannot_be_edited(client, community, event, bob):
    actions.cancel_event(event=event, by=bob)
    client.force_login(bob)
    response = client.post(f"/c/{community.slug}/events/{event.pk}/edit/", form_data())
    assert "This event is cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Rencontre des dirigeants"
