"""The event pages cost the same number of queries whatever the number of events and answers."""

from datetime import timedelta

import pytest

from cercle.communities.actions.groups import create_group
from cercle.events import actions
from cercle.events.models import Event, Response
from cercle.events.tests.conftest import in_days


def populate(community, bob, members, *, events: int) -> Event:
    """Events of the community and of a group, some by video, some full with a waiting list,
    one cancelled, answered by every member. Returns the busiest one."""
    group = create_group(community=community, by=bob, name=f"Groupe {events}", kind="local")
    made = []
    for n in range(events):
        start = in_days(2 + n)
        made.append(
            actions.create_event(
                community=community,
                by=bob,
                group=group if n % 2 else None,
                title=f"Rencontre {n}",
                start=start,
                end=start + timedelta(hours=2),
                time_zone="Europe/Paris",
                address="Lyon",
                video_url="https://visio.example.org/x" if n % 3 == 0 else "",
                capacity=max(1, len(members) // 2) if n % 2 == 0 else None,
            )
        )
    for event in made:
        for i, member in enumerate(members):
            response = [Response.GOING, Response.GOING, Response.MAYBE, Response.NOT_GOING][i % 4]
            actions.respond(event=event, user=member, response=response)
    actions.cancel_event(event=made[-1], by=bob)
    return made[0]


def counts(client, page_queries, community, event, viewer) -> tuple[int, int]:
    client.force_login(viewer)
    return (
        page_queries(f"/c/{community.slug}/events/"),
        page_queries(f"/c/{community.slug}/events/{event.pk}/"),
    )


@pytest.mark.parametrize("viewer_name", ["alice", "bob"])
def test_list_and_detail_queries_do_not_grow(
    client, page_queries, community, bob, alice, make_member, viewer_name
):
    viewer = {"alice": alice, "bob": bob}[viewer_name]
    small_members = [alice, *(make_member() for _ in range(3))]
    small = populate(community, bob, small_members, events=2)
    small_counts = counts(client, page_queries, community, small, viewer)

    big_members = small_members + [make_member() for _ in range(16)]
    big = populate(community, bob, big_members, events=12)
    for member in big_members:
        actions.respond(event=small, user=member, response=Response.GOING)
    big_counts = counts(client, page_queries, community, big, viewer)
    assert big_counts == small_counts
    assert small_counts[0] <= 12, small_counts
    assert small_counts[1] <= 12, small_counts


def test_my_events_queries_do_not_grow(client, page_queries, community, bob, alice, make_member):
    populate(community, bob, [alice], events=2)
    client.force_login(alice)
    small = page_queries("/events/")
    populate(community, bob, [alice, make_member()], events=10)
    assert page_queries("/events/") == small
