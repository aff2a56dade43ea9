from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.discussions import actions
from cercle.discussions.models import PollVote
from cercle.lib.errors import Refused


def open_poll(community, author, *, multiple=False, closes_at=None, choices=("Mardi", "Jeudi")):
    return actions.start_topic(
        community=community,
        author=author,
        kind="discussion",
        title="Prochaine rencontre",
        body="Votez !",
        poll=actions.PollSpec(
            question="Quel jour ?", choices=list(choices), multiple=multiple, closes_at=closes_at
        ),
    )


def choice_ids(topic):
    return [c.pk for c in topic.poll.choices.all()]


def test_a_poll_is_created_with_its_topic(community, alice):
    topic = open_poll(community, alice, choices=[" Mardi ", "", "mardi", "Jeudi"])
    assert topic.poll.question == "Quel jour ?"
    assert [c.label for c in topic.poll.choices.all()] == ["Mardi", "Jeudi"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (actions.PollSpec(question="", choices=["a", "b"]), "Give the poll a question"),
        (actions.PollSpec(question="Q", choices=["a", " A "]), "at least two different"),
        (actions.PollSpec(question="Q", choices=[str(i) for i in range(21)]), "at most 20"),
        (
            actions.PollSpec(
                question="Q", choices=["a", "b"], closes_at=timezone.now() - timedelta(hours=1)
            ),
            "in the future",
        ),
    ],
)
def test_bad_polls_are_refused_and_no_topic_is_left(community, alice, spec, message):
    with pytest.raises(Refused, match=message):
        actions.start_topic(
            community=community, author=alice, kind="discussion", title="T", body="B", poll=spec
        )
    assert not community.topics.exists()


def test_a_single_choice_vote(community, alice, bob):
    topic = open_poll(community, alice)
    tuesday, thursday = choice_ids(topic)
    actions.vote_poll(poll=topic.poll, user=bob, choice_ids=[thursday])
    assert list(PollVote.objects.values_list("choice_id", flat=True)) == [thursday]
    event = ActivityEvent.objects.get(verb=Verb.VOTED)
    # The vote is recorded on the poll, in the topic's context.
    assert (event.actor, event.object_kind, event.object_id, event.context_id) == (
        bob,
        ObjectKind.POLL,
        topic.poll.pk,
        topic.pk,
    )
    with pytest.raises(Refused, match="only one answer"):
        actions.vote_poll(poll=topic.poll, user=alice, choice_ids=[tuesday, thursday])


def test_voting_twice_is_refused(community, alice, bob):
    topic = open_poll(community, alice)
    tuesday, thursday = choice_ids(topic)
    actions.vote_poll(poll=topic.poll, user=bob, choice_ids=[tuesday])
    with pytest.raises(Refused, match="already answered"):
        actions.vote_poll(poll=topic.poll, user=bob, choice_ids=[thursday])
    assert PollVote.objects.count() == 1


def test_a_multiple_choice_vote(community, alice, bob):
    topic = open_poll(community, alice, multiple=True, choices=["A", "B", "C"])
    a, b, _c = choice_ids(topic)
    actions.vote_poll(poll=topic.poll, user=bob, choice_ids=[a, b])
    assert PollVote.objects.filter(user=bob).count() == 2


def test_no_choice_or_another_polls_choice_is_refused(community, alice, bob):
    topic = open_poll(community, alice)
    other = open_poll(community, alice)
    with pytest.raises(Refused, match="Choose one of the poll's answers"):
        actions.vote_poll(poll=topic.poll, user=bob, choice_ids=[])
    with pytest.raises(Refused, match="Choose one of the poll's answers"):
        actions.vote_poll(poll=topic.poll, user=bob, choice_ids=choice_ids(other)[:1])


def test_voting_on_a_closed_poll_is_refused(community, alice, bob):
    closes = timezone.now() + timedelta(days=1)
    topic = open_poll(community, alice, closes_at=closes)
    with pytest.raises(Refused, match="This poll closed on"):
        actions.vote_poll(
            poll=topic.poll,
            user=bob,
            choice_ids=choice_ids(topic)[:1],
            at=closes + timedelta(minutes=1),
        )
    assert not PollVote.objects.exists()


def test_voting_in_a_closed_topic_is_refused(community, alice, bob):
    topic = open_poll(community, alice)
    actions.close_topic(topic=topic, by=bob)
    with pytest.raises(Refused, match="This topic is closed"):
        actions.vote_poll(poll=topic.poll, user=alice, choice_ids=choice_ids(topic)[:1])


def test_results_are_hidden_until_one_votes(client, community, alice, bob, make_member):
    topic = open_poll(community, alice)
    tuesday, thursday = choice_ids(topic)
    actions.vote_poll(poll=topic.poll, user=make_member(), choice_ids=[thursday])
    client.force_login(bob)
    url = f"/c/{community.slug}/t/{topic.pk}/"
    page = client.get(url).content.decode()
    assert "Results are shown once you have voted" in page
    assert "1 vote" not in page
    assert "<progress" not in page
    response = client.post(f"{url}poll/", {"choice": [str(tuesday)]})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "2 people answered." in page
    assert "Mardi — 1 vote (50 %)" in page
    assert "your answer" in page


def test_results_are_shown_to_all_once_the_poll_is_closed(client, community, alice, bob):
    topic = open_poll(community, alice, closes_at=timezone.now() + timedelta(hours=1))
    actions.vote_poll(poll=topic.poll, user=bob, choice_ids=choice_ids(topic)[:1])
    topic.poll.closes_at = timezone.now() - timedelta(minutes=1)  # time passes
    topic.poll.save()
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "The poll is closed." in page
    assert "Mardi — 1 vote (100 %)" in page
    assert 'name="choice"' not in page


def test_a_vote_refused_through_the_page_says_why(client, community, alice, bob):
    topic = open_poll(community, alice)
    tuesday, thursday = choice_ids(topic)
    client.force_login(bob)
    url = f"/c/{community.slug}/t/{topic.pk}/"
    client.post(f"{url}poll/", {"choice": [str(tuesday)]})
    response = client.post(f"{url}poll/", {"choice": [str(thursday)]}, follow=True)
    assert "You have already answered this poll." in response.content.decode()
    assert PollVote.objects.count() == 1
