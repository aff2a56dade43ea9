"""A newcomer's first steps, walked in Chromium: joining, the welcome, introducing oneself,
the checklist ticking itself; and a member sharing a resource and editing the wiki."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cercle.rituals.actions import create_ritual, run_due_rituals
from cercle.rituals.tests.conftest import spec
from cercle.tests_browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def test_a_newcomer_is_welcomed_introduces_themself_and_sees_the_step_ticked(
    page: Page, community, bob, make_user
):
    community.welcome_message = "Ici, **on s'entraide**."
    community.save()
    create_ritual(
        community=community,
        by=bob,
        spec=spec(for_introductions=True, starts_on=(timezone.now() - timedelta(days=20)).date()),
        at=timezone.now() - timedelta(days=20),
    )
    [thread] = run_due_rituals().opened
    make_user("Nadia Nouvelle", "nadia@example.org")

    page.goto("/accounts/login/")
    log_in(page, "nadia@example.org")
    page.goto(f"/c/{community.slug}/join/")
    page.locator("input[name=accepts_charter]").check()
    page.locator("main form button[type=submit]").click()

    # The first visit: the animators' word and the way to the introductions thread.
    welcome = page.locator(".welcome-panel")
    expect(welcome).to_contain_text("on s'entraide")
    # The first-steps box comes in after the page (htmx), with its progress.
    expect(page.locator(".first-steps-box progress")).to_be_visible()
    welcome.get_by_role("button", name=thread.title).click()

    page.locator("textarea[name=body]").fill("Bonjour, je suis Nadia, acheteuse à Nantes.")
    page.locator("#reply button[type=submit]").first.click()
    expect(page.get_by_text("je suis Nadia, acheteuse à Nantes")).to_be_visible()

    page.goto(f"/c/{community.slug}/first-steps/")
    expect(page.locator("ol.checklist li.done")).to_have_count(2)  # charter and introduction
    # The welcome is for the first visit only.
    page.goto(f"/c/{community.slug}/")
    expect(page.locator(".welcome-panel")).to_have_count(0)


def test_a_member_shares_a_link_and_fixes_a_wiki_page(page: Page, community, alice):
    page.goto("/accounts/login/")
    log_in(page, "alice@example.org")
    page.goto(f"/c/{community.slug}/library/share/")
    page.locator("input[name=title]").fill("Guide du télétravail")
    page.locator("input[name=url]").fill("https://example.org/teletravail")
    page.locator("textarea[name=description]").fill("Clair et **court**.")
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Guide du télétravail")

    page.goto(f"/c/{community.slug}/wiki/new/")
    page.locator("input[name=title]").fill("Accueillir")
    page.locator("textarea[name=body]").fill("Préparer le poste.")
    page.locator("main form button[type=submit]").last.click()
    page.get_by_role("link", name="Edit").click()
    page.locator("textarea[name=body]").fill("Préparer le poste.\nNommer un tuteur.")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".wiki-body")).to_contain_text("Nommer un tuteur.")
    page.get_by_role("link", name="History").click()
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.locator("table.diff tr.added")).to_contain_text("Nommer un tuteur.")
