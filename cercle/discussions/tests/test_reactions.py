import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.discussions import actions
from cercle.discussions.models import Reaction
from cercle.lib.errors import Refused


def test_reacting_records_a_reacted_event(topic, bob):
    reaction = actions.react(post=topic.opening_post, user=bob, kind="thanks")
    assert reaction.kind == "thanks"
    event = ActivityEvent.objects.get(verb=Verb.REACTED)
    assert event.actor == bob
    assert (event.object_kind, event.object_id) == (ObjectKind.POST, topic.opening_post_id)
    assert event.context_id == topic.pk


def test_each_kind_once_per_person(topic, bob):
    actions.react(post=topic.opening_post, user=bob, kind="like")
    actions.react(post=topic.opening_post, user=bob, kind="useful")
    with pytest.raises(Refused, match="already reacted"):
        actions.react(post=topic.opening_post, user=bob, kind="like")
    assert Reaction.objects.count() == 2
    assert ActivityEvent.objects.filter(verb=Verb.REACTED).count() == 2


def test_reactions_are_refused_on_own_posts_unknown_kinds_and_closed_topics(topic, alice, bob):
    with pytest.raises(Refused, match="your own message"):
        actions.react(post=topic.opening_post, user=alice, kind="like")
    with pytest.raises(Refused, match="Unknown reaction"):
        actions.react(post=topic.opening_post, user=bob, kind="love")
    actions.close_topic(topic=topic, by=bob)
    with pytest.raises(Refused, match="closed"):
        actions.react(post=topic.opening_post, user=bob, kind="like")
    assert not Reaction.objects.exists()


def test_outsiders_cannot_react(topic, charlie):
    with pytest.raises(Refused, match="Only members"):
        actions.react(post=topic.opening_post, user=charlie, kind="like")


def test_taking_a_reaction_back(topic, bob):
    actions.react(post=topic.opening_post, user=bob, kind="like")
    actions.unreact(post=topic.opening_post, user=bob, kind="like")
    assert not Reaction.objects.exists()
    with pytest.raises(Refused, match="had not reacted"):
        actions.unreact(post=topic.opening_post, user=bob, kind="like")


def test_htmx_reaction_returns_the_updated_bar_only(client, community, topic, bob, make_member):
    actions.react(post=topic.opening_post, user=make_member(), kind="like")
    client.force_login(bob)
    url = f"/c/{community.slug}/p/{topic.opening_post_id}/react/"
    response = client.post(url, {"kind": "like"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div class="reactions" id="reactions-{topic.opening_post_id}">')
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert "I like · 2" in html
    response = client.post(url, {"kind": "like", "undo": "1"}, headers={"HX-Request": "true"})
    assert "I like · 1" in response.content.decode()
    assert Reaction.objects.count() == 1


def test_htmx_refusal_is_shown_in_the_bar(client, community, topic, alice):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/p/{topic.opening_post_id}/react/",
        {"kind": "like"},
        headers={"HX-Request": "true"},
    )
    assert "You cannot react to your own message." in response.content.decode()


def test_reaction_without_htmx_redirects_to_the_post(client, community, topic, bob):
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/p/{topic.opening_post_id}/react/", {"kind": "useful"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{topic.opening_post_id}")
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Useful · 1" in page
