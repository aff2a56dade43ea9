"""What is new and unread for a member: in the topic list, on the topic page, across
communities, and the jump to the first unread post."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.communities.actions.joining import join, leave
from cercle.communities.models import Membership
from cercle.discussions import actions, generation
from cercle.discussions.models import Generation
from cercle.notifications.models import Notification, TopicReadState


def unread_badges(client, url: str) -> dict[str, str]:
    """Topic title -> its "N unread" badge, as the list shows them."""
    html = client.get(url).content.decode()
    rows = re.findall(r"<li>(.*?)</li>", html, re.S)
    found = {}
    for row in rows:
        title = re.search(r"<strong>(.*?)</strong>", row)
        badge = re.search(r'class="badge unread"[^>]*>(.*?)</', row)
        if title and badge:
            found[title.group(1)] = badge.group(1).strip()
    return found


def start(community, author, title: str):
    return actions.start_topic(
        community=community, author=author, kind="discussion", title=title, body="?"
    )


def test_the_topic_list_shows_what_is_unread_and_how_much(
    client, community, alice, bob, make_member
):
    carol = make_member()
    talk = start(community, bob, "Réunions")
    actions.reply(topic=talk, author=carol, body="Un")
    actions.reply(topic=talk, author=carol, body="Deux")
    mine = start(community, alice, "Mon sujet")
    client.force_login(alice)
    url = "/c/reseau/discussions/"
    # Never opened: all three messages are new to her; her own topic has nothing new.
    assert unread_badges(client, url) == {"Réunions": "3 unread"}

    assert client.get(f"/c/reseau/t/{talk.pk}/").status_code == 200
    assert unread_badges(client, url) == {}

    latest = actions.reply(topic=talk, author=carol, body="Trois")
    actions.reply(topic=talk, author=alice, body="Ma réponse")  # hers: not unread
    deleted = actions.reply(topic=mine, author=bob, body="Oups")
    actions.delete_post(post=deleted, by=bob)  # deleted: not unread
    assert unread_badges(client, url) == {"Réunions": "1 unread"}
    html = client.get(url).content.decode()
    assert f'href="/c/reseau/t/{talk.pk}/unread/"' in html
    # The badge leads to the first unread message.
    response = client.get(f"/c/reseau/t/{talk.pk}/unread/")
    assert response["Location"] == f"/c/reseau/t/{talk.pk}/#post-{latest.pk}"


def test_what_was_written_before_a_member_joined_is_not_new_to_them(
    client, community, bob, make_member
):
    old = start(community, bob, "Ancien")
    dave = make_member()
    client.force_login(dave)
    assert unread_badges(client, "/c/reseau/discussions/") == {}
    actions.reply(topic=old, author=bob, body="Du neuf")
    assert unread_badges(client, "/c/reseau/discussions/") == {"Ancien": "1 unread"}


def test_the_first_unread_jump_lands_on_the_right_page_and_anchor(client, community, alice, bob):
    talk = start(community, bob, "Long")
    posts = [actions.reply(topic=talk, author=bob, body=f"R{i}") for i in range(59)]
    client.force_login(alice)
    # Never read: the jump goes to the opening post.
    response = client.get(f"/c/reseau/t/{talk.pk}/unread/")
    assert response["Location"] == f"/c/reseau/t/{talk.pk}/#post-{talk.opening_post_id}"
    # She reads page 1 (posts 1 to 50): the first unread is the 51st, first of page 2.
    client.get(f"/c/reseau/t/{talk.pk}/")
    response = client.get(f"/c/reseau/t/{talk.pk}/unread/")
    assert response["Location"] == f"/c/reseau/t/{talk.pk}/?page=2#post-{posts[49].pk}"
    # Page 2 marks the first unread post with a divider.
    page = client.get(f"/c/reseau/t/{talk.pk}/?page=2").content.decode()
    assert page.index('id="unread"') < page.index(f'id="post-{posts[49].pk}"')
    # Everything read: the jump goes to the latest post; no divider any more.
    response = client.get(f"/c/reseau/t/{talk.pk}/unread/")
    assert response["Location"] == f"/c/reseau/t/{talk.pk}/?page=2#post-{posts[-1].pk}"
    assert 'id="unread"' not in client.get(f"/c/reseau/t/{talk.pk}/?page=2").content.decode()


def test_the_first_unread_jump_takes_visitors_to_the_topic(client, make_community, bob):
    public = make_community(animator=bob, visibility="public", slug="ouverte")
    talk = start(public, bob, "Public")
    response = client.get(f"/c/ouverte/t/{talk.pk}/unread/")
    assert response["Location"] == f"/c/ouverte/t/{talk.pk}/"


def bell_badge(html: str) -> str:
    link = re.search(r'<a href="/notifications/" id="bell".*?</a>', html, re.S).group(0)
    badge = re.search(r'<span class="badge"[^>]*>(.*?)</span>', link)
    return badge.group(1) if badge else ""


@pytest.mark.django_db(transaction=True)
def test_reading_shows_at_once_with_what_is_kept_between_requests(client, community, alice, bob):
    """Real commits: the community, the membership and the page of topics are kept between
    requests, the header memoised; reading (which writes no shared table) still shows at
    once, in the list's badges and in the bell."""
    Generation.objects.get_or_create(pk=1)
    generation.forget_all()
    talk = start(community, alice, "Le mien")
    replies = [actions.reply(topic=talk, author=bob, body=f"R{i}") for i in range(2)]
    client.force_login(alice)
    url = "/c/reseau/discussions/"
    for _ in range(2):
        html = client.get(url).content.decode()
        assert bell_badge(html) == "2"
        assert unread_badges(client, url) == {"Le mien": "2 unread"}

    assert client.get(f"/c/reseau/t/{talk.pk}/").status_code == 200
    assert unread_badges(client, url) == {}
    assert bell_badge(client.get(url).content.decode()) == "2"
    notification = Notification.objects.get(recipient=alice, post=replies[0])
    assert client.get(f"/notifications/{notification.pk}/").status_code == 302
    assert bell_badge(client.get(url).content.decode()) == "1"


def read_state_writes(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "topicreadstate" in q["sql"].lower()
        and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_a_view_writes_the_read_state_at_most_once_and_never_backwards(
    client, community, alice, bob
):
    talk = start(community, bob, "Long")
    posts = [actions.reply(topic=talk, author=bob, body=f"R{i}") for i in range(59)]
    client.force_login(alice)
    url = f"/c/reseau/t/{talk.pk}/"
    assert len(read_state_writes(client, url)) == 1
    state = TopicReadState.objects.get(user=alice, topic=talk)
    assert state.last_read_at == posts[48].created_at  # the last post of page 1
    assert read_state_writes(client, url) == []  # nothing new: no write
    assert len(read_state_writes(client, url + "?page=2")) == 1
    assert read_state_writes(client, url) == []  # page 1 again: not backwards
    state.refresh_from_db()
    assert state.last_read_at == posts[-1].created_at


def test_visitors_and_outsiders_leave_no_read_state(client, make_community, bob, charlie):
    public = make_community(animator=bob, visibility="public", slug="ouverte")
    talk = start(public, bob, "Public")
    assert client.get(f"/c/ouverte/t/{talk.pk}/").status_code == 200
    client.force_login(charlie)
    assert client.get(f"/c/ouverte/t/{talk.pk}/").status_code == 200
    assert not TopicReadState.objects.exists()
    assert "Follow this topic" not in client.get(f"/c/ouverte/t/{talk.pk}/").content.decode()


def news_titles(client, url: str = "/news/") -> set[str]:
    """The titles of the topics "what's new" lists."""
    html = client.get(url).content.decode()
    listed = re.search(r'<ul class="topics">(.*?)</ul>', html, re.S)
    return set(re.findall(r"<strong>(.*?)</strong>", listed.group(1))) if listed else set()


def test_whats_new_lists_unread_topics_across_my_communities(
    client, community, make_community, alice, bob, make_member
):
    other = make_community(animator=bob, slug="autre", name="Autre cercle")
    make_member(target=other)  # a member of other, to write there
    join(community=other, user=alice, accepts_charter=True)
    here = start(community, bob, "Ici")
    there = start(other, bob, "Là-bas")
    start(community, alice, "Le mien")
    read = start(community, bob, "Déjà lu")
    client.force_login(alice)
    client.get(f"/c/reseau/t/{read.pk}/")

    # Not her own topic, not the one she has read.
    assert news_titles(client) == {"Ici", "Là-bas"}
    html = client.get("/news/").content.decode()
    assert f'href="/c/reseau/t/{here.pk}/unread/"' in html
    assert "All my communities (2)" in html
    assert "Réseau des dirigeants (1)" in html
    assert "Autre cercle (1)" in html
    assert news_titles(client, "/news/?c=reseau") == {"Ici"}

    # "Mark all as read" in one community, then everywhere.
    response = client.post("/news/read/", {"c": "reseau"})
    assert response["Location"] == "/news/?c=reseau"
    assert news_titles(client) == {"Là-bas"}
    assert unread_badges(client, "/c/reseau/discussions/") == {}
    client.post("/news/read/")
    assert news_titles(client) == set()
    assert "Nothing new: you have read everything." in client.get("/news/").content.decode()
    # What comes after is new again.
    actions.reply(topic=there, author=bob, body="Encore")
    assert news_titles(client) == {"Là-bas"}


def test_whats_new_forgets_communities_one_left(client, community, alice, bob):
    start(community, bob, "Ici")
    client.force_login(alice)
    assert news_titles(client) == {"Ici"}
    leave(membership=Membership.objects.get(community=community, user=alice))
    assert news_titles(client) == set()
    assert "You are not a member of any community yet." in client.get("/news/").content.decode()
