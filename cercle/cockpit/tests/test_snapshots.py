"""Stored snapshots, the background task, and when it is planned."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cercle.cockpit import actions
from cercle.cockpit.models import CockpitSchedule, CockpitSnapshot
from cercle.cockpit.report import build_report
from cercle.cockpit.selectors import latest_snapshot
from cercle.cockpit.tasks import recompute_cockpit
from cercle.communities.actions.groups import create_group
from cercle.discussions import actions as discussions

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_recompute_stores_the_community_and_each_group(community, history, bob):
    group = create_group(community=community, by=bob, name="Occitanie", kind="local")
    snapshots = actions.recompute(community)
    assert [s.group for s in snapshots] == [None, group]
    assert snapshots[0].payload == build_report(community, actions.today())
    assert snapshots[0].payload["posts_total"] == 3
    # Again the same day: replaced, not added.
    actions.recompute(community)
    assert CockpitSnapshot.objects.count() == 2


def test_the_page_reads_one_row(community, history, django_assert_num_queries):
    actions.recompute(community)
    with django_assert_num_queries(1):
        snapshot = latest_snapshot(community)
    assert snapshot.as_of == actions.today()
    assert latest_snapshot(community, group=None).group is None


def test_no_snapshot_yet(community):
    assert latest_snapshot(community) is None


def test_the_command_recomputes(community, history, make_community):
    other = make_community()
    err = io.StringIO()
    call_command("cockpit", "--all", "--recompute", stdout=io.StringIO(), stderr=err)
    assert CockpitSnapshot.objects.filter(community=community).count() == 1
    assert CockpitSnapshot.objects.filter(community=other).count() == 1
    assert "1 snapshots" in err.getvalue()
    call_command("cockpit", community.slug, "--recompute", stdout=io.StringIO(), stderr=err)


def test_the_task_runs_at_once_in_tests(community, history):
    result = recompute_cockpit.enqueue(community.pk)
    assert result.return_value == 1
    assert latest_snapshot(community) is not None


def test_activity_asks_one_debounced_run(
    settings, community, alice, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        topic = discussions.start_topic(
            community=community, author=alice, kind="discussion", title="Bonjour", body="Salut"
        )
        discussions.reply(topic=topic, author=alice, body="Encore moi")
    backend = recompute_cockpit.get_backend()
    assert len(backend.results) == 1  # two posts, one run
    planned = CockpitSchedule.objects.get(community=community).next_run_at
    assert timezone.now() < planned <= timezone.now() + actions.DEBOUNCE
    assert backend.results[0].task.run_after == planned
    assert callbacks


def test_an_import_asks_a_run_at_once(settings, community, django_capture_on_commit_callbacks):
    from cercle.connectors.models import ImportRun

    settings.TASKS = DUMMY
    actions.request_recompute(community, at=actions.next_nightly())
    with django_capture_on_commit_callbacks(execute=True):
        ImportRun.objects.create(community=community, kind="mbox", source="mbox")
    planned = CockpitSchedule.objects.get(community=community).next_run_at
    assert planned <= timezone.now()


def test_a_superseded_run_does_nothing_and_a_run_plans_the_next_night(
    settings, community, history, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_recompute(community, at=timezone.now() + timedelta(hours=5))
        actions.request_recompute(community, at=timezone.now() + timedelta(minutes=1))
    schedule = CockpitSchedule.objects.get(community=community)
    stale = (timezone.now() + timedelta(hours=5)).isoformat()
    assert actions.run_planned(community.pk, stale) == []
    with django_capture_on_commit_callbacks(execute=True):
        snapshots = actions.run_planned(community.pk, schedule.next_run_at.isoformat())
    assert len(snapshots) == 1
    schedule.refresh_from_db()
    assert schedule.last_run_at is not None
    assert schedule.next_run_at == actions.next_nightly()


def test_next_nightly(settings):
    settings.TIME_ZONE = "Europe/Paris"
    from datetime import UTC, datetime

    evening = datetime(2024, 6, 30, 20, tzinfo=UTC)  # 22:00 in Paris
    planned = actions.next_nightly(evening)
    assert planned.isoformat() == "2024-07-01T03:00:00+02:00"
    early = datetime(2024, 6, 30, 0, 30, tzinfo=UTC)  # 02:30 in Paris
    assert actions.next_nightly(early).isoformat() == "2024-06-30T03:00:00+02:00"
