"""Who came: recorded after the event by an animator, counted in the activity log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.events import actions
from cercle.events.models import Registration, Response
from cercle.events.tests.conftest import in_days
from cercle.lib.errors import Refused


@pytest.fixture
def past_event(make_event, alice, make_member):
    """Yesterday evening; alice and Bea registered, Cyril said maybe."""
    created = timezone.now() - timedelta(days=10)
    event = make_event(start=in_days(-1), at=created)
    bea, cyril = make_member("Bea"), make_member("Cyril")
    for person, response in ((alice, "going"), (bea, "going"), (cyril, "maybe")):
        actions.respond(event=event, user=person, response=response, at=created)
    return event


def attended(event) -> set:
    return set(
        ActivityEvent.objects.filter(verb=Verb.ATTENDED_EVENT, object_id=event.pk).values_list(
            "actor_id", flat=True
        )
    )


def test_the_animator_ticks_who_came_and_the_cockpit_can_count_it(
    client, community, past_event, bob, alice
):
    client.force_login(bob)
    url = f"/c/{community.slug}/events/{past_event.pk}/attendance/"
    page = client.get(url).content.decode()
    assert "Alice Membre" in page
    assert "Cyril" in page  # maybe: they may have come
    cyril = Registration.objects.get(event=past_event, response=Response.MAYBE).user
    response = client.post(url, {"attended": [alice.pk, cyril.pk]})
    assert response.status_code == 302
    assert attended(past_event) == {alice.pk, cyril.pk}
    # Dated at the event, so that attendance falls in the event's period.
    assert {e.created_at for e in ActivityEvent.objects.filter(verb=Verb.ATTENDED_EVENT)} == {
        past_event.starts_at
    }
    assert ActivityEvent.objects.filter(verb=Verb.RECORDED_ATTENDANCE, actor=bob).count() == 1

    # A correction: Cyril did not come after all; nobody is counted twice.
    client.post(url, {"attended": [alice.pk]})
    client.post(url, {"attended": [alice.pk]})
    assert attended(past_event) == {alice.pk}
    assert ActivityEvent.objects.filter(verb=Verb.ATTENDED_EVENT).count() == 1
    page = client.get(f"/c/{community.slug}/events/{past_event.pk}/").content.decode()
    assert "Correct who came" in page


def test_attendance_waits_for_the_event(event, bob, alice):
    actions.respond(event=event, user=alice, response=Response.GOING)
    with pytest.raises(Refused, match="once the event has begun"):
        actions.record_attendance(event=event, by=bob, attended=[alice.pk])
    assert not attended(event)


def test_only_registered_members_can_be_ticked(past_event, bob, charlie):
    actions.record_attendance(event=past_event, by=bob, attended=[charlie.pk])
    assert not attended(past_event)
