"""A community imported with --archive is read, searched and measured; nobody writes in it."""

import pytest

from cercle.connectors.importing import run_import
from cercle.discussions import actions, search
from cercle.discussions.models import Post, Reaction, Topic
from cercle.lib.errors import Refused

from .archives import message, write_mbox

pytestmark = pytest.mark.django_db

READ_ONLY = "read-only archive"


@pytest.fixture
def archive(tmp_path, community, alice):
    path = write_mbox(
        tmp_path / "list.mbox",
        message("a@x", body="Who uses the shared calendar?"),
        message(
            "b@x",
            days=1,
            subject="Re: Our tools",
            sender="Sam <sam@example.org>",
            in_reply_to="a@x",
            body="We do, for the regional meetings.",
        ),
    )
    run_import("mbox", [path], community=community, archive=True)
    community.refresh_from_db()
    return community


def test_members_read_and_search_but_cannot_reply(client, archive, alice):
    topic = Topic.objects.get(community=archive)
    client.force_login(alice)
    page = client.get(f"/c/{archive.slug}/t/{topic.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "regional meetings" in text
    assert READ_ONLY in text  # the banner, and why there is no reply form

    response = client.post(f"/c/{archive.slug}/t/{topic.pk}/", {"body": "Me too!"})
    assert READ_ONLY in response.content.decode()
    assert Post.objects.filter(community=archive).count() == 2

    reply = Post.objects.get(community=archive, parent__isnull=False)
    client.post(f"/c/{archive.slug}/p/{reply.pk}/react/", {"kind": "useful"})
    assert not Reaction.objects.exists()

    found = client.get(f"/c/{archive.slug}/search/", {"q": "calendar"})
    assert found.status_code == 200
    assert "shared <mark>calendar</mark>" in found.content.decode()

    listing = client.get(f"/c/{archive.slug}/discussions/")
    assert "/discussions/new/" not in listing.content.decode()  # no "New topic" button


def test_the_actions_refuse_even_the_animator(archive, bob):
    topic = Topic.objects.get(community=archive)
    with pytest.raises(Refused, match=READ_ONLY):
        actions.reply(topic=topic, author=bob, body="A late answer")
    with pytest.raises(Refused, match=READ_ONLY):
        actions.start_topic(community=archive, author=bob, kind="discussion", title="T", body="B")
    with pytest.raises(Refused, match=READ_ONLY):
        actions.edit_post(post=topic.opening_post, by=bob, body="Rewritten")
    with pytest.raises(Refused, match=READ_ONLY):
        actions.react(post=topic.opening_post, user=bob, kind="useful")


def test_without_archive_the_history_starts_a_live_community(tmp_path, community, alice):
    path = write_mbox(tmp_path / "list.mbox", message("a@x", body="Who uses the calendar?"))
    run_import("mbox", [path], community=community)
    topic = Topic.objects.get(community=community)
    reply = actions.reply(topic=topic, author=alice, body="We do, every Tuesday.")
    topic.refresh_from_db()
    assert reply.parent == topic.opening_post
    assert topic.post_count == 2
    # The import wrote its own search rows; what members write next is indexed as usual.
    assert [hit.post_id for hit in search.search([community.pk], "calendar", limit=5)] == [
        topic.opening_post_id
    ]
    assert [hit.post_id for hit in search.search([community.pk], "tuesday", limit=5)] == [reply.pk]
