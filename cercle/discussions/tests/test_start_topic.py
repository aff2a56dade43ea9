import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.groups import create_group
from cercle.discussions import actions
from cercle.discussions.models import Post, Topic, TopicKind
from cercle.lib.errors import Refused


def test_starting_a_topic_writes_its_opening_post_and_a_posted_event(community, alice):
    topic = actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="  Quel   outil ?  ",
        body="Pour **les comptes rendus**.",
        tags=["Outils", "Réunions"],
    )
    assert topic.title == "Quel outil ?"
    assert topic.post_count == 1
    assert topic.last_post_by == alice
    opening = topic.opening_post
    assert opening.parent is None
    assert opening.author == alice
    assert opening.community == community
    assert opening.body_html == "<p>Pour <strong>les comptes rendus</strong>.</p>\n"
    assert sorted(tag.name for tag in topic.tags.all()) == ["Outils", "Réunions"]
    event = ActivityEvent.objects.get(verb=Verb.POSTED)
    assert (event.actor, event.community) == (alice, community)
    assert (event.object_kind, event.object_id) == (ObjectKind.POST, opening.pk)
    assert event.context_id == topic.pk
    assert event.parent_id is None


def test_a_topic_in_a_group_records_the_group(community, alice, bob):
    group = create_group(community=community, by=bob, name="Lyon", kind="local")
    topic = actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Apéro",
        body="Jeudi ?",
        group=group,
    )
    assert topic.group == group
    assert ActivityEvent.objects.get(verb=Verb.POSTED).group == group


def test_a_category_or_group_of_another_community_is_refused(community, alice, make_community, bob):
    other = make_community(animator=bob)
    category = actions.create_category(community=other, by=bob, name="Ailleurs")
    with pytest.raises(Refused, match="another community"):
        actions.start_topic(
            community=community,
            author=alice,
            kind="discussion",
            title="T",
            body="B",
            category=category,
        )
    assert not Topic.objects.exists()


def test_members_cannot_publish_announcements_but_animators_can(community, alice, bob):
    with pytest.raises(Refused, match="Only animators can publish announcements"):
        actions.start_topic(
            community=community, author=alice, kind="announcement", title="Annonce", body="!"
        )
    assert not Topic.objects.exists()
    topic = actions.start_topic(
        community=community, author=bob, kind="announcement", title="Annonce", body="!"
    )
    assert topic.kind == TopicKind.ANNOUNCEMENT


def test_debates_are_framed_by_animators(community, alice, bob):
    with pytest.raises(Refused, match="Debates are opened and framed by the animators"):
        actions.start_topic(community=community, author=alice, kind="debate", title="D", body="B")
    topic = actions.start_topic(
        community=community,
        author=bob,
        kind="debate",
        title="Faut-il une cotisation ?",
        body="Débattons.",
        framing="Pour : *autonomie*. Contre : barrière à l'entrée.",
    )
    assert topic.framing_html == (
        "<p>Pour : <em>autonomie</em>. Contre : barrière à l'entrée.</p>\n"
    )


def test_framing_is_kept_only_for_debates(community, bob):
    topic = actions.start_topic(
        community=community, author=bob, kind="discussion", title="T", body="B", framing="F"
    )
    assert topic.framing == topic.framing_html == ""


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("   ", "Corps", "Give the topic a title"),
        ("x" * 201, "Corps", "at most 200 characters"),
        ("Titre", "  \n ", "Write a message first"),
        ("Titre", "x" * 50_001, "at most 50000 characters"),
    ],
)
def test_bad_titles_and_bodies_are_refused(community, alice, title, body, message):
    with pytest.raises(Refused, match=message):
        actions.start_topic(
            community=community, author=alice, kind="discussion", title=title, body=body
        )
    assert not Topic.objects.exists()
    assert not Post.objects.exists()


def test_too_many_tags_are_refused(community, alice):
    with pytest.raises(Refused, match="at most 5 tags"):
        actions.start_topic(
            community=community,
            author=alice,
            kind="discussion",
            title="T",
            body="B",
            tags=list("abcdef"),
        )


def test_unknown_kind_is_refused(community, alice):
    with pytest.raises(Refused, match="Choose what kind"):
        actions.start_topic(community=community, author=alice, kind="rant", title="T", body="B")


def test_the_new_topic_form_publishes_a_topic(client, community, alice, bob):
    category = actions.create_category(community=community, by=bob, name="Outils")
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {
            "kind": "question",
            "title": "Un outil de visio ?",
            "body": "Lequel choisir ?",
            "category": category.pk,
            "tags": "visio, outils",
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/{community.slug}/t/{topic.pk}/"
    assert topic.category == category
    assert topic.kind == "question"
    assert {t.name for t in topic.tags.all()} == {"visio", "outils"}


def test_the_form_offers_members_neither_announcements_nor_debates(client, community, alice):
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/discussions/new/").content.decode()
    assert 'value="question"' in page
    assert 'value="announcement"' not in page
    assert 'value="debate"' not in page
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {"kind": "announcement", "title": "Annonce", "body": "Texte gardé"},
    )
    assert response.status_code == 200
    assert "Texte gardé" in response.content.decode()
    assert not Topic.objects.exists()
