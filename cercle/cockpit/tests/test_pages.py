"""The cockpit's pages: who may read them, what they show, bad input, and their cost."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from cercle.cockpit.actions import recompute
from cercle.cockpit.models import CockpitSnapshot
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.models import GroupRole, Membership, Role
from cercle.discussions import actions

from .conftest import populate

PAGES = ["cockpit/", "cockpit/life-cycle/", "cockpit/engagement/", "cockpit/trends/"]
ALL = [*PAGES, "cockpit/report/", "cockpit/export.csv?table=indicators", "today/"]


def url(page: str, slug: str = "reseau") -> str:
    return f"/c/{slug}/{page}"


def island(response) -> dict:
    found = re.search(
        r'<script id="cockpit-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the page has no chart data island"
    return json.loads(found.group(1))


# --- Who may read ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ALL)
def test_a_member_an_outsider_and_a_moderator_are_refused(
    page, lively, client, alice, charlie, make_member, community
):
    moderator = make_member("Mona Modératrice")
    Membership.objects.filter(community=community, user=moderator).update(role=Role.MODERATOR)
    for person in (alice, charlie, moderator):
        client.force_login(person)
        assert client.get(url(page)).status_code == 403, person


@pytest.mark.parametrize("page", ALL)
def test_another_communitys_animator_is_refused(page, lively, client, make_user, make_community):
    other = make_user("Olga Ailleurs")
    make_community(animator=other, slug="ailleurs")
    client.force_login(other)
    assert client.get(url(page)).status_code == 403
    # Her own community's cockpit is hers (being computed: it has no report yet).
    assert client.get(url(page, "ailleurs")).status_code in (200, 404)


@pytest.mark.parametrize("page", ALL)
def test_an_anonymous_visitor_is_asked_to_log_in(page, lively, client):
    response = client.get(url(page))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("page", ALL)
def test_an_unknown_community_is_a_404(page, as_bob):
    assert as_bob.get(url(page, "nowhere")).status_code == 404


def test_an_unknown_group_is_a_404(lively, as_bob):
    assert as_bob.get(url("cockpit/") + "?group=nowhere").status_code == 404
    assert as_bob.get(url("today/") + "?group=nowhere").status_code == 404


def test_a_co_animator_reads_the_cockpit(lively, client, community, make_member):
    co = make_member("Colette Coanim")
    Membership.objects.filter(community=community, user=co).update(role=Role.CO_ANIMATOR)
    client.force_login(co)
    for page in ALL:
        assert client.get(url(page)).status_code == 200, page


def test_a_group_animator_reads_their_group_only(community, bob, alice, make_member, client):
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    nantes = create_group(community=community, by=bob, name="Nantes", kind="local")
    join_group(group=lyon, user=alice, role=GroupRole.ANIMATOR)
    people = [alice, make_member("Léa Lyon")]
    for person in people[1:]:
        join_group(group=lyon, user=person)
    actions.start_topic(
        community=community,
        author=people[1],
        kind="discussion",
        title="À Lyon",
        body="Bonjour",
        group=lyon,
    )
    recompute(community)
    client.force_login(alice)
    # Her group by default, never the whole community, never another group.
    response = client.get(url("cockpit/"))
    assert response.status_code == 200
    assert response.context["group"] == lyon
    assert client.get(url("cockpit/") + f"?group={lyon.slug}").status_code == 200
    assert client.get(url("cockpit/") + f"?group={nantes.slug}").status_code == 403
    assert client.get(url("today/") + f"?group={nantes.slug}").status_code == 403
    # The group selector offers her groups only.
    assert "Nantes" not in response.content.decode()


# --- What the pages show --------------------------------------------------------------------


def test_the_overview_shows_each_indicator_with_its_line_and_help_link(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    response = as_bob.get(url("cockpit/"))
    html = response.content.decode()
    for key in payload["indicators"]:
        assert f'href="/cockpit/help/#{key}"' in html, key
    assert "People who wrote at least one message." in html
    contributors = payload["indicators"]["contributors_total"]
    assert re.search(
        rf'id="value-contributors_total".*?indicator-value">{contributors}<', html, re.S
    )
    assert "Coalescing" in html or "Potential" in html  # the stage, in words


def test_every_chart_has_the_same_numbers_as_its_table(lively, as_bob):
    for page in PAGES:
        response = as_bob.get(url(page))
        charts = island(response)
        assert charts, page
        html = response.content.decode()
        for key, chart in charts.items():
            # The figure sits in the section of its table, right above it.
            section = re.search(
                rf'<section class="cockpit-table" id="{key}".*?</section>', html, re.S
            )
            assert section, key
            assert f'data-chart="{key}"' in section.group(0)
            rows = re.findall(r"<tr><th scope=\"row\"[^>]*>(.*?)</th>", section.group(0))
            assert list(rows) == chart["labels"], key


def test_the_monthly_table_of_the_overview_is_the_charts_data(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    chart = island(as_bob.get(url("cockpit/")))["monthly"]
    posts = next(d for d in chart["datasets"] if d["label"] == "Messages")
    assert posts["data"] == [entry["posts"] for entry in payload["trends"]["monthly"]]


def test_the_engagement_page_names_who_is_at_each_level(lively, as_bob):
    html = as_bob.get(url("cockpit/engagement/")).content.decode()
    for person in lively:
        assert person.name in html
    assert "not a ranking" in html


def test_the_trends_page_shows_joyce_and_kraut_rhythm_and_network(lively, as_bob):
    html = as_bob.get(url("cockpit/trends/")).content.decode()
    assert "56%" in html
    assert "44%" in html
    assert 'id="rhythm"' in html
    assert "heat-" in html
    assert 'id="pairs"' in html
    assert "Who answers whom" in html
    assert "Isolated" in html
    assert "Bridge" in html


def test_the_life_cycle_page_shows_the_evidence(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    html = as_bob.get(url("cockpit/life-cycle/")).content.decode()
    assert 'id="evidence"' in html
    assert 'id="stage-history"' in html
    for entry in payload["lifecycle"]["history"]:
        assert f'<th scope="row">{entry["month"][:4]}' not in html  # months are written out
    assert "Age (days since the first message)" in html


def test_too_little_data_shows_the_reason_instead_of_a_number(community, bob, alice, as_bob):
    actions.start_topic(community=community, author=alice, kind="discussion", title="Un", body="Un")
    recompute(community)
    html = as_bob.get(url("cockpit/")).content.decode()
    # Nobody posted 90 to 180 days ago: no newcomer cohort, said in words.
    assert "there is no newcomer cohort to follow" in html
    row = re.search(r'id="value-newcomer_return_rate".*?</tr>', html, re.S).group(0)
    assert "indicator-value" not in row


def test_a_rate_on_few_cases_is_flagged(lively, as_bob, community):
    payload = CockpitSnapshot.objects.get(community=community, group__isnull=True).payload
    fragile = [key for key, code in payload["notes"].items() if code == "small-sample"]
    assert fragile
    html = as_bob.get(url("cockpit/")).content.decode()
    key = fragile[0].split(".", 1)[1]
    row = re.search(rf'<tr id="value-{key}" class="fragile">.*?</tr>', html, re.S)
    assert row
    assert "fewer than 10 cases" in row.group(0)


# --- Bad input: days and months -------------------------------------------------------------


def test_a_day_in_the_future_is_explained(lively, as_bob):
    later = (timezone.now() + timedelta(days=3)).date().isoformat()
    response = as_bob.get(url("cockpit/") + f"?as_of={later}")
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()


def test_a_day_before_the_first_message_is_explained(lively, as_bob):
    response = as_bob.get(url("cockpit/") + "?as_of=2001-01-01")
    assert "before the first message" in response.content.decode()


def test_a_malformed_day_is_explained(lively, as_bob):
    response = as_bob.get(url("cockpit/") + "?as_of=31/12/2024")
    assert "is not a date" in response.content.decode()


def test_a_stored_day_can_be_chosen(lively, as_bob, community):
    earlier = (timezone.now() - timedelta(days=20)).date()
    recompute(community, as_of=earlier)
    html = as_bob.get(url("cockpit/")).content.decode()
    assert f'value="{earlier.isoformat()}"' in html  # offered in the selector
    response = as_bob.get(url("cockpit/") + f"?as_of={earlier.isoformat()}")
    assert response.context["snapshot"].as_of == earlier


def test_a_day_without_a_stored_report_says_so(lively, as_bob):
    earlier = (timezone.now() - timedelta(days=40)).date().isoformat()
    html = as_bob.get(url("cockpit/") + f"?as_of={earlier}").content.decode()
    assert f"No report was stored for {earlier}" in html


def test_the_monthly_report_refuses_a_month_it_does_not_cover(lively, as_bob):
    html = as_bob.get(url("cockpit/report/") + "?month=1999-01").content.decode()
    assert "is not covered by the report" in html
    html = as_bob.get(url("cockpit/report/") + "?month=janvier").content.decode()
    assert "is not a month" in html


# --- No report yet --------------------------------------------------------------------------


def test_without_a_report_the_page_says_it_is_computed_then_shows_it(
    community, alice, as_bob, django_capture_on_commit_callbacks
):
    actions.start_topic(community=community, author=alice, kind="discussion", title="Un", body="Un")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_bob.get(url("cockpit/"))
    # The computation was asked for; with the tests' task backend it ran after the request.
    assert "being computed" in response.content.decode()
    assert 'http-equiv="refresh"' in response.content.decode()
    assert CockpitSnapshot.objects.filter(community=community, group__isnull=True).exists()
    assert "Indicators of the last 90 days" in as_bob.get(url("cockpit/")).content.decode()


# --- The monthly report ---------------------------------------------------------------------


def test_the_monthly_report_lists_people_to_thank_newcomers_and_unanswered_topics(
    community, bob, alice, make_member, as_bob
):
    now = timezone.now()
    month_start = (now.replace(day=1) - timedelta(days=1)).replace(day=1, hour=12)
    nina = make_member("Nina Nouvelle")
    Membership.objects.filter(user=nina).update(joined_at=month_start + timedelta(days=2))
    topic = actions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Qui vient ?",
        body="Alors",
        at=month_start,
    )
    actions.reply(topic=topic, author=nina, body="Moi !", at=month_start + timedelta(days=3))
    alone = actions.start_topic(
        community=community,
        author=nina,
        kind="question",
        title="Un modèle de charte ?",
        body="Quelqu'un ?",
        at=month_start + timedelta(days=4),
    )
    recompute(community)
    month = month_start.strftime("%Y-%m")
    response = as_bob.get(url("cockpit/report/") + f"?month={month}")
    html = response.content.decode()
    assert response.status_code == 200
    # Printed, the page keeps only the report (the stylesheet it links has the print rules).
    assert "cockpit/cockpit.css" in html
    stylesheet = Path(finders.find("cockpit/cockpit.css")).read_text(encoding="utf-8")
    assert "@media print" in stylesheet
    people = re.search(r'id="report-contributors".*?</section>', html, re.S).group(0)
    assert "Nina Nouvelle" in people
    assert "Alice Membre" in people
    newcomers = re.search(r'id="report-newcomers".*?</section>', html, re.S).group(0)
    assert "Nina Nouvelle" in newcomers
    unanswered = re.search(r'id="report-unanswered".*?</section>', html, re.S).group(0)
    assert alone.title in unanswered
    assert topic.title not in unanswered
    assert "data-print" in html


# --- Cost: the same number of queries whatever the size ------------------------------------


@pytest.mark.parametrize("page", [*PAGES, "cockpit/report/", "me/participation/"])
def test_pages_cost_the_same_queries_at_two_sizes(
    page, lively, client, bob, community, make_member, page_queries
):
    client.force_login(bob)
    small = page_queries(url(page))
    more = [make_member(f"Autre {n}", f"autre{n}@example.org") for n in range(8)]
    populate(community, bob, [*lively, *more], rounds=3)
    recompute(community)
    assert page_queries(url(page)) == small
