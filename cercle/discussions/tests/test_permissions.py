import pytest
from django.http import Http404

from cercle.communities.models import Membership, MembershipState
from cercle.communities.permissions import get_community_access
from cercle.discussions import actions
from cercle.discussions.models import Topic
from cercle.discussions.permissions import check_can_read, topic_rights


def test_outsiders_cannot_read_a_members_only_community(client, community, topic, charlie):
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/discussions/").status_code == 403
    assert client.get(f"/c/{community.slug}/t/{topic.pk}/").status_code == 403
    assert client.get(f"/c/{community.slug}/p/{topic.opening_post_id}/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_on_members_only_communities(
    client, community, topic
):
    response = client.get(f"/c/{community.slug}/t/{topic.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_communities_are_readable_by_anyone(client, make_community, bob):
    public = make_community(animator=bob, visibility="public")
    topic = actions.start_topic(
        community=public, author=bob, kind="discussion", title="Ouvert à tous", body="Lisez"
    )
    listing = client.get(f"/c/{public.slug}/discussions/")
    assert "Ouvert à tous" in listing.content.decode()
    page = client.get(f"/c/{public.slug}/t/{topic.pk}/").content.decode()
    assert "Lisez" in page
    assert "Log in to take part" in page
    assert 'name="body"' not in page
    response = client.post(f"/c/{public.slug}/t/{topic.pk}/", {"body": "Anonyme"})
    assert response["Location"].startswith("/accounts/login/")
    assert Topic.objects.get().post_count == 1


def test_hidden_communities_do_not_exist_for_outsiders(client, make_community, bob, charlie):
    hidden = make_community(animator=bob, visibility="hidden")
    topic = actions.start_topic(
        community=hidden, author=bob, kind="discussion", title="Secret", body="Chut"
    )
    client.force_login(charlie)
    for url in [
        f"/c/{hidden.slug}/discussions/",
        f"/c/{hidden.slug}/t/{topic.pk}/",
        f"/c/{hidden.slug}/p/{topic.opening_post_id}/history/",
        f"/c/{hidden.slug}/discussions/new/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_topic_is_only_found_in_its_own_community(client, make_community, community, alice, bob):
    other = make_community(animator=alice)
    topic = actions.start_topic(
        community=other, author=alice, kind="discussion", title="Ailleurs", body="x"
    )
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/t/{topic.pk}/").status_code == 404
    assert client.get(f"/c/{community.slug}/p/{topic.opening_post_id}/").status_code == 404
    access = get_community_access(alice, community.slug)
    with pytest.raises(Http404):
        check_can_read(access, topic)


def test_a_pending_applicant_sees_why_they_cannot_post(client, make_community, bob, make_user):
    public = make_community(animator=bob, visibility="public", entry_mode="request")
    topic = actions.start_topic(
        community=public, author=bob, kind="discussion", title="Bienvenue", body="!"
    )
    applicant = make_user()
    Membership.objects.create(community=public, user=applicant, state=MembershipState.PENDING)
    client.force_login(applicant)
    page = client.get(f"/c/{public.slug}/t/{topic.pk}/").content.decode()
    assert "Your request to join is waiting for an animator" in page
    assert 'name="body"' not in page
    new = client.get(f"/c/{public.slug}/discussions/new/").content.decode()
    assert "Your request to join is waiting for an animator" in new


def test_rights_on_a_topic(community, topic, alice, bob, make_member):
    alice_m = Membership.objects.get(community=community, user=alice)
    bob_m = Membership.objects.get(community=community, user=bob)
    rights = topic_rights(alice_m, topic)
    assert (rights.reply, rights.moderate, rights.animate, rights.accept) == (
        True,
        False,
        False,
        False,
    )
    assert rights.can_edit(topic.opening_post)
    bob_rights = topic_rights(bob_m, topic)
    assert (bob_rights.moderate, bob_rights.animate) == (True, True)
    assert bob_rights.can_delete(topic.opening_post)
    assert not topic_rights(None, topic).reply


def test_closing_is_for_moderators(client, community, topic, alice, bob):
    client.force_login(alice)
    assert client.post(f"/c/{community.slug}/t/{topic.pk}/close/").status_code == 403
    client.force_login(bob)
    client.post(f"/c/{community.slug}/t/{topic.pk}/close/")
    assert Topic.objects.get().closed_at is not None
    page = client.get(f"/c/{community.slug}/t/{topic.pk}/").content.decode()
    assert "this topic takes no more replies" in page
    client.post(f"/c/{community.slug}/t/{topic.pk}/close/", {"reopen": "1"})
    assert Topic.objects.get().closed_at is None


def test_categories_are_managed_by_animators(client, community, alice, bob):
    client.force_login(alice)
    assert client.get(f"/c/{community.slug}/discussions/categories/").status_code == 403
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/discussions/categories/", {"name": "Outils & méthodes"}
    )
    assert response.status_code == 302
    category = community.categories.get()
    assert category.slug == "outils-méthodes"
    response = client.post(
        f"/c/{community.slug}/discussions/categories/", {"name": "Outils & méthodes"}
    )
    assert "already has a category with this name" in response.content.decode()


def test_creating_a_category_is_recorded_for_the_cockpit(community, bob):
    from datetime import timedelta

    from django.utils import timezone

    from cercle.activity.models import ActivityEvent, ObjectKind, Verb
    from cercle.discussions import actions

    when = timezone.now() - timedelta(days=3)
    category = actions.create_category(community=community, by=bob, name="Entraide", at=when)
    event = ActivityEvent.objects.get(verb=Verb.CREATED_CATEGORY)
    assert (event.actor, event.object_kind, event.object_id, event.created_at) == (
        bob,
        ObjectKind.CATEGORY,
        category.pk,
        when,
    )
