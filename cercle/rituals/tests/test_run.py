"""The run that opens due topics: once per date, the latest date only, never while paused."""

from datetime import date, time

import pytest
from django.core.management import call_command
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.actions.joining import leave
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.discussions.models import Topic
from cercle.lib.errors import Refused
from cercle.rituals import actions
from cercle.rituals.models import RitualRun, RunState
from cercle.rituals.tasks import run_rituals
from cercle.rituals.tests.conftest import paris, spec

pytestmark = pytest.mark.django_db


def topics(community):
    return list(Topic.objects.filter(community=community).order_by("created_at"))


def test_a_due_ritual_opens_its_topic_from_the_template_in_its_category(
    community, bob, make_ritual, category
):
    ritual = make_ritual(category=category)
    report = actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5))
    assert len(report.opened) == 1
    topic = report.opened[0]
    assert topic.title == "Présentez-vous — semaine du 2 mars 2026"
    assert topic.category == category
    assert topic.author == bob
    assert topic.opening_post.body.startswith("Bienvenue aux nouveaux")
    run = RitualRun.objects.get(ritual=ritual)
    assert (run.state, run.topic, run.due_at) == (RunState.DONE, topic, paris(2026, 3, 2, 9))
    assert ActivityEvent.objects.filter(verb=Verb.POSTED, actor=bob).count() == 1


def test_running_twice_opens_nothing_twice(community, make_ritual):
    make_ritual()
    at = paris(2026, 3, 2, 9, 5)
    assert len(actions.run_due_rituals(at=at).opened) == 1
    assert actions.run_due_rituals(at=at).opened == []
    assert actions.run_due_rituals(at=paris(2026, 3, 8, 23)).opened == []
    assert len(topics(community)) == 1
    # The next Monday opens the next one.
    assert len(actions.run_due_rituals(at=paris(2026, 3, 9, 9)).opened) == 1
    assert len(topics(community)) == 2


def test_a_date_claimed_by_another_run_is_not_opened_again(community, make_ritual):
    ritual = make_ritual()
    RitualRun.objects.create(ritual=ritual, due_at=paris(2026, 3, 2, 9), state=RunState.DONE)
    assert actions.run_due_rituals(at=paris(2026, 3, 2, 10)).opened == []
    assert topics(community) == []


def test_a_missed_run_catches_up_only_the_latest_date(community, make_ritual):
    make_ritual()
    # Nothing ran for three weeks: one topic, for the latest Monday, not three.
    report = actions.run_due_rituals(at=paris(2026, 3, 25, 14))
    assert [t.title for t in report.opened] == ["Présentez-vous — semaine du 23 mars 2026"]
    assert actions.run_due_rituals(at=paris(2026, 3, 25, 15)).opened == []
    assert len(topics(community)) == 1


def test_dates_before_the_ritual_was_set_up_are_not_opened(community, make_ritual):
    # Set up on a Wednesday: last Monday is not opened, next Monday is.
    make_ritual(at=paris(2026, 3, 4, 10))
    assert actions.run_due_rituals(at=paris(2026, 3, 4, 11)).opened == []
    assert len(actions.run_due_rituals(at=paris(2026, 3, 9, 9, 1)).opened) == 1


def test_a_paused_ritual_opens_nothing_and_resumes_from_now(community, bob, make_ritual):
    ritual = make_ritual()
    actions.pause_ritual(ritual=ritual, by=bob, at=paris(2026, 3, 1, 20))
    assert actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5)).opened == []
    actions.resume_ritual(ritual=ritual, by=bob, at=paris(2026, 3, 11, 12))
    # The Mondays of the pause are not caught up.
    assert actions.run_due_rituals(at=paris(2026, 3, 11, 12, 5)).opened == []
    assert len(actions.run_due_rituals(at=paris(2026, 3, 16, 9)).opened) == 1
    verbs = set(ActivityEvent.objects.filter(actor=bob).values_list("verb", flat=True))
    assert {Verb.CREATED_RITUAL, Verb.PAUSED_RITUAL, Verb.RESUMED_RITUAL} <= verbs


def test_a_new_schedule_applies_from_now_and_does_not_reopen_today(community, bob, make_ritual):
    ritual = make_ritual()
    assert len(actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5)).opened) == 1
    # The same Monday, the animator moves it to 10:00: today's is done, no second topic.
    actions.update_ritual(
        ritual=ritual, by=bob, spec=spec(time_of_day=time(10, 0)), at=paris(2026, 3, 2, 9, 30)
    )
    assert actions.run_due_rituals(at=paris(2026, 3, 2, 11)).opened == []
    # A title changed alone keeps the schedule as it was.
    ritual.refresh_from_db()
    since = ritual.active_since
    actions.update_ritual(
        ritual=ritual,
        by=bob,
        spec=spec(time_of_day=time(10, 0), title_template="Qui êtes-vous ? ({date})"),
        at=paris(2026, 3, 5, 9),
    )
    ritual.refresh_from_db()
    assert ritual.active_since == since
    opened = actions.run_due_rituals(at=paris(2026, 3, 9, 10)).opened
    assert [t.title for t in opened] == ["Qui êtes-vous ? (9 mars 2026)"]


def test_a_one_off_announcement_is_published_once(community, bob, make_ritual):
    make_ritual(
        name="Annonce de l'assemblée",
        frequency="once",
        starts_on=date(2026, 3, 20),
        time_of_day=time(8, 0),
        topic_kind="announcement",
        title_template="Assemblée générale : l'ordre du jour",
        body_template="Rendez-vous le 3 avril.",
    )
    assert actions.run_due_rituals(at=paris(2026, 3, 19, 23)).opened == []
    opened = actions.run_due_rituals(at=paris(2026, 3, 20, 8)).opened
    assert [(t.title, t.kind) for t in opened] == [
        ("Assemblée générale : l'ordre du jour", "announcement")
    ]
    assert actions.run_due_rituals(at=paris(2026, 6, 1)).opened == []


def test_a_refusal_is_kept_for_the_animators_and_not_retried_for_that_date(
    community, bob, make_ritual
):
    from cercle.moderation.models import Standing

    ritual = make_ritual()
    membership = Membership.objects.get(community=community, user=bob)
    Standing.objects.update_or_create(
        membership=membership, defaults={"silenced_at": timezone.now()}
    )
    report = actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5))
    assert report.opened == []
    [run] = report.refused
    assert run.state == RunState.FAILED
    assert "silenced" in run.message
    assert actions.run_due_rituals(at=paris(2026, 3, 2, 10)).refused == []
    assert RitualRun.objects.filter(ritual=ritual).count() == 1


def test_topics_are_opened_by_another_animator_once_the_author_has_left(
    community, bob, alice, make_ritual
):
    make_ritual()
    bob_membership = Membership.objects.get(community=community, user=bob)
    alice_membership = Membership.objects.get(community=community, user=alice)
    change_role(membership=alice_membership, role=Role.ANIMATOR, by=bob_membership)
    leave(membership=bob_membership)
    [topic] = actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5)).opened
    assert topic.author == alice


def test_archives_open_nothing(community, make_ritual):
    make_ritual()
    community.is_archive = True
    community.save()
    assert actions.run_due_rituals(at=paris(2026, 3, 2, 9, 5)).opened == []


def test_only_animators_set_up_rituals(community, alice, make_ritual):
    with pytest.raises(Refused, match="animators"):
        make_ritual(by=alice)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title_template": "Semaine du {jour}"}, "not a placeholder"),
        ({"title_template": "x" * 190 + " {date}"}, "too long"),
        ({"topic_kind": "debate"}, "discussion, a question or an announcement"),
        ({"name": "  "}, "name"),
        ({"body_template": ""}, "message"),
    ],
)
def test_bad_rituals_are_refused_with_a_message(make_ritual, fields, message):
    with pytest.raises(Refused, match=message):
        make_ritual(**fields)


def test_the_command_and_the_task_run_what_is_due(community, make_ritual, capsys):
    make_ritual(starts_on=date(2020, 1, 1), at=timezone.now() - timezone.timedelta(days=15))
    call_command("run_rituals")
    assert "1 topic(s) opened" in capsys.readouterr().out
    call_command("run_rituals")
    assert "0 topic(s) opened" in capsys.readouterr().out
    result = run_rituals.enqueue()
    assert result.return_value == {"opened": 0, "refused": 0}
    assert len(topics(community)) == 1
