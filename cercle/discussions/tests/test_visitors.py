"""Visitors' pages are kept and served again, but never once something they show changed, and
never to anyone logged in. Members' pages share what is the same for all, never what is
theirs."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cercle.accounts.models import User
from cercle.communities.models import Community
from cercle.discussions import actions, generation
from cercle.discussions.models import Generation, Post, Topic
from cercle.members.models import Profile

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def public(transactional_db, community, alice, bob):
    """Committed writes (the generation counts on commit), in a public community."""
    Generation.objects.get_or_create(pk=1)
    generation.forget_all()
    Community.objects.filter(pk=community.pk).update(visibility="public")
    topic = actions.start_topic(
        community=community, author=alice, kind="question", title="Un sujet", body="Premier"
    )
    actions.reply(topic=topic, author=bob, body="Une réponse de Bob")
    # Written two days ago: "2 days ago" holds for an hour, "3 seconds ago" for a second.
    days_ago = timezone.now() - timedelta(days=2)
    Community.objects.filter(pk=community.pk).update(created_at=days_ago)
    Topic.objects.filter(pk=topic.pk).update(created_at=days_ago, last_post_at=days_ago)
    Post.objects.filter(topic=topic).update(created_at=days_ago)
    return topic


def get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def without_tokens(html: str) -> str:
    return TOKEN.sub("", html).replace(re.search(r'"X-CSRFToken": "[^"]*"', html)[0], "")


def test_a_visitors_page_is_served_again_with_their_own_token(client, public, community):
    url = f"/c/{community.slug}/t/{public.pk}/"
    first, _ = get(client, url)
    again, queries = get(client, url)
    assert queries == 1, connection.queries[-queries:]  # the generation, nothing else
    assert without_tokens(again) == without_tokens(first)
    other_visitor = client.__class__()
    elsewhere, _ = get(other_visitor, url)
    assert TOKEN.search(elsewhere)[1] != TOKEN.search(again)[1]
    assert "csrftoken" in other_visitor.cookies  # the token of the page is valid for them


@pytest.mark.parametrize("where", ["list", "topic"])
def test_what_changed_is_shown_at_once(client, public, community, alice, bob, where):
    url = f"/c/{community.slug}/" + ("discussions/" if where == "list" else f"t/{public.pk}/")
    get(client, url)
    reply = actions.reply(topic=public, author=alice, body="Nouvelle réponse")
    page, _ = get(client, url)
    assert "2 replies" in page if where == "list" else "Nouvelle réponse" in page
    User.objects.filter(pk=alice.pk).update(name="Alicia")  # a bulk update, without signals
    assert "Alicia" in get(client, url)[0]
    if where == "topic":
        actions.edit_post(post=reply, by=alice, body="Réponse corrigée")
        assert "Réponse corrigée" in get(client, url)[0]
        actions.react(post=reply, user=bob, kind="useful")
        assert "Useful · 1" in get(client, url)[0]
        Profile.objects.filter(user=alice).update(organisation="Mairie de Lyon")
        assert "Mairie de Lyon" in get(client, url)[0]
        actions.delete_post(post=reply, by=alice)
        page = get(client, url)[0]
        assert "Réponse corrigée" not in page
        assert "Message deleted." in page


def test_logged_in_readers_never_get_a_kept_page(client, public, community, alice, bob):
    url = f"/c/{community.slug}/t/{public.pk}/"
    get(client, url)  # kept for visitors
    client.force_login(alice)
    page, _ = get(client, url)
    assert 'action="/accounts/logout/"' in page
    assert "Reply to this" in page


def test_members_share_the_topic_but_each_sees_their_own(client, public, community, alice, bob):
    url = f"/c/{community.slug}/t/{public.pk}/"
    (reply,) = [post for post in public.posts.all() if post.parent_id]
    actions.react(post=reply, user=alice, kind="thanks")
    client.force_login(alice)
    alice_page, _ = get(client, url)
    client.force_login(bob)
    bob_page, _ = get(client, url)
    # alice's reaction is pressed for her, not for bob (his own post: no button at all).
    assert 'class="reaction mine"' in alice_page
    assert 'class="reaction mine"' not in bob_page
    # bob may edit his reply, alice may not.
    edit = f"/c/{community.slug}/p/{reply.pk}/edit/"
    assert edit in bob_page
    assert edit not in alice_page
