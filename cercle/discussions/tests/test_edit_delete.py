import pytest

from cercle.discussions import actions
from cercle.discussions.models import PostRevision, Topic
from cercle.lib.errors import Refused


def test_editing_keeps_the_former_version(topic, alice):
    opening = topic.opening_post
    actions.edit_post(post=opening, by=alice, body="Vos astuces, **svp** ?", title="Réunions")
    actions.edit_post(post=opening, by=alice, body="Dernière version")
    opening.refresh_from_db()
    topic.refresh_from_db()
    assert topic.title == "Réunions"
    assert opening.body == "Dernière version"
    assert opening.edited_by == alice
    first, second = PostRevision.objects.order_by("number")
    assert (first.number, first.body, first.title) == (
        1,
        "Vos astuces ?",
        "Comment animer une réunion à distance ?",
    )
    assert first.written_at == opening.created_at
    assert (second.body, second.title) == ("Vos astuces, **svp** ?", "Réunions")
    assert "<strong>svp</strong>" in second.body_html


def test_an_unchanged_edit_keeps_no_revision(topic, alice):
    actions.edit_post(post=topic.opening_post, by=alice, body="Vos astuces ?")
    assert not PostRevision.objects.exists()


def test_only_the_author_or_a_moderator_edits(topic, alice, bob, make_member):
    other = make_member()
    with pytest.raises(Refused, match="only edit your own"):
        actions.edit_post(post=topic.opening_post, by=other, body="Piraté")
    actions.edit_post(post=topic.opening_post, by=bob, body="Reformulé par l'animateur")
    assert PostRevision.objects.count() == 1


def test_closed_topics_are_frozen_for_their_authors(topic, alice, bob):
    actions.close_topic(topic=topic, by=bob)
    with pytest.raises(Refused, match="closed"):
        actions.edit_post(post=topic.opening_post, by=alice, body="Après coup")


def test_the_history_page_shows_every_version(client, community, topic, alice):
    actions.edit_post(post=topic.opening_post, by=alice, body="Nouvelle version")
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/p/{topic.opening_post_id}/history/").content.decode()
    assert "Nouvelle version" in page
    assert "Vos astuces ?" in page
    assert "Version 1" in page
    topic_page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert f"/c/{community.slug}/p/{topic.opening_post_id}/history/" in topic_page


def test_editing_through_the_form(client, community, topic, alice, make_member):
    client.force_login(alice)
    url = f"/c/{community.slug}/p/{topic.opening_post_id}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Nouveau titre", "body": "Nouveau texte"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Nouveau titre"
    client.force_login(make_member())
    response = client.post(url, {"title": "Volé", "body": "Volé"})
    assert "only edit your own" in response.content.decode()
    topic.refresh_from_db()
    assert topic.title == "Nouveau titre"


def test_deleting_a_reply_is_soft_and_members_see_message_deleted(
    client, community, topic, alice, bob, make_member
):
    post = actions.reply(topic=topic, author=alice, body="Texte à cacher")
    actions.delete_post(post=post, by=alice)
    topic.refresh_from_db()
    assert topic.post_count == 1
    post.refresh_from_db()
    assert post.deleted_by == alice
    client.force_login(make_member())
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Message deleted." in page
    assert "Texte à cacher" not in page
    assert client.get(f"/c/{community.slug}/p/{post.pk}/history/").status_code == 404
    client.force_login(bob)
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "Texte à cacher" in page
    assert f"/c/{community.slug}/p/{post.pk}/restore/" in page


def test_moderators_restore_members_cannot(topic, alice, bob):
    post = actions.reply(topic=topic, author=alice, body="Texte")
    actions.delete_post(post=post, by=bob)
    with pytest.raises(Refused, match="Only moderators and animators"):
        actions.restore_post(post=post, by=alice)
    actions.restore_post(post=post, by=bob)
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.deleted_at is None
    assert topic.post_count == 2
    with pytest.raises(Refused, match="not deleted"):
        actions.restore_post(post=post, by=bob)


def test_members_cannot_delete_others_posts(topic, bob, make_member):
    with pytest.raises(Refused, match="only delete your own"):
        actions.delete_post(post=topic.opening_post, by=make_member())
    actions.delete_post(post=topic.opening_post, by=bob)
    with pytest.raises(Refused, match="already deleted"):
        actions.delete_post(post=topic.opening_post, by=bob)


def test_deleting_the_opening_post_deletes_the_topic_until_restored(
    client, community, topic, alice, bob
):
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/p/{topic.opening_post_id}/delete/")
    assert response["Location"] == f"/c/{community.slug}/discussions/"
    assert Topic.objects.get().deleted_at is not None
    assert client.get(f"/c/{community.slug}/t/{topic.pk}/").status_code == 404
    listing = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert topic.title not in listing
    client.force_login(bob)
    deleted = client.get(f"/c/{community.slug}/discussions/?deleted=1").content.decode()
    assert topic.title in deleted
    assert client.get(f"/c/{community.slug}/t/{topic.pk}/").status_code == 200
    client.post(f"/c/{community.slug}/p/{topic.opening_post_id}/restore/")
    assert Topic.objects.get().deleted_at is None
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/t/{topic.pk}/").status_code == 200


def test_members_cannot_list_deleted_topics(client, community, topic, alice):
    actions.delete_post(post=topic.opening_post, by=alice)
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/discussions/?deleted=1").content.decode()
    assert topic.title not in page


def test_members_cannot_restore_through_the_page(client, community, topic, alice):
    actions.delete_post(post=topic.opening_post, by=alice)
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/p/{topic.opening_post_id}/restore/")
    assert response.status_code == 403
    assert Topic.objects.get().deleted_at is not None


def test_a_deleted_last_reply_is_no_longer_the_topics_latest_activity(topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Premier")
    last = actions.reply(topic=topic, author=alice, body="Dernier")
    actions.delete_post(post=last, by=alice)
    topic.refresh_from_db()
    assert (topic.last_post_at, topic.last_post_by) == (first.created_at, bob)
    actions.restore_post(post=last, by=bob)
    topic.refresh_from_db()
    assert (topic.last_post_at, topic.last_post_by) == (last.created_at, alice)
