"""A member's journey through what is new, in Chromium against a live server: the bell,
marking a notification read in place (htmx), the unread badge and its jump, following.

Here the actions commit for real, so notifications are made as in production.
"""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from cercle.discussions import actions

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("CERCLE_SCREENSHOTS", "")


def shot(page: Page, name: str) -> None:
    """Keep a screenshot for a human look when CERCLE_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def log_in(page: Page, email: str, password: str = "correct horse 42") -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()


def test_a_member_sees_what_is_new_and_catches_up(page: Page, community, alice, bob):
    topic = actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="Quel outil pour les comptes rendus ?",
        body="Je cherche un outil simple.",
    )
    first = actions.reply(topic=topic, author=bob, body="Un pad partagé, @Alice Membre.")
    second = actions.reply(topic=topic, author=bob, body="Ou un wiki.", reply_to=first)
    actions.accept_answer(topic=topic, post=first, by=alice)

    log_in(page, "alice@example.org")
    bell = page.locator("#bell")
    # The mention (also a reply to her topic), and bob's next reply in the topic she follows.
    expect(bell).to_have_attribute("aria-label", "Notifications: 2 unread")
    page.goto("/c/reseau/discussions/")
    badge = page.locator("a.badge.unread")
    expect(badge).to_have_text("2 unread")
    shot(page, "topic-list")

    # The badge jumps to the first message she has not read.
    badge.click()
    expect(page).to_have_url(re.compile(rf"/c/reseau/t/{topic.pk}/#post-{first.pk}$"))
    expect(page.locator("#unread")).to_be_visible()
    shot(page, "topic-page")
    # Read now: the list has nothing new for her.
    page.goto("/c/reseau/discussions/")
    expect(page.locator("a.badge.unread")).to_have_count(0)

    # The bell's page, latest first; marking one read updates it and the bell in place.
    page.goto("/notifications/")
    lines = page.locator("li.notification")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Bob Animateur wrote in “Quel outil")
    expect(lines.nth(1)).to_contain_text("Bob Animateur mentioned you in “Quel outil")
    shot(page, "notifications")
    lines.nth(1).get_by_role("button", name="Mark as read").click()
    expect(page.locator("li.notification.unread")).to_have_count(1)
    expect(bell).to_have_attribute("aria-label", "Notifications: 1 unread")
    lines.nth(0).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/c/reseau/t/{topic.pk}/#post-{second.pk}$"))
    expect(bell).to_have_attribute("aria-label", "Notifications: none unread")

    # bob follows the topic from its page, in place.
    page.context.clear_cookies()
    log_in(page, "bob@example.org")
    page.goto(f"/c/reseau/t/{topic.pk}/")
    page.get_by_role("button", name="Follow this topic").click()
    expect(page.get_by_role("button", name="✓ Following")).to_be_visible()
    actions.reply(topic=topic, author=alice, body="Merci !", reply_to=second)
    page.goto("/")
    # Alice accepted his answer, then answered his message.
    expect(page.locator("#bell")).to_have_attribute("aria-label", "Notifications: 2 unread")
    page.goto("/news/")
    expect(page.locator("main")).to_contain_text("Quel outil pour les comptes rendus ?")
    shot(page, "news")
    page.goto("/me/notifications/")
    shot(page, "preferences")
