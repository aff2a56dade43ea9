"""Handling what belongs to another community by guessing ids, and forged requests: refused,
and nothing changes."""

import pytest
from django.test import Client

from cercle.discussions.models import Post, Topic
from cercle.moderation.actions import content
from cercle.moderation.actions.reports import report
from cercle.moderation.models import ModerationAction


@pytest.fixture
def elsewhere(other_community):
    """A report and a decision in the other community."""
    other_community.decision = content.edit_post(
        post=other_community.post, by=other_community.animator, body="Modéré", reason="Ménage"
    )
    other_community.report = report(
        community=other_community,
        reporter=other_community.animator,
        reason="spam",
        post=other_community.post,
    )
    return other_community


def test_decision_pages_do_not_reach_another_community(client, community, bob, elsewhere):
    client.force_login(bob)  # animator here, nobody there
    base = f"/c/{community.slug}/moderation"
    for url in (
        f"{base}/posts/{elsewhere.post.pk}/",
        f"{base}/topics/{elsewhere.topic.pk}/",
        f"{base}/members/{elsewhere.member.pk}/",
        f"{base}/reports/{elsewhere.report.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"{base}/posts/{elsewhere.post.pk}/", {"verb": "hide", "hide-reason": "Ailleurs"}
    )
    assert response.status_code == 404
    response = client.post(
        f"{base}/topics/{elsewhere.topic.pk}/", {"verb": "close", "close-reason": "Ailleurs"}
    )
    assert response.status_code == 404
    response = client.post(
        f"{base}/members/{elsewhere.member.pk}/", {"verb": "exclude", "exclude-reason": "?"}
    )
    assert response.status_code == 404
    response = client.post(
        f"{base}/decisions/{elsewhere.decision.pk}/reverse/", {"reason": "Ailleurs"}
    )
    assert response.status_code == 404
    assert Post.objects.get(pk=elsewhere.post.pk).deleted_at is None
    assert Topic.objects.get(pk=elsewhere.topic.pk).closed_at is None
    assert ModerationAction.objects.get().reversed_at is None


def test_a_decision_here_cannot_close_a_report_there(client, community, bob, rude_post, elsewhere):
    """The report a decision answers is looked up in the community of the URL."""
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/moderation/posts/{rude_post.pk}/",
        {"verb": "hide", "hide-reason": "Insulte", "hide-report": elsewhere.report.pk},
    )
    assert response.status_code == 404
    elsewhere.report.refresh_from_db()
    assert elsewhere.report.is_open
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is None


def test_another_communitys_animator_cannot_act_here(client, community, rude_post, elsewhere):
    client.force_login(elsewhere.animator)
    response = client.post(
        f"/c/{community.slug}/moderation/posts/{rude_post.pk}/",
        {"verb": "hide", "hide-reason": "Je passe par là"},
    )
    assert response.status_code == 403
    rude_post.refresh_from_db()
    assert rude_post.deleted_at is None


def test_decisions_need_the_csrf_token(community, bob, rude_post, dave):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)
    base = f"/c/{community.slug}/moderation"
    assert (
        strict.post(
            f"{base}/posts/{rude_post.pk}/", {"verb": "hide", "hide-reason": "Insulte"}
        ).status_code
        == 403
    )
    assert (
        strict.post(
            f"{base}/members/{dave.pk}/", {"verb": "exclude", "exclude-reason": "Dehors"}
        ).status_code
        == 403
    )
    assert not ModerationAction.objects.exists()
