"""`cercle cockpit SLUG --json`: the report of a hosted community, and bad input."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.cockpit.actions import today
from cercle.cockpit.hosted import HOSTED_KEYS
from cercle.cockpit.indicators import INDICATOR_KEYS, compute_indicators
from cercle.communities.actions.groups import create_group
from cercle.discussions import actions
from cercle.discussions.models import Post

from .conftest import at

pytestmark = pytest.mark.django_db


def cockpit(*args: str) -> dict:
    out = io.StringIO()
    call_command("cockpit", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_every_section_and_key(community, history):
    report = cockpit(community.slug, "--as-of", "2024-06-30")
    assert report["community"] == community.slug
    assert report["group"] is None
    assert report["as_of"] == "2024-06-30"
    assert report["posts_total"] == 3
    assert report["threads_total"] == 2
    assert tuple(report["indicators"]) == INDICATOR_KEYS
    assert tuple(report["hosted"]) == HOSTED_KEYS
    for section in ("lifecycle", "engagement", "trends"):
        assert report[section], section
    assert report["indicators"]["unanswered_threads_90d"] == 1
    assert report["indicators"]["first_response_median_hours_90d"] == 3
    # No event, report nor newsletter yet: counts of 0, and rates that say why they are missing.
    assert report["hosted"]["events_90d"] == 0
    assert report["hosted"]["event_attendance_rate_90d"] is None
    note = report["notes"]["hosted.event_attendance_rate_90d"]
    assert note["code"] == "no-events-90d"
    assert note["message"] == "No event was held in the last 90 days."
    assert report["hosted"]["moderators_90d"] == []
    assert report["notes"]["hosted.report_handling_median_hours_90d"]["code"] == (
        "no-reports-handled-90d"
    )
    assert report["notes"]["hosted.newsletter_bounce_share_90d"]["code"] == "no-newsletters-90d"
    assert not [key for key, n in report["notes"].items() if n["code"] == "not-yet-available"]


def test_indicators_are_the_engines_on_the_same_posts(community, history):
    rows = Post.objects.filter(community=community).values_list(
        "id", "topic_id", "author_id", "created_at", "parent_id"
    )
    for day in ("2024-06-01", "2024-06-05", "2024-09-15", "2025-01-31"):
        report = cockpit(community.slug, "--as-of", day)
        direct = compute_indicators(list(rows), date.fromisoformat(day))
        assert report["indicators"] == direct["indicators"], day
        assert report["posts_total"] == direct["posts_total"]


def test_deleted_posts_do_not_count(community, history, bob):
    actions.delete_post(post=history["answer"], by=bob)
    report = cockpit(community.slug, "--as-of", "2024-06-30")
    assert report["posts_total"] == 2
    assert report["indicators"]["unanswered_threads_90d"] == 2
    # Deleting an opening post deletes its topic: none of its posts count.
    actions.delete_post(post=history["alone"].opening_post, by=bob)
    report = cockpit(community.slug, "--as-of", "2024-06-30")
    assert report["posts_total"] == 1
    assert report["threads_total"] == 1


def test_hosted_signals(community, history):
    people = history["people"]
    for n in range(20):  # alice visits 20 days in a row, carl every other day
        day = at("2024-06-11") + timedelta(days=n)
        for user in [people["alice"]] + ([people["carl"]] if n % 2 == 0 else []):
            record(
                community=community,
                actor=user,
                verb=Verb.VISITED,
                object_kind=ObjectKind.MEMBERSHIP,
                at=day,
            )
    hosted = cockpit(community.slug, "--as-of", "2024-06-30")["hosted"]
    # alice, carl and dora joined on 1 May; bob, who created the community, joins "now".
    assert hosted["members_total"] == 3
    assert hosted["lurkers"] == 1  # dora
    assert hosted["lurker_share"] == pytest.approx(1 / 3)
    assert hosted["visitors_30d"] == 2
    assert hosted["daily_visitors_30d"] == pytest.approx(30 / 30)
    assert hosted["stickiness_30d"] == pytest.approx(0.5)
    assert hosted["reactions_90d"] == 2
    assert hosted["thanks_90d"] == 1
    assert hosted["thanked_members_90d"] == 1
    assert hosted["questions_90d"] == 1
    assert hosted["accepted_answers_90d"] == 1
    assert hosted["accepted_share_90d"] == 1.0
    assert (
        hosted["accepted_answer_median_hours_90d"] == 27
    )  # asked at 10:00, accepted 13:00 next day
    # The day before the acceptance, nothing was accepted yet.
    early = cockpit(community.slug, "--as-of", "2024-06-01")["hosted"]
    assert early["accepted_answers_90d"] == 0
    assert early["thanks_90d"] == 0


def test_lifecycle_knows_the_animators(community, history):
    report = cockpit(community.slug, "--as-of", "2024-06-30")
    # bob (the animator) wrote one post of three.
    assert report["lifecycle"]["signals"]["non_animator_share"] == pytest.approx(2 / 3)
    assert report["lifecycle"]["stage"] == "potential"


def test_engagement_counts_accepted_answers_and_members(community, history, bob):
    report = cockpit(community.slug, "--as-of", "2024-06-30")
    members = {m["author"]: m for m in report["engagement"]["members"]}
    assert members[bob.pk]["accepted"] == 1
    assert members[bob.pk]["level"] == "contributor"
    assert members[history["people"]["dora"].pk]["level"] == "observer"


def test_a_group(community, history, bob, make_user):
    group = create_group(community=community, by=bob, name="Occitanie", kind="local")
    history["alone"].group = group
    history["alone"].save(update_fields=["group"])
    report = cockpit(community.slug, "--as-of", "2024-06-30", "--group", group.slug)
    assert report["group"] == group.slug
    assert report["posts_total"] == 1
    assert report["indicators"]["unanswered_threads_90d"] == 1
    assert report["notes"]["hosted.visitors_30d"]["code"] == "community-wide"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "No community"),
        (["{slug}", "--group", "nowhere"], "has no group"),
        (["{slug}", "--as-of", "2024-02-30"], "is not a date"),
        (["{slug}", "--as-of", "yesterday"], "is not a date"),
        (["{slug}", "--as-of", "2024-6-1"], "is not a date"),
        (["{slug}", "--as-of", "2024-05-31"], "before the first message"),
        (["{slug}", "--as-of", "{tomorrow}"], "in the future"),
        ([], "Give a community"),
        (["--all"], "--all goes with --recompute"),
    ],
)
def test_bad_input(community, history, args, message):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    args = [a.format(slug=community.slug, tomorrow=tomorrow) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("cockpit", *args, "--json", stdout=io.StringIO())


def test_today_is_allowed_and_is_the_default(community, history):
    assert cockpit(community.slug)["as_of"] == today().isoformat()
    assert cockpit(community.slug, "--as-of", today().isoformat())["posts_total"] == 3


def test_a_community_without_posts_says_so(community):
    report = cockpit(community.slug)
    assert report["posts_total"] == 0
    assert report["lifecycle"]["stage"] is None
    assert report["notes"]["lifecycle.stage"]["code"] == "no-posts"


def test_text_output(community, history):
    out = io.StringIO()
    call_command("cockpit", community.slug, "--as-of", "2024-06-30", stdout=out)
    text = out.getvalue()
    assert "3 messages, 2 threads" in text
    assert "unanswered_threads_90d: 1" in text
