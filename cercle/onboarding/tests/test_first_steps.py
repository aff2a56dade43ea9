"""A newcomer's first steps: the checklist ticks itself as they act."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.communities.actions.charter import publish_charter
from cercle.discussions.actions import reply, start_topic
from cercle.events import actions as events
from cercle.members.actions import update_profile
from cercle.onboarding.checklist import checklist_for
from cercle.onboarding.models import FirstSteps

pytestmark = pytest.mark.django_db


def steps(community, user) -> dict[str, bool]:
    membership = community.memberships.select_related("community").get(user=user)
    return {step.key: step.done for step in checklist_for(membership).steps}


def test_each_step_ticks_itself_as_the_member_acts(community, alice, bob, introductions):
    _ritual, thread = introductions
    assert steps(community, alice) == {
        "profile": False,
        "charter": True,  # accepted on joining
        "introduce": False,
        "answer": False,
        "event": False,
    }
    update_profile(
        profile=alice.profile,
        fields={
            "organisation": "Menuiserie Martin",
            "job_title": "Gérante",
            "region": "Bretagne",
            "bio": "Vingt ans de métier.",
        },
        skills=["Bois"],
        interests=[],
    )
    assert steps(community, alice)["profile"]
    reply(topic=thread, author=alice, body="Bonjour, je suis Alice, menuisière à Vannes.")
    assert steps(community, alice)["introduce"]
    question = start_topic(
        community=community, author=bob, kind="question", title="Un logiciel de devis ?", body="?"
    )
    assert not steps(community, alice)["answer"]
    reply(topic=question, author=alice, body="J'utilise un tableur, très bien.")
    assert steps(community, alice)["answer"]
    start = (timezone.now() + timedelta(days=5)).replace(tzinfo=None, microsecond=0)
    event = events.create_event(
        community=community,
        by=bob,
        title="Rencontre",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        address="Vannes",
    )
    events.respond(event=event, user=alice, response="going")
    assert all(steps(community, alice).values())


def test_a_new_charter_version_unticks_the_charter(community, alice, bob):
    assert steps(community, alice)["charter"]
    publish_charter(community=community, body="Nouvelle charte.", summary="", by=bob)
    community.refresh_from_db()
    assert not steps(community, alice)["charter"]


def test_a_topic_of_ones_own_counts_as_introducing_oneself(community, alice):
    start_topic(community=community, author=alice, kind="discussion", title="Bonjour", body="Moi")
    assert steps(community, alice)["introduce"]


def test_the_page_shows_progress_links_and_the_welcome(client, community, alice, introductions):
    _ritual, thread = introductions
    community.welcome_message = "Bienvenue **chez nous**."
    community.save()
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/first-steps/").content.decode()
    assert '<progress value="1" max="5"' in page
    assert "1 of 5 done" in page
    assert thread.get_absolute_url() in page
    assert "/me/profile/" in page
    assert "?kind=question" in page
    assert f"/c/{community.slug}/events/" in page
    assert "/help/reply/" in page
    assert "<strong>chez nous</strong>" in page


def test_the_list_is_put_away_only_once_done(client, community, alice, make_member, monkeypatch):
    client.force_login(alice)
    url = f"/c/{community.slug}/first-steps/"
    client.post(url)
    assert not FirstSteps.objects.filter(dismissed_at__isnull=False).exists()
    from cercle.onboarding import checklist

    monkeypatch.setattr(checklist.Checklist, "complete", property(lambda self: True))
    client.post(url)
    assert FirstSteps.objects.get().dismissed_at is not None
    # The box on the community's page is empty from then on.
    assert client.get(f"/c/{community.slug}/first-steps/box/").content == b""


def test_the_community_page_loads_the_box_for_newcomers_only(client, community, alice, bob):
    client.force_login(alice)
    box_url = f"/c/{community.slug}/first-steps/box/"
    assert box_url in client.get(f"/c/{community.slug}/").content.decode()
    assert "Your first steps" in client.get(box_url).content.decode()
    membership = community.memberships.get(user=alice)
    membership.joined_at = timezone.now() - timedelta(days=400)
    membership.save()
    assert box_url not in client.get(f"/c/{community.slug}/").content.decode()


def test_outsiders_have_no_first_steps(client, community, charlie):
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/first-steps/").status_code == 403
    assert client.get(f"/c/{community.slug}/first-steps/box/").status_code == 403


def test_the_checklist_costs_the_same_queries_whatever_was_done(
    client, page_queries, community, alice, bob, introductions
):
    client.force_login(alice)
    url = f"/c/{community.slug}/first-steps/"
    before = page_queries(url)
    _ritual, thread = introductions
    for n in range(5):
        reply(topic=thread, author=alice, body=f"Message {n}")
    assert page_queries(url) == before
