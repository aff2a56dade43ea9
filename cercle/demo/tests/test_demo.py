"""`cercle demo`: what the README promises (believable communities, a year of history, logins
that work) and what the start script relies on (--if-empty, never a half-loaded demo)."""

import io
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max, Min

from cercle.accounts.models import User
from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.models import (
    Community,
    GroupMembership,
    GroupRole,
    Invitation,
    Membership,
    MembershipState,
    Role,
)
from cercle.demo.generator import DEMO_SLUGS, default_anchor
from cercle.discussions.models import IdeaStatus, Poll, Post, Reaction, Side, Topic, TopicKind
from cercle.members.models import Profile

pytestmark = pytest.mark.django_db

PAST_DAY = "2026-03-31"  # a fixed end of history: the same data whatever the day of the run
PAST_ANCHOR = default_anchor(date.fromisoformat(PAST_DAY))


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> list:
    """What a visitor sees of the demo: people, memberships, groups, profiles, invitations,
    dates. Database ids are left out: they differ from run to run and nobody sees them."""
    return [
        sorted(
            Membership.objects.values_list(
                "community__slug",
                "user__email",
                "user__name",
                "state",
                "role",
                "invited_by__email",
                "joined_at",
                "charter_version",
            )
        ),
        sorted(GroupMembership.objects.values_list("group__name", "user__email", "role")),
        sorted(
            Profile.objects.values_list(
                "user__email", "organisation", "job_title", "city", "bio", "updated_at"
            )
        ),
        sorted(
            Invitation.objects.values_list(
                "community__slug", "email", "created_by__email", "created_at", "use_count"
            )
        ),
        sorted(
            Topic.objects.values_list(
                "community__slug",
                "kind",
                "title",
                "author__email",
                "created_at",
                "post_count",
                "accepted_answer__author__email",
                "idea_status",
                "idea_vote_count",
            )
        ),
        sorted(
            Post.objects.values_list(
                "topic__title", "author__email", "created_at", "parent__author__email", "side"
            )
        ),
        Reaction.objects.count(),
        ActivityEvent.objects.count(),
    ]


def built_and_rolled_back(*args: str) -> list:
    with transaction.atomic():
        load(*args)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_the_full_demo_looks_like_three_living_communities():
    """At full scale, with a fixed end of history so that the data is the same every day."""
    output = load(f"--as-of={PAST_DAY}")

    communities = {c.slug: c for c in Community.objects.all()}
    assert sorted(communities) == sorted(DEMO_SLUGS)
    people = User.objects.filter(email__endswith="@demo.cercle.example")
    assert 140 <= people.count() <= 170
    active = Membership.objects.filter(state=MembershipState.ACTIVE)
    for slug in DEMO_SLUGS:
        members = active.filter(community__slug=slug)
        assert 35 <= members.count() <= 70, slug
        assert members.filter(role=Role.ANIMATOR).count() == 1
        assert members.filter(role=Role.CO_ANIMATOR).count() == 1
        assert members.filter(role=Role.MODERATOR).exists()
        groups = communities[slug].groups.all()
        assert {g.kind for g in groups} == {"local", "thematic"}
        for group in groups:
            assert group.memberships.filter(role=GroupRole.ANIMATOR).count() == 1, group
            assert group.memberships.count() >= 3, group
    # Some people belong to two communities.
    assert active.values("user").distinct().count() < active.count()
    # Join requests waiting, one declined, someone who left.
    assert Membership.objects.filter(state=MembershipState.PENDING).count() == 3
    assert Membership.objects.filter(state=MembershipState.DECLINED).count() == 1
    assert Membership.objects.filter(state=MembershipState.LEFT).exists()
    # Invitations in every state, as of the end of the history.
    by_email = Invitation.objects.exclude(email="")
    unanswered = by_email.filter(use_count=0, revoked_at=None)
    assert by_email.filter(use_count=1).count() > 50
    assert unanswered.filter(expires_at__gt=PAST_ANCHOR).count() >= 3
    assert unanswered.filter(expires_at__lte=PAST_ANCHOR).count() >= 3
    assert by_email.exclude(revoked_at=None).count() == 1
    assert Invitation.objects.filter(email="", use_count__gt=1).exists()
    # Profiles filled in by most, not all.
    profiles = Profile.objects.filter(user__in=people)
    assert profiles.exclude(bio="").count() > 100
    assert profiles.filter(organisation="").exists()

    # Twelve months of history, none of it after the end.
    span = ActivityEvent.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert PAST_ANCHOR - timedelta(days=366) <= span["first"] < PAST_ANCHOR - timedelta(days=330)
    assert PAST_ANCHOR - timedelta(days=3) < span["last"] <= PAST_ANCHOR

    for community in communities.values():
        # Growth: more people arrived in the second half of the year than in the first.
        members = Membership.objects.filter(community=community).exclude(joined_at=None)
        middle = community.created_at + (PAST_ANCHOR - community.created_at) / 2
        first_half = members.filter(joined_at__lt=middle).count()
        assert members.filter(joined_at__gte=middle).count() > first_half, community
        # Word of mouth: someone invited by someone who was invited by someone invited.
        inviters = dict(members.values_list("user_id", "invited_by_id"))

        def depth(user_id, inviters=inviters) -> int:
            return 1 + depth(inviters[user_id]) if inviters.get(user_id) else 0

        assert max(depth(user_id) for user_id in inviters) >= 3, community

    # A new charter that part of one community has not accepted yet.
    mairies = communities["secretaires-de-mairie"]
    assert mairies.charter_version == 2
    waiting = active.filter(community=mairies, charter_version=1).count()
    assert 0 < waiting < active.filter(community=mairies).count() - 10

    assert "3 communities" in output
    assert "Discussions:" in output


def test_the_full_demo_has_a_year_of_discussions_by_members_of_the_moment():
    load(f"--as-of={PAST_DAY}")
    topics = Topic.objects.all()
    for slug in DEMO_SLUGS:
        community = Community.objects.get(slug=slug)
        assert 3 <= community.categories.count() <= 4, slug
        own = topics.filter(community=community)
        assert 35 <= own.count() <= 60, slug
        assert set(own.values_list("kind", flat=True)) == set(TopicKind.values), slug
        assert not own.filter(category=None).exists()
        assert Poll.objects.filter(topic__community=community).count() == 1
        questions = own.filter(kind=TopicKind.QUESTION)
        assert questions.exclude(accepted_answer=None).count() > questions.count() / 2, slug
        # A few questions nobody answered, among them recent newcomers' first posts.
        unanswered = questions.filter(post_count=1)
        assert unanswered.filter(created_at__gt=PAST_ANCHOR - timedelta(days=40)).exists()
        ideas = own.filter(kind=TopicKind.IDEA)
        assert ideas.filter(idea_vote_count__gt=0).exists()
        assert ideas.exclude(idea_status=IdeaStatus.NONE).exists()
        debate = own.filter(kind=TopicKind.DEBATE).first()
        assert debate.framing
        sides = set(debate.posts.exclude(parent=None).values_list("side", flat=True))
        assert {Side.FOR, Side.AGAINST} <= sides
        assert set(own.filter(kind=TopicKind.ANNOUNCEMENT).values_list("author", flat=True)) <= set(
            Membership.objects.filter(
                community=community, role__in=[Role.ANIMATOR, Role.CO_ANIMATOR]
            ).values_list("user", flat=True)
        )
    posts = Post.objects.select_related("parent", "topic")
    # Every reply has a parent in its own topic; some answer another reply, some quote.
    for post in posts.exclude(parent=None):
        assert post.parent.topic_id == post.topic_id
        assert post.parent.created_at < post.created_at
    assert posts.filter(parent__parent__isnull=False).count() > 20
    assert posts.filter(body__startswith="> ").exists()
    assert posts.filter(parent=None).count() == topics.count()
    assert Reaction.objects.values("kind").distinct().count() == 3
    # Authors were active members when they wrote, in office-ish hours, before the end.
    memberships = {
        (m.community_id, m.user_id): m for m in Membership.objects.exclude(joined_at=None)
    }
    for post in posts:
        membership = memberships[(post.community_id, post.author_id)]
        assert membership.joined_at < post.created_at <= PAST_ANCHOR, post
        assert membership.left_at is None or post.created_at < membership.left_at, post
    # Participation is unequal: a few write much, many never.
    authors = Counter(posts.values_list("author_id", flat=True))
    active = Membership.objects.filter(state=MembershipState.ACTIVE)
    assert len(authors) < active.values("user").distinct().count() * 0.8
    assert max(authors.values()) >= 5 * sorted(authors.values())[len(authors) // 2]


def test_same_seed_same_demo_and_another_seed_another_one():
    first = built_and_rolled_back(f"--as-of={PAST_DAY}", "--scale=0.2")
    assert Community.objects.count() == 0
    assert built_and_rolled_back(f"--as-of={PAST_DAY}", "--scale=0.2") == first
    other = built_and_rolled_back(f"--as-of={PAST_DAY}", "--scale=0.2", "--seed=7")
    assert other[0] != first[0]


def test_the_printed_animator_login_opens_the_community_settings(client):
    output = load("--scale=0.2")
    email = re.search(r"animator\s+(\S+@\S+)", output).group(1)
    password = re.search(r"password\s+(\S+)", output).group(1)
    assert "http://127.0.0.1:8000/" in output

    assert client.login(email=email, password=password)
    assert client.get("/c/dirigeants-pme/manage/").status_code == 200
    requests = client.get("/c/dirigeants-pme/manage/requests/")
    assert requests.status_code == 200
    assert requests.context["access"].membership.role == Role.ANIMATOR


def test_the_printed_member_is_asked_to_accept_the_new_charter(client):
    output = load("--scale=0.2")
    email = re.search(r"member\s+(\S+@\S+)", output).group(1)
    password = re.search(r"password\s+(\S+)", output).group(1)

    assert client.login(email=email, password=password)
    assert client.get("/c/dirigeants-pme/members/").status_code == 200
    response = client.get("/c/secretaires-de-mairie/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/c/secretaires-de-mairie/charter/")


def test_if_empty_leaves_a_site_with_communities_alone(make_community):
    make_community(slug="deja-la")
    output = load("--if-empty")
    assert "not loaded" in output
    assert list(Community.objects.values_list("slug", flat=True)) == ["deja-la"]
    assert not User.objects.filter(email__endswith="@demo.cercle.example").exists()


def test_loading_twice_is_refused_and_changes_nothing():
    load("--scale=0.2")
    events = ActivityEvent.objects.count()
    with pytest.raises(CommandError, match="already loaded"):
        load()
    assert ActivityEvent.objects.count() == events
    assert "not loaded" in load("--if-empty")


def test_history_cannot_end_in_the_future():
    with pytest.raises(CommandError, match="future"):
        load("--as-of=2999-01-01")
    assert not Community.objects.exists()


def test_visits_and_profile_updates_are_dated_in_the_past():
    """update_profile and the visits do not take `at`: the demo dates them itself."""
    load(f"--as-of={PAST_DAY}", "--scale=0.2")
    for verb in (Verb.UPDATED_PROFILE, Verb.VISITED):
        events = ActivityEvent.objects.filter(verb=verb)
        assert events.exists()
        assert events.aggregate(last=Max("created_at"))["last"] <= PAST_ANCHOR
    assert Profile.objects.aggregate(last=Max("updated_at"))["last"] <= PAST_ANCHOR
    assert Membership.objects.exclude(last_seen_at=None).count() > 20


@pytest.mark.parametrize("scale", ["0.3", "0.5", "2"])
def test_every_scale_replays_through_the_actions_without_a_refusal(scale):
    """The actions check dates against `at`: each accepted invitation was still valid."""
    load(f"--as-of={PAST_DAY}", f"--scale={scale}")
    accepted = Membership.objects.filter(invitation__isnull=False).select_related("invitation")
    assert accepted.exists()
    for membership in accepted:
        invitation = membership.invitation
        assert invitation.created_at <= membership.joined_at < invitation.expires_at
    assert Topic.objects.filter(kind=TopicKind.QUESTION).exists()
    assert Post.objects.exclude(parent=None).exists()
