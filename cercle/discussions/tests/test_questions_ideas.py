import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.discussions import actions
from cercle.discussions.models import IdeaVote, Topic
from cercle.lib.errors import Refused


def test_the_asker_accepts_an_answer(question, alice, bob):
    answer = actions.reply(topic=question, author=bob, body="Un pad partagé.")
    topic = actions.accept_answer(topic=question, post=answer, by=alice)
    assert topic.accepted_answer == answer
    assert Topic.objects.get().accepted_answer_id == answer.pk
    event = ActivityEvent.objects.get(verb=Verb.ACCEPTED_ANSWER)
    assert event.actor == alice
    assert (event.object_kind, event.object_id) == (ObjectKind.POST, answer.pk)
    assert event.context_id == question.pk
    assert event.parent_id == question.opening_post_id


def test_others_cannot_accept_an_answer_to_someone_elses_question(
    question, alice, bob, make_member
):
    other = make_member()
    answer = actions.reply(topic=question, author=other, body="Réponse")
    with pytest.raises(Refused, match="Only the person who asked, or an animator"):
        actions.accept_answer(topic=question, post=answer, by=other)
    assert Topic.objects.get().accepted_answer is None
    actions.accept_answer(topic=question, post=answer, by=bob)  # bob animates
    assert Topic.objects.get().accepted_answer == answer


def test_accepting_is_for_answers_to_questions(topic, question, alice, bob):
    answer = actions.reply(topic=topic, author=bob, body="Réponse")
    with pytest.raises(Refused, match="Only questions"):
        actions.accept_answer(topic=topic, post=answer, by=alice)
    with pytest.raises(Refused, match="Choose one of the answers"):
        actions.accept_answer(topic=question, post=question.opening_post, by=alice)
    with pytest.raises(Refused, match="Choose one of the answers"):
        actions.accept_answer(topic=question, post=answer, by=alice)  # another topic's


def test_accepting_twice_or_a_deleted_answer_is_refused(question, alice, bob):
    answer = actions.reply(topic=question, author=bob, body="Réponse")
    actions.accept_answer(topic=question, post=answer, by=alice)
    with pytest.raises(Refused, match="already the accepted one"):
        actions.accept_answer(topic=question, post=answer, by=alice)
    other = actions.reply(topic=question, author=bob, body="Autre")
    actions.delete_post(post=other, by=bob)
    with pytest.raises(Refused, match="deleted"):
        actions.accept_answer(topic=question, post=other, by=alice)


def test_the_accepted_answer_is_highlighted(client, community, question, alice, bob):
    answer = actions.reply(topic=question, author=bob, body="La bonne réponse")
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/t/{question.pk}/").content.decode()
    accept_url = f"/c/{community.slug}/t/{question.pk}/accept/{answer.pk}/"
    assert accept_url in page
    client.post(accept_url)
    page = client.get(f"/c/{community.slug}/t/{question.pk}/").content.decode()
    assert f'id="post-{answer.pk}" class="post accepted"' in page
    assert "Accepted answer, by Bob Animateur" in page
    listing = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert "answered" in listing


def test_members_do_not_see_the_accept_button_on_others_questions(
    client, community, question, bob, make_member
):
    answer = actions.reply(topic=question, author=bob, body="Réponse")
    client.force_login(make_member())
    page = client.get(f"/c/{community.slug}/t/{question.pk}/").content.decode()
    assert f"/accept/{answer.pk}/" not in page
    assert (
        client.post(f"/c/{community.slug}/t/{question.pk}/accept/{answer.pk}/").status_code == 302
    )
    assert Topic.objects.get().accepted_answer is None


@pytest.fixture
def idea(community, alice):
    return actions.start_topic(
        community=community, author=alice, kind="idea", title="Un wiki commun", body="?"
    )


def test_voting_for_an_idea(idea, bob, make_member):
    actions.vote_idea(topic=idea, user=bob)
    actions.vote_idea(topic=idea, user=make_member())
    assert idea.idea_vote_count == 2
    assert Topic.objects.get().idea_vote_count == 2
    event = ActivityEvent.objects.filter(verb=Verb.VOTED).first()
    assert (event.actor, event.object_kind, event.object_id) == (bob, ObjectKind.TOPIC, idea.pk)


def test_voting_twice_for_an_idea_is_refused(idea, bob):
    actions.vote_idea(topic=idea, user=bob)
    with pytest.raises(Refused, match="already voted"):
        actions.vote_idea(topic=idea, user=bob)
    assert IdeaVote.objects.count() == 1
    assert Topic.objects.get().idea_vote_count == 1


def test_only_ideas_take_votes(topic, bob):
    with pytest.raises(Refused, match="Only ideas"):
        actions.vote_idea(topic=topic, user=bob)


def test_animators_set_the_status_and_decided_ideas_take_no_votes(idea, alice, bob):
    with pytest.raises(Refused, match="Only animators"):
        actions.set_idea_status(topic=idea, by=alice, status="planned")
    actions.set_idea_status(topic=idea, by=bob, status="planned")
    actions.vote_idea(topic=idea, user=alice)  # planned ideas still take votes
    actions.set_idea_status(topic=idea, by=bob, status="declined")
    assert Topic.objects.get().idea_status == "declined"
    with pytest.raises(Refused, match="decided"):
        actions.vote_idea(topic=idea, user=bob)
    with pytest.raises(Refused, match="Unknown status"):
        actions.set_idea_status(topic=idea, by=bob, status="maybe")


def test_idea_votes_and_status_through_the_page(client, community, idea, alice, bob):
    client.force_login(alice)
    url = f"/c/{community.slug}/t/{idea.pk}/"
    assert "Vote for this idea" in client.get(url).content.decode()
    client.post(f"{url}idea/vote/")
    page = client.get(url).content.decode()
    assert "You voted for this idea." in page
    assert "1 vote" in page
    assert client.post(f"{url}idea/status/", {"status": "done"}).status_code == 403
    client.force_login(bob)
    client.post(f"{url}idea/status/", {"status": "done"})
    assert Topic.objects.get().idea_status == "done"
