import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership, MembershipState
from cercle.discussions import actions
from cercle.discussions.models import Post, Topic
from cercle.lib.errors import Refused


def test_a_reply_answers_the_opening_post_and_records_its_parent(topic, bob):
    post = actions.reply(topic=topic, author=bob, body="Caméras allumées !")
    assert post.parent_id == topic.opening_post_id
    assert post.community_id == topic.community_id
    topic.refresh_from_db()
    assert topic.post_count == 2
    assert topic.last_post_by == bob
    assert topic.last_post_at == post.created_at
    event = ActivityEvent.objects.get(verb=Verb.REPLIED)
    assert event.actor == bob
    assert (event.object_kind, event.object_id) == (ObjectKind.POST, post.pk)
    assert event.context_id == topic.pk
    assert event.parent_id == topic.opening_post_id


def test_reply_to_a_post_keeps_it_as_parent(topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Un tour de table.")
    answer = actions.reply(
        topic=topic, author=alice, body="> Un tour de table.\n\nOui !", reply_to=first
    )
    assert answer.parent == first
    assert ActivityEvent.objects.filter(verb=Verb.REPLIED).latest("pk").parent_id == first.pk
    assert "<blockquote>" in answer.body_html


def test_the_callers_topic_sees_the_new_counters(topic, bob):
    actions.reply(topic=topic, author=bob, body="Un")
    actions.reply(topic=topic, author=bob, body="Deux")
    assert topic.post_count == 3
    topic.refresh_from_db()
    assert topic.post_count == 3


def test_reply_to_a_closed_topic_is_refused_and_nothing_is_saved(topic, alice, bob):
    actions.close_topic(topic=topic, by=bob)
    with pytest.raises(Refused, match="This topic is closed"):
        actions.reply(topic=topic, author=alice, body="Encore un mot")
    assert Post.objects.count() == 1
    assert not ActivityEvent.objects.filter(verb=Verb.REPLIED).exists()
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_reply_to_a_deleted_topic_is_refused(topic, alice, bob):
    actions.delete_post(post=topic.opening_post, by=alice)
    with pytest.raises(Refused, match="This topic was deleted"):
        actions.reply(topic=topic, author=bob, body="Hello?")
    assert Post.objects.count() == 1


def test_reply_to_a_deleted_post_is_refused(topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Oups")
    actions.delete_post(post=first, by=bob)
    with pytest.raises(Refused, match="This message was deleted"):
        actions.reply(topic=topic, author=alice, body="Réponse", reply_to=first)


def test_reply_to_a_post_of_another_topic_is_refused(community, topic, alice, bob):
    other = actions.start_topic(
        community=community, author=bob, kind="discussion", title="Autre", body="Autre"
    )
    with pytest.raises(Refused, match="only answer a message of this topic"):
        actions.reply(topic=topic, author=alice, body="x", reply_to=other.opening_post)


def test_a_member_who_left_cannot_post(community, topic, alice):
    leave(membership=Membership.objects.get(community=community, user=alice))
    with pytest.raises(Refused, match="You have left this community"):
        actions.reply(topic=topic, author=alice, body="Je reviens ?")
    with pytest.raises(Refused, match="You have left this community"):
        actions.start_topic(
            community=community, author=alice, kind="discussion", title="T", body="B"
        )
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (MembershipState.SUSPENDED, "suspended"),
        (MembershipState.PENDING, "waiting for an animator"),
        (MembershipState.DECLINED, "Only members"),
    ],
)
def test_suspended_pending_or_declined_people_cannot_post(community, topic, alice, state, message):
    Membership.objects.filter(community=community, user=alice).update(state=state)
    with pytest.raises(Refused, match=message):
        actions.reply(topic=topic, author=alice, body="Bonjour")


def test_outsiders_cannot_post(topic, charlie):
    with pytest.raises(Refused, match="Only members of this community"):
        actions.reply(topic=topic, author=charlie, body="Bonjour")


def test_debate_replies_take_a_side_or_stay_neutral(community, bob, alice):
    debate = actions.start_topic(
        community=community, author=bob, kind="debate", title="Cotisation ?", body="?"
    )
    pro = actions.reply(topic=debate, author=alice, body="Oui", side="for")
    neutral = actions.reply(topic=debate, author=alice, body="Bof")
    assert (pro.side, neutral.side) == ("for", "neutral")
    with pytest.raises(Refused, match="Choose a side"):
        actions.reply(topic=debate, author=alice, body="?", side="maybe")


def test_sides_are_refused_outside_debates(topic, bob):
    with pytest.raises(Refused, match="Only debates have sides"):
        actions.reply(topic=topic, author=bob, body="Pour", side="for")


# --- Through the topic page -----------------------------------------------------------------


def test_replying_from_the_topic_page(client, community, topic, bob):
    client.force_login(bob)
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Bonne idée"})
    post = Post.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{community.slug}/p/{post.pk}/"
    follow = client.get(response["Location"])
    assert follow["Location"] == f"/c/{community.slug}/t/{topic.pk}/#post-{post.pk}"
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Bonne idée" in page


def test_a_reply_refused_from_the_page_keeps_the_text(client, community, topic, alice, bob):
    client.force_login(alice)
    actions.close_topic(topic=topic, by=bob)
    response = client.post(
        f"/c/{community.slug}/t/{topic.pk}/", {"body": "Mon long texte précieux"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This topic is closed" in page
    assert "Mon long texte précieux" in page
    assert Post.objects.count() == 1


def test_a_member_who_left_gets_a_clear_message_and_keeps_the_text(client, community, topic, alice):
    client.force_login(alice)
    leave(membership=Membership.objects.get(community=community, user=alice))
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Texte gardé"})
    assert response.status_code == 403  # members-only community: no longer readable
    community.visibility = "public"
    community.save()
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Texte gardé"})
    page = response.content.decode()
    assert "You have left this community" in page
    assert "Texte gardé" in page
    assert Post.objects.count() == 1


def test_reply_to_link_and_quote_prefill_the_form(client, community, topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Ligne un\nLigne deux")
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/?quote={first.pk}").content.decode()
    assert "&gt; Bob Animateur:\n&gt; Ligne un\n&gt; Ligne deux" in page
    assert f'name="reply_to" value="{first.pk}"' in page
    response = client.post(
        f"/c/{community.slug}/t/{topic.pk}/",
        {"body": "> Ligne un\n\nD'accord", "reply_to": first.pk},
    )
    assert response.status_code == 302
    assert Post.objects.latest("pk").parent == first


def test_replying_to_a_post_deleted_meanwhile_is_refused_not_redirected(
    client, community, topic, alice, bob
):
    first = actions.reply(topic=topic, author=bob, body="Oups")
    actions.delete_post(post=first, by=bob)
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/t/{topic.pk}/", {"body": "Ma réponse", "reply_to": first.pk}
    )
    assert response.status_code == 200
    assert "This message was deleted" in response.content.decode()
    assert not Post.objects.filter(body="Ma réponse").exists()


def test_page_two_holds_the_fifty_first_post(client, community, topic, bob):
    posts = [actions.reply(topic=topic, author=bob, body=f"Réponse {i}") for i in range(50)]
    client.force_login(bob)
    last = posts[-1]  # the 51st post, opening included
    response = client.get(f"/c/{community.slug}/p/{last.pk}/")
    assert response["Location"] == f"/c/{community.slug}/t/{topic.pk}/?page=2#post-{last.pk}"
    page_two = client.get(f"/c/{community.slug}/t/{topic.pk}/?page=2").content.decode()
    assert "Réponse 49" in page_two
    assert "Réponse 48" not in page_two
    assert Topic.objects.get().post_count == 51
