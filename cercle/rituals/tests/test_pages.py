"""The animators' ritual pages: list with the next dates, form with a preview, pause, delete."""

import pytest
from django.utils import timezone

from cercle.rituals.models import Ritual

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Partagez une pratique",
    "topic_kind": "discussion",
    "title_template": "Partagez une pratique — {month}",
    "body_template": "Quelle pratique avez-vous essayée ce mois-ci ?",
    "frequency": "monthly_weekday",
    "ordinal": "1",
    "weekday": "0",
    "day_of_month": "1",
    "starts_on": "2026-01-01",
    "time_of_day": "09:00",
    "time_zone": "Europe/Paris",
}


def url(community, *parts) -> str:
    return f"/c/{community.slug}/manage/rituals/" + "".join(f"{p}/" for p in parts)


def test_members_and_outsiders_do_not_reach_the_rituals(client, community, alice, charlie):
    for person in (alice, charlie):
        client.force_login(person)
        assert client.get(url(community)).status_code == 403
        assert client.post(url(community, "new"), FORM).status_code == 403
    assert not Ritual.objects.exists()


def test_an_animator_previews_then_sets_up_a_ritual(client, community, bob):
    client.force_login(bob)
    assert client.get(url(community, "new")).status_code == 200
    page = client.post(url(community, "new"), {**FORM, "preview": "1"}).content.decode()
    assert "Next dates" in page
    assert "Partagez une pratique — " in page
    assert "Nothing is saved yet" in page
    assert not Ritual.objects.exists()
    response = client.post(url(community, "new"), FORM)
    assert response.status_code == 302
    ritual = Ritual.objects.get()
    assert ritual.author == bob
    page = client.get(url(community)).content.decode()
    assert "Partagez une pratique" in page
    assert "the first Monday of each month at 9 a.m." in page
    assert "none yet" in page


def test_a_bad_template_is_refused_and_the_form_keeps_what_was_typed(client, community, bob):
    client.force_login(bob)
    page = client.post(
        url(community, "new"), {**FORM, "title_template": "Pratiques de {mois}"}
    ).content.decode()
    assert "{mois} is not a placeholder we know" in page
    assert "Quelle pratique avez-vous essayée" in page
    assert not Ritual.objects.exists()


def test_edit_pause_resume_and_delete(client, community, bob, make_ritual):
    ritual = make_ritual()
    client.force_login(bob)
    assert client.get(url(community, ritual.pk)).status_code == 200
    client.post(url(community, ritual.pk), {**FORM, "name": "Le rendez-vous du mois"})
    ritual.refresh_from_db()
    assert ritual.name == "Le rendez-vous du mois"
    client.post(url(community, ritual.pk, "pause"))
    ritual.refresh_from_db()
    assert ritual.is_paused
    assert "paused" in client.get(url(community)).content.decode()
    client.post(url(community, ritual.pk, "pause"))
    ritual.refresh_from_db()
    assert not ritual.is_paused
    client.post(url(community, ritual.pk, "delete"))
    assert not Ritual.objects.exists()


def test_another_communitys_ritual_is_not_found(client, community, bob, make_community, make_user):
    from cercle.rituals.actions import create_ritual
    from cercle.rituals.tests.conftest import spec

    other_animator = make_user()
    other = make_community(animator=other_animator)
    ritual = create_ritual(community=other, by=other_animator, spec=spec())
    client.force_login(bob)
    assert client.get(url(community, ritual.pk)).status_code == 404
    assert client.post(url(community, ritual.pk, "delete")).status_code == 404
    assert Ritual.objects.filter(pk=ritual.pk).exists()


def test_the_list_runs_the_same_queries_for_few_and_many_rituals(
    client, page_queries, community, bob, make_ritual
):
    from cercle.rituals import actions

    client.force_login(bob)
    start = timezone.now() - timezone.timedelta(days=30)

    def grow(n):
        for i in range(n):
            make_ritual(name=f"Rituel {i}", at=start, starts_on=start.date())
        actions.run_due_rituals()

    grow(2)
    few = page_queries(url(community))
    grow(6)
    assert page_queries(url(community)) == few
