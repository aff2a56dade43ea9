"""The community and the reader's membership, read on every page, are kept between requests
while the database does not change (cercle.discussions.generation): read again at once after
any committed write, by this process or another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.communities.actions.joining import leave
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Community, Membership, Role
from cercle.discussions import generation
from cercle.discussions.models import Generation


@pytest.fixture
def kept(transactional_db):
    """Writes really committed (the generation counts on commit), nothing kept from before."""
    Generation.objects.get_or_create(pk=1)
    generation.forget_all()


def get(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in ctx.captured_queries]


def reads_of(table: str, queries: list[str]) -> int:
    return sum(query.startswith(f'SELECT "{table}".') for query in queries)


def test_they_are_read_once_while_nothing_changes(kept, client, community, alice):
    client.force_login(alice)
    url = f"/c/{community.slug}/discussions/"
    get(client, url)  # records the day's visit: a write
    _, second = get(client, url)
    _, third = get(client, url)
    assert reads_of("communities_community", second) == 1
    assert reads_of("communities_membership", second) == 1
    assert reads_of("communities_community", third) == 0
    assert reads_of("communities_membership", third) == 0
    assert len(third) == len(second) - 2


def alices(community) -> Membership:
    return Membership.objects.get(community=community, user__email="alice@example.org")


def test_a_new_role_or_leaving_shows_at_once(kept, client, community, alice, bob):
    client.force_login(alice)
    url = f"/c/{community.slug}/discussions/"
    get(client, url)
    html, _ = get(client, url)
    assert "Moderation log" in html
    assert f'href="/c/{community.slug}/moderation/"' not in html

    bobs = Membership.objects.get(community=community, user=bob)
    change_role(membership=alices(community), role=Role.MODERATOR, by=bobs)
    html, _ = get(client, url)
    assert f'href="/c/{community.slug}/moderation/"' in html

    leave(membership=alices(community))
    assert client.get(url).status_code == 403


def test_a_write_by_another_process_shows_at_once(kept, client, community, alice, monkeypatch):
    client.force_login(alice)
    url = f"/c/{community.slug}/discussions/"
    get(client, url)
    get(client, url)
    seen_here = generation.local
    Community.objects.filter(pk=community.pk).update(name="Réseau renommé")
    Membership.objects.filter(pk=alices(community).pk).update(role=Role.MODERATOR)
    # Only the database's count moved, as after another process's writes.
    monkeypatch.setattr(generation, "local", seen_here)
    html, _ = get(client, url)
    assert "Réseau renommé" in html
    assert f'href="/c/{community.slug}/moderation/"' in html
