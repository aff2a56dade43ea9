"""The events journey in Chromium: an animator publishes an event with few places, members
answer with htmx (the last one joins the waiting list), under the real Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

from cercle.events.models import Event, Registration, Response
from cercle.tests_browser.test_csp import log_in, watch_violations

pytestmark = pytest.mark.browser


def test_an_animator_publishes_an_event_and_members_answer(
    page: Page, browser, live_server, community, bob, alice, make_member
):
    violations = watch_violations(page)
    log_in(page, "bob@example.org")
    page.goto(f"/c/{community.slug}/events/")
    page.get_by_role("button", name="New event").click()
    page.get_by_label("Title").fill("Atelier recrutement")
    page.get_by_label("Starts").fill("2031-06-10T18:00")
    page.get_by_label("Ends").fill("2031-06-10T17:00")  # before the start: refused, kept
    page.get_by_label("Address").fill("Maison des associations, Lyon")
    page.get_by_label("Places").fill("1")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("The event ends before it starts")
    expect(page.get_by_label("Title")).to_have_value("Atelier recrutement")
    page.get_by_label("Ends").fill("2031-06-10T20:00")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Atelier recrutement")).to_be_visible()
    event = Event.objects.get()

    # alice takes the only place, without a page reload (htmx).
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    other = context.new_page()
    other_violations = watch_violations(other)
    log_in(other, "alice@example.org")
    other.goto(f"/c/{community.slug}/events/{event.pk}/")
    other.get_by_role("button", name="I'm going").click()
    expect(other.locator("#event-body")).to_contain_text("You are registered. See you there!")
    expect(other.locator("#event-body")).to_contain_text("1 of 1 places taken")
    context.close()

    # Then someone else: the event is full, they are told they are on the waiting list.
    make_member("Zoé Attente", "zoe@example.org")
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    late = context.new_page()
    log_in(late, "zoe@example.org")
    late.goto(f"/c/{community.slug}/events/{event.pk}/")
    late.get_by_role("button", name="I'm going").click()
    expect(late.locator("#event-body")).to_contain_text("you are on the waiting list")
    context.close()

    assert dict(Registration.objects.values_list("user__email", "response")) == {
        "alice@example.org": Response.GOING,
        "zoe@example.org": Response.WAITING,
    }
    assert violations == []
    assert other_violations == []
