"""The animator's morning, in Chromium: the to-do list, a thank-you sent in one click, then the
cockpit's chart drawn above its table, under the real Content-Security-Policy."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cercle.cockpit.actions import recompute
from cercle.discussions import actions

pytestmark = pytest.mark.browser


def log_in(page: Page, email: str, password: str = "correct horse 42") -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def wait_for_mail(inbox, address: str, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if received := inbox.to(address):
            return received[-1]
        time.sleep(0.05)
    raise AssertionError(f"no mail to {address} within {timeout}s")


def test_the_animator_thanks_a_member_then_reads_the_cockpit(
    page: Page, community, alice, bob, make_member, smtp_inbox
):
    carl = make_member("Carl Expert", "carl@example.org")
    now = timezone.now()
    for months in range(4, 0, -1):
        topic = actions.start_topic(
            community=community,
            author=alice,
            kind="question",
            title=f"Question {months}",
            body="Comment faire ?",
            at=now - timedelta(days=30 * months - 25),
        )
        answer = actions.reply(
            topic=topic, author=carl, body="Comme ceci.", at=now - timedelta(days=30 * months - 26)
        )
        actions.react(
            post=answer, user=alice, kind="thanks", at=now - timedelta(days=30 * months - 27)
        )
    recompute(community)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    log_in(page, "bob@example.org")
    page.goto(f"/c/{community.slug}/")
    page.get_by_role("navigation", name="Community menu").get_by_role(
        "link", name="To do today"
    ).click()
    expect(page.get_by_role("heading", level=2, name="To do today")).to_be_visible()

    item = page.locator(f"#thanks-{carl.pk}")
    expect(item).to_be_visible()
    item.get_by_text("Add a word (optional)").click()
    item.locator("textarea[name=message]").fill("Merci pour toutes ces réponses !")
    item.get_by_role("button", name="Thank Carl Expert").click()

    # The item gives way to what was done, in place; it does not come back.
    expect(
        page.get_by_role("status").filter(has_text="Thanks sent to Carl Expert.")
    ).to_be_visible()
    expect(page.locator(f"#thanks-{carl.pk}")).to_have_count(0)
    mail = wait_for_mail(smtp_inbox, "carl@example.org")
    assert "Merci pour toutes ces réponses !" in smtp_inbox.text(mail)
    page.reload()
    expect(page.get_by_role("heading", level=2, name="To do today")).to_be_visible()
    expect(page.locator(f"#thanks-{carl.pk}")).to_have_count(0)

    # The cockpit: the month-by-month chart, drawn from the table right below it.
    page.get_by_role("navigation", name="Cockpit menu").get_by_role("link", name="Overview").click()
    expect(page).to_have_url(re.compile(r"/cockpit/$"))
    figure = page.locator('figure[data-chart="monthly"]')
    expect(figure.locator("canvas")).to_be_visible()
    expect(figure).to_have_class(re.compile(r"\bdrawn\b"))
    table = page.locator("#monthly table")
    expect(table).to_be_visible()
    labels = page.evaluate(
        "JSON.parse(document.getElementById('cockpit-charts').textContent).monthly.labels"
    )
    expect(table.locator("tbody tr")).to_have_count(len(labels))
    expect(table.locator("tbody tr th").first).to_have_text(labels[0])
    assert figure.locator("canvas").bounding_box()["height"] > 100

    for path in ("life-cycle/", "engagement/", "trends/", "report/"):
        page.goto(f"/c/{community.slug}/cockpit/{path}")
        page.wait_for_load_state("networkidle")
    assert violations == []
