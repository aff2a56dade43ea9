from datetime import timedelta

from django.utils import timezone

from cercle.communities.actions.groups import create_group
from cercle.discussions import actions
from cercle.discussions.models import Poll, Topic
from cercle.discussions.selectors import TOPICS_PER_PAGE


def test_latest_activity_comes_first(client, community, alice, bob):
    old = actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Ancien sujet",
        body="x",
        at=timezone.now() - timedelta(days=3),
    )
    actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Sujet récent",
        body="x",
        at=timezone.now() - timedelta(days=1),
    )
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert page.index("Sujet récent") < page.index("Ancien sujet")
    actions.reply(topic=old, author=bob, body="Je relance")
    page = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert page.index("Ancien sujet") < page.index("Sujet récent")
    assert "1 reply" in page


def test_filters_by_kind_category_and_group(client, community, alice, bob):
    category = actions.create_category(community=community, by=bob, name="Outils")
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="Une question",
        body="?",
        category=category,
    )
    actions.start_topic(
        community=community, author=alice, kind="idea", title="Une idée", body="!", group=group
    )
    client.force_login(alice)
    base = f"/c/{community.slug}/discussions/"
    by_kind = client.get(f"{base}?kind=idea").content.decode()
    assert "Une idée" in by_kind
    assert "Une question" not in by_kind
    by_category = client.get(f"{base}categories/outils/").content.decode()
    assert "Une question" in by_category
    assert "Une idée" not in by_category
    assert "?category=" in by_category  # "New topic" lands in this category
    by_group = client.get(f"{base}groups/lyon/").content.decode()
    assert "Une idée" in by_group
    assert "Une question" not in by_group
    assert client.get(f"{base}categories/nope/").status_code == 404
    assert "Une idée" in client.get(f"{base}?kind=nonsense").content.decode()


def test_htmx_filter_returns_the_rows_only(client, community, topic, alice):
    client.force_login(alice)
    response = client.get(
        f"/c/{community.slug}/discussions/?kind=discussion", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert topic.title in html
    assert "<html" not in html


def test_topics_are_paginated(client, community, alice):
    for i in range(TOPICS_PER_PAGE + 2):
        actions.start_topic(
            community=community, author=alice, kind="discussion", title=f"Sujet n°{i}", body="x"
        )
    client.force_login(alice)
    first = client.get(f"/c/{community.slug}/discussions/").content.decode()
    second = client.get(f"/c/{community.slug}/discussions/?page=2").content.decode()
    assert first.count('class="kind kind-') == TOPICS_PER_PAGE
    assert second.count('class="kind kind-') == 2
    assert "Sujet n°0<" in second


def test_the_discussions_tab_is_in_the_community_header(client, community, alice, charlie):
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/").content.decode()
    assert f'href="/c/{community.slug}/discussions/"' in page
    client.force_login(charlie)
    page = client.get(f"/c/{community.slug}/").content.decode()
    assert f'href="/c/{community.slug}/discussions/"' not in page


def test_a_topic_with_a_poll_through_the_form(client, community, alice):
    client.force_login(alice)
    closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {
            "kind": "discussion",
            "title": "Date du séminaire",
            "body": "Votez",
            "poll_question": "Quand ?",
            "poll_choices": "Mai\nJuin\n\nSeptembre",
            "poll_multiple": "on",
            "poll_closes_at": closes,
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert [c.label for c in poll.choices.all()] == ["Mai", "Juin", "Septembre"]
    assert poll.multiple
    assert poll.closes_at > timezone.now()


def test_a_refused_poll_keeps_everything_typed(client, community, alice):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {
            "kind": "discussion",
            "title": "Mon titre",
            "body": "Mon texte",
            "poll_question": "Quand ?",
            "poll_choices": "Mai",
        },
    )
    page = response.content.decode()
    assert "A poll needs at least two different answers." in page
    assert "Mon texte" in page
    assert 'value="Mon titre"' in page
    assert not Topic.objects.exists()
