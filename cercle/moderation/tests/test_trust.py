"""New members' limits, and how they lift; the spam defences everyone goes through."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.communities.models import Invitation, Membership
from cercle.discussions.models import Post
from cercle.lib.errors import Refused
from cercle.moderation import trust
from cercle.moderation.actions import submit
from cercle.moderation.actions.rules import set_rules
from cercle.moderation.models import ModerationSettings

from .conftest import membership


def _age(community, user, days: int) -> None:
    Membership.objects.filter(community=community, user=user).update(
        joined_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def strict(community, bob):
    return set_rules(
        community=community,
        by=bob,
        values={
            "trust_after_posts": 3,
            "trust_after_days": 2,
            "new_posts_per_day": 3,
            "new_links_per_post": 1,
            "new_invitations_per_day": 2,
            "posts_per_hour": 20,
        },
    )


def test_a_new_member_posts_a_few_messages_a_day_until_trusted(community, dave, topic, strict):
    for n in range(3):
        submit.reply(topic=topic, author=dave, body=f"Message {n}")
    with pytest.raises(Refused, match="3 messages a day") as refused:
        submit.reply(topic=topic, author=dave, body="Un de trop")
    assert "once you have published 3 messages here and been a member for 2 days" in str(
        refused.value
    )
    # Three messages, and two days later: the limit has lifted by itself.
    _age(community, dave, days=2)
    submit.reply(topic=topic, author=dave, body="Me voilà membre de confiance")
    assert Post.objects.filter(author=dave).count() == 4


def test_both_counts_are_needed(community, dave, topic, strict):
    _age(community, dave, days=30)  # long a member, but has not written yet
    limits = trust.limits_for(membership(community, dave))
    assert limits.is_new
    assert (limits.posts_to_go, limits.days_to_go) == (3, 0)


def test_links_are_limited_for_new_members_only(community, alice, dave, topic, strict):
    body = "Voir https://a.example et www.b.example"
    with pytest.raises(Refused, match="1 link in a message"):
        submit.reply(topic=topic, author=dave, body=body)
    assert trust.count_links(body) == 2
    assert trust.count_links("https://www.example.org/x [lien](http://y.example)") == 2
    _age(community, alice, days=5)
    for n in range(2):  # and her topic's first message: three
        submit.reply(topic=topic, author=alice, body=f"Contribution {n}")
    assert isinstance(submit.reply(topic=topic, author=alice, body=body), Post)


def test_attached_files_are_limited_for_new_members(community, dave, strict, bob):
    set_rules(community=community, by=bob, values={"new_attachments_per_post": 2})
    limits = trust.limits_for(membership(community, dave))
    trust.check_attachments(limits, 2)
    with pytest.raises(Refused, match="up to 2 files"):
        trust.check_attachments(limits, 3)


def test_the_same_message_twice_is_refused_even_for_animators(client, community, bob, topic):
    submit.reply(topic=topic, author=bob, body="Réunion jeudi à 18 h.")
    with pytest.raises(Refused, match="same message"):
        submit.reply(topic=topic, author=bob, body="  Réunion jeudi  à 18 h. ")
    client.force_login(bob)
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Réunion jeudi à 18 h."})
    assert "You have just sent this same message" in response.content.decode()
    assert Post.objects.filter(body="Réunion jeudi à 18 h.").count() == 1
    # Later, it is a new message.
    Post.objects.filter(body="Réunion jeudi à 18 h.").update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    submit.reply(topic=topic, author=bob, body="Réunion jeudi à 18 h.")


def test_everyone_has_an_hourly_rate_but_moderators(community, bob, moderator, alice, topic):
    set_rules(community=community, by=bob, values={"posts_per_hour": 3, "new_posts_per_day": None})
    for n in range(2):  # and her topic's first message, within the hour: three
        submit.reply(topic=topic, author=alice, body=f"Vite {n}")
    with pytest.raises(Refused, match="in the last hour"):
        submit.reply(topic=topic, author=alice, body="Encore plus vite")
    for n in range(4):
        submit.reply(topic=topic, author=moderator, body=f"Modération {n}")


def test_new_members_send_a_few_invitations_a_day(client, community, dave, strict):
    client.force_login(dave)
    url = f"/c/{community.slug}/invite/"
    response = client.post(
        url, {"send_emails": "1", "emails": "a@example.org, b@example.org, c@example.org"}
    )
    assert "2 invitations a day" in response.content.decode()
    assert not Invitation.objects.exists()
    client.post(url, {"send_emails": "1", "emails": "a@example.org"})
    client.post(url, {"create_link": "1", "max_uses": 3, "days": 7})
    assert Invitation.objects.count() == 2
    response = client.post(url, {"send_emails": "1", "emails": "z@example.org"})
    assert "0 left today" in response.content.decode()
    assert Invitation.objects.count() == 2


def test_the_member_sees_their_limits_and_how_they_lift(client, community, dave, alice, strict):
    client.force_login(dave)
    page = client.get(f"/c/{community.slug}/members/{dave.pk}/").content.decode()
    assert "you can publish 3 messages a day" in page
    assert "1 link per message" in page
    assert "3 more messages" in page
    assert "2 more days" in page
    assert "and these limits lift by themselves" in page
    # Not on someone else's profile.
    page = client.get(f"/c/{community.slug}/members/{alice.pk}/").content.decode()
    assert "messages a day" not in page
    assert "Report this member" in page


def test_defaults_apply_without_settings(community, dave):
    assert not ModerationSettings.objects.filter(community=community).exists()
    limits = trust.limits_for(membership(community, dave))
    assert limits.is_new
    assert (limits.posts_per_day, limits.links_per_post, limits.invitations_per_day) == (10, 2, 5)


@pytest.mark.parametrize(("who", "status"), [("bob", 200), ("moderator", 403), ("alice", 403)])
def test_the_rules_page_is_for_animators(client, community, request, who, status):
    client.force_login(request.getfixturevalue(who))
    url = f"/c/{community.slug}/moderation/settings/"
    assert client.get(url).status_code == status
    response = client.post(
        url,
        {
            "premoderate_first_posts": 1,
            "trust_after_posts": 7,
            "trust_after_days": 4,
            "new_posts_per_day": 5,
            "new_links_per_post": "",
            "new_attachments_per_post": 1,
            "new_invitations_per_day": 2,
            "posts_per_hour": 20,
        },
    )
    saved = ModerationSettings.objects.filter(community=community).first()
    if status == 200:
        assert response.status_code == 302
        assert (saved.premoderate_first_posts, saved.trust_after_posts) == (1, 7)
        assert saved.new_links_per_post is None  # no limit
    else:
        assert response.status_code == 403
        assert saved is None


def test_an_edit_cannot_bring_more_links_or_files_than_a_new_member_may_post(
    client, community, dave, topic, strict, bob
):
    from cercle.lib.tests.samples import png

    set_rules(community=community, by=bob, values={"new_attachments_per_post": 1})
    post = submit.reply(topic=topic, author=dave, body="Une seule source")
    client.force_login(dave)
    url = f"/c/{community.slug}/p/{post.pk}/edit/"

    response = client.post(url, {"body": "Voir https://a.example et https://b.example"})
    assert "1 link in a message" in response.content.decode()
    files = [png(f"{n}.png") for n in range(2)]
    response = client.post(url, {"body": "Deux images", "attachments": files})
    assert "attach 1 file to a message" in response.content.decode()
    post.refresh_from_db()
    assert (post.body, post.attachments.count()) == ("Une seule source", 0)
