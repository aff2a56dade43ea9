"""The notifications page, "what's new", the topic list with its unread markers and the topic
page with its read state cost the same number of queries whatever their size."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.communities.actions.joining import join
from cercle.discussions import actions
from cercle.notifications import actions as notify
from cercle.notifications.models import Notification


@pytest.fixture
def members(alice, bob, make_member):
    return [alice, bob, *(make_member() for _ in range(4))]


def busy_community(make_community, bob, members, *, topics: int, replies: int = 2):
    """A community where everyone but the viewer (alice) writes: topics of every kind, in a
    category and out of it, replies answering replies, mentions of alice, deleted posts."""
    community = make_community(animator=bob)
    for user in members:
        if user != bob:
            join(community=community, user=user, accepts_charter=True)
    category = actions.create_category(community=community, by=bob, name="Outils")
    writers = itertools.cycle(members[1:])
    for t in range(topics):
        topic = actions.start_topic(
            community=community,
            author=next(writers),
            kind=["discussion", "question", "idea"][t % 3],
            title=f"Sujet {t}",
            body=f"Texte @{members[0].name}" if t % 2 else "Texte",
            category=category if t % 2 else None,
            tags=[f"tag{t % 3}"],
        )
        previous = None
        for r in range(replies):
            previous = actions.reply(
                topic=topic, author=next(writers), body=f"Réponse {r}", reply_to=previous
            )
        if t % 4 == 3:
            actions.delete_post(post=previous, by=bob)
    return community


def test_the_topic_list_with_unread_markers_stays_constant(
    client, page_queries, make_community, bob, alice, members
):
    small = busy_community(make_community, bob, members, topics=3)
    large = busy_community(make_community, bob, members, topics=30)
    client.force_login(alice)
    few = page_queries(f"/c/{small.slug}/discussions/")
    many = page_queries(f"/c/{large.slug}/discussions/")
    assert few == many
    # session, user, community, membership, topics count and page, tags, categories,
    # the unread counts, the bell
    assert many == 10
    html = client.get(f"/c/{large.slug}/discussions/").content.decode()
    assert html.count('class="badge unread"') == 30


def test_a_category_page_with_its_follow_button_stays_constant(
    client, page_queries, make_community, bob, alice, members
):
    small = busy_community(make_community, bob, members, topics=3)
    large = busy_community(make_community, bob, members, topics=30)
    client.force_login(alice)
    few = page_queries(f"/c/{small.slug}/discussions/categories/outils/")
    many = page_queries(f"/c/{large.slug}/discussions/categories/outils/")
    assert few == many == 12  # the list, its category, and whether alice follows it


def topic_page_queries(client, url: str) -> tuple[int, int]:
    """Queries of a topic page that records new reading, then of the same page again."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1]


def test_the_topic_page_with_its_read_state_stays_constant(client, community, alice, bob, members):
    def talk(replies: int):
        topic = actions.start_topic(
            community=community, author=bob, kind="discussion", title=f"T{replies}", body="?"
        )
        for i in range(replies):
            actions.reply(topic=topic, author=members[1 + i % 5], body=f"R{i}")
        return topic

    short, long = talk(3), talk(80)
    client.force_login(alice)
    client.get("/")  # the day's first visit is recorded once, here
    client.get(f"/c/{community.slug}/discussions/")
    first_short, again_short = topic_page_queries(client, f"/c/{community.slug}/t/{short.pk}/")
    first_long, again_long = topic_page_queries(client, f"/c/{community.slug}/t/{long.pk}/")
    second_page = topic_page_queries(client, f"/c/{community.slug}/t/{long.pk}/?page=2")
    # A view that shows something new writes the read state once; then nothing.
    assert first_short == first_long == second_page[0] == again_short + 1
    assert again_short == again_long == second_page[1]
    # The discussions' own queries (with the attachments and the reader's draft), then the read
    # state (with the follow), the bell.
    assert again_long == 14


def test_the_notifications_page_stays_constant(
    client, page_queries, community, alice, bob, members, committed
):
    client.force_login(alice)
    few_topic = actions.start_topic(
        community=community, author=alice, kind="question", title="Peu", body="?"
    )
    with committed():
        for i in range(3):
            actions.reply(topic=few_topic, author=members[1 + i], body=f"R{i}")
    few = page_queries("/notifications/")

    # Thirty more, of every kind, from several people, some read.
    category = actions.create_category(community=community, by=bob, name="Suivie")
    notify.follow_category(user=alice, category=category)
    many_topic = actions.start_topic(
        community=community, author=alice, kind="question", title="Beaucoup", body="?"
    )
    with committed():
        posts = [
            actions.reply(
                topic=many_topic,
                author=members[1 + i % 5],
                body=f"@{alice.name} R{i}" if i % 3 == 0 else f"R{i}",
            )
            for i in range(24)
        ]
        actions.accept_answer(topic=many_topic, post=posts[5], by=alice)
        for i in range(4):
            actions.start_topic(
                community=community,
                author=members[1 + i],
                kind="discussion",
                title=f"Dans la catégorie {i}",
                body="?",
                category=category,
            )
        actions.start_topic(
            community=community, author=bob, kind="announcement", title="Annonce", body="!"
        )
        actions.reply(topic=few_topic, author=bob, body="@Alice Membre encore")
    notify.mark_read(notification=alice_notifications(alice)[3])
    assert len(alice_notifications(alice)) == 3 + 24 + 4 + 1 + 1
    many = page_queries("/notifications/")
    assert few == many
    # session, user, the bell, the page count, the page
    assert many == 5
    html = client.get("/notifications/").content.decode()
    assert html.count('id="notification-') == 30


def alice_notifications(alice):
    return list(Notification.objects.filter(recipient=alice).order_by("pk"))


def test_whats_new_stays_constant(client, page_queries, make_community, bob, alice, members):
    busy_community(make_community, bob, members, topics=3)
    client.force_login(alice)
    few = page_queries("/news/")
    busy_community(make_community, bob, members, topics=30)
    many = page_queries("/news/")
    assert few == many
    # session, user, the bell, the member's communities, the page count, the page, its
    # unread counts, the count per community
    assert many == 8
    html = client.get("/news/").content.decode()
    assert html.count('class="badge unread"') == 30
    assert "All my communities (33)" in html
