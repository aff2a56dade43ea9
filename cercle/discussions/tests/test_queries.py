"""The topic list and the topic page cost the same number of queries whatever their size."""

import itertools

import pytest

from cercle.communities.actions.groups import create_group
from cercle.communities.actions.joining import join
from cercle.discussions import actions
from cercle.lib.tests import samples


def populate(community, *, topics: int, replies: int, members: list, bob) -> list:
    """Topics with replies (some answering a reply, one in three with a picture and a PDF
    attached), reactions, tags, categories, groups, edits and deletions, by several authors."""
    category = actions.create_category(community=community, by=bob, name=f"Cat {topics}-{replies}")
    group = create_group(
        community=community, by=bob, name=f"Groupe {topics}-{replies}", kind="local"
    )
    made = []
    kinds = itertools.cycle(["discussion", "question", "idea"])
    for t in range(topics):
        author = members[t % len(members)]
        topic = actions.start_topic(
            community=community,
            author=author,
            kind=next(kinds),
            title=f"Sujet {t}",
            body=f"Texte {t} @{members[0].name}",
            tags=[f"tag{t % 4}", f"tag{t % 7}"],
            category=category if t % 2 else None,
            group=group if t % 3 == 0 else None,
        )
        previous = topic.opening_post
        for r in range(replies):
            replier = members[(t + r + 1) % len(members)]
            draft = None
            if r % 3 == 0:  # files come through the author's draft, as from the composer
                draft = actions.save_draft(
                    user=replier,
                    community=community,
                    topic=topic,
                    body=f"Réponse {r}",
                    uploads=[samples.png(), samples.pdf()],
                ).draft
            post = actions.reply(
                topic=topic,
                author=replier,
                body=f"Réponse {r}",
                reply_to=previous if r % 2 else None,
                draft=draft,
            )
            for reactor in members[:3]:
                if reactor != replier:
                    actions.react(post=post, user=reactor, kind=["like", "thanks"][r % 2])
            if r % 5 == 4:
                actions.edit_post(post=post, by=replier, body=f"Réponse {r}, corrigée")
            previous = post
            if r % 7 == 6:
                actions.delete_post(post=post, by=bob)
                previous = topic.opening_post
        made.append(topic)
    return made


@pytest.fixture
def members(alice, bob, make_member):
    return [alice, bob, *(make_member() for _ in range(4))]


def list_queries(client, page_queries, community, viewer) -> int:
    client.force_login(viewer)
    return page_queries(f"/c/{community.slug}/discussions/")


@pytest.mark.parametrize("viewer", ["alice", "bob"])
def test_topic_list_queries_do_not_grow(
    client, page_queries, make_community, bob, members, make_member, viewer, request
):
    small = make_community(animator=bob)
    large = make_community(animator=bob)
    for user in members:
        for target in (small, large):
            if user != bob:
                join(community=target, user=user, accepts_charter=True)
    populate(small, topics=3, replies=2, members=members, bob=bob)
    populate(large, topics=30, replies=4, members=members, bob=bob)
    user = request.getfixturevalue(viewer)
    few = list_queries(client, page_queries, small, user)
    many = list_queries(client, page_queries, large, user)
    assert few == many
    assert many <= 10
    page = client.get(f"/c/{large.slug}/discussions/").content.decode()
    assert page.count('class="kind kind-') == 30


def topic_page_queries(client, page_queries, community, topic, viewer, page="") -> int:
    client.force_login(viewer)
    return page_queries(f"/c/{community.slug}/t/{topic.pk}/{page}")


@pytest.mark.parametrize("viewer", ["alice", "bob"])
def test_topic_page_queries_do_not_grow(
    client, page_queries, community, members, bob, viewer, request
):
    (short,) = populate(community, topics=1, replies=3, members=members, bob=bob)
    (long,) = populate(community, topics=1, replies=80, members=members, bob=bob)
    user = request.getfixturevalue(viewer)
    few = topic_page_queries(client, page_queries, community, short, user)
    many = topic_page_queries(client, page_queries, community, long, user)
    second_page = topic_page_queries(client, page_queries, community, long, user, "?page=2")
    assert few == many == second_page
    assert many <= 14
    page = client.get(f"/c/{community.slug}/t/{long.pk}/").content.decode()
    assert page.count('<article id="post-') == 50
    # Replies 0, 3, 6... carry files; members do not see those of deleted replies (r % 7 == 6).
    shown = [r for r in range(49) if r % 3 == 0 and (viewer == "bob" or r % 7 != 6)]
    assert page.count('<ul class="attachments"') == len(shown)
    assert page.count(' alt="photo.png"') == len(shown)


@pytest.mark.parametrize("viewer", ["alice", "bob"])
def test_a_draft_with_waiting_files_costs_the_same_on_any_topic(
    client, page_queries, community, members, bob, viewer, request
):
    (short,) = populate(community, topics=1, replies=2, members=members, bob=bob)
    (long,) = populate(community, topics=1, replies=40, members=members, bob=bob)
    user = request.getfixturevalue(viewer)
    for topic in (short, long):
        actions.save_draft(
            user=user,
            community=community,
            topic=topic,
            body="En cours",
            uploads=[samples.pdf("a.pdf"), samples.png("b.png")],
        )
    few = topic_page_queries(client, page_queries, community, short, user)
    many = topic_page_queries(client, page_queries, community, long, user)
    assert few == many
    page = client.get(f"/c/{community.slug}/t/{long.pk}/").content.decode()
    assert "Files kept with your draft" in page
    assert "En cours</textarea>" in page


def test_topic_page_with_a_poll_and_an_accepted_answer_stays_constant(
    client, page_queries, community, members, alice, bob
):
    def question(replies: int):
        topic = actions.start_topic(
            community=community,
            author=alice,
            kind="question",
            title=f"Question {replies}",
            body="?",
            tags=["a", "b"],
            poll=actions.PollSpec(question="Oui ?", choices=["Oui", "Non", "Peut-être"]),
        )
        posts = [
            actions.reply(topic=topic, author=members[1 + i % 5], body=f"R{i}")
            for i in range(replies)
        ]
        for i, voter in enumerate(members[1:]):
            actions.vote_poll(
                poll=topic.poll, user=voter, choice_ids=[topic.poll.choices.all()[i % 3].pk]
            )
        actions.accept_answer(topic=topic, post=posts[-1], by=alice)
        return topic

    small, large = question(2), question(40)
    # alice has not voted: the form is shown; then she votes and sees the results.
    assert topic_page_queries(client, page_queries, community, small, alice) == (
        topic_page_queries(client, page_queries, community, large, alice)
    )
    for topic in (small, large):
        actions.vote_poll(poll=topic.poll, user=alice, choice_ids=[topic.poll.choices.first().pk])
    assert topic_page_queries(client, page_queries, community, small, alice) == (
        topic_page_queries(client, page_queries, community, large, alice)
    )
