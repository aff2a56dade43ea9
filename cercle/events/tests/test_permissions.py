"""Events follow their community's visibility and membership."""

import pytest

from cercle.communities.actions.groups import create_group
from cercle.communities.actions.joining import join
from cercle.events.models import Event


@pytest.fixture
def hidden(make_community, bob):
    return make_community(animator=bob, slug="secret", visibility="hidden")


def urls(community, event) -> list[str]:
    base = f"/c/{community.slug}/events/"
    return [base, f"{base}{event.pk}/", f"{base}{event.pk}/event.ics"]


def test_a_hidden_community_s_events_do_not_exist_for_outsiders(
    client, hidden, make_event, bob, charlie
):
    event = make_event(target=hidden)
    client.force_login(charlie)
    for url in urls(hidden, event):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/c/secret/events/{event.pk}/answer/", {"response": "going"})
    assert response.status_code == 404
    client.logout()
    for url in urls(hidden, event):
        assert client.get(url).status_code == 404, url
    client.force_login(bob)
    for url in urls(hidden, event):
        assert client.get(url).status_code == 200, url


def test_members_only_events_are_for_members(client, community, event, charlie, alice):
    client.force_login(charlie)
    for url in urls(community, event):
        assert client.get(url).status_code == 403, url
    client.logout()
    response = client.get(urls(community, event)[1])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(alice)
    for url in urls(community, event):
        assert client.get(url).status_code == 200, url


def test_public_events_are_readable_by_anyone_but_the_video_link(
    client, make_community, make_event, bob
):
    public = make_community(animator=bob, visibility="public")
    event = make_event(target=public, video_url="https://visio.example.org/public")
    listing = client.get(f"/c/{public.slug}/events/").content.decode()
    assert "Rencontre des dirigeants" in listing
    page = client.get(f"/c/{public.slug}/events/{event.pk}/").content.decode()
    assert "12 rue des Lilas" in page
    assert "visio.example.org" not in page
    assert "Log in to answer" in page
    response = client.post(f"/c/{public.slug}/events/{event.pk}/answer/", {"response": "going"})
    assert response["Location"].startswith("/accounts/login/")


def test_an_event_of_another_community_is_not_found_here(
    client, community, make_community, make_event, bob, alice
):
    other = make_community(animator=bob)
    elsewhere = make_event(target=other)
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/events/{elsewhere.pk}/").status_code == 404
    join(community=other, user=alice, accepts_charter=True)
    assert client.get(f"/c/{community.slug}/events/{elsewhere.pk}/").status_code == 404


def test_group_events_are_shown_to_the_whole_community(client, community, make_event, bob, alice):
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    make_event(group=group, title="Apéro du groupe de Lyon")
    client.force_login(alice)  # not in the group
    assert "Apéro du groupe de Lyon" in client.get(f"/c/{community.slug}/events/").content.decode()


def test_members_cannot_edit_cancel_nor_record_attendance(client, community, event, alice):
    client.force_login(alice)
    base = f"/c/{community.slug}/events/{event.pk}/"
    for action in ("edit/", "cancel/", "attendance/"):
        assert client.get(base + action).status_code == 403, action
        assert client.post(base + action, {"title": "Piraté"}).status_code == 403, action
    event.refresh_from_db()
    assert event.title == "Rencontre des dirigeants"
    assert event.status == "scheduled"
    assert Event.objects.count() == 1
