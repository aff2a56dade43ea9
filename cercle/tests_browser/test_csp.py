"""The main pages under the real Content-Security-Policy, in Chromium: no violation is
reported, and the behaviours moved out of inline code (htmx, confirmations) still work."""

import pytest
from playwright.sync_api import Page, expect

from cercle.discussions import actions

pytestmark = pytest.mark.browser


def watch_violations(page: Page) -> list[str]:
    """Chromium reports each blocked script, style or frame in the console, and fires
    `securitypolicyviolation` in the page: both are collected."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' "
        "+ e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
    )
    return violations


def log_in(page: Page, email: str, password: str = "correct horse 42") -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_main_pages_report_no_policy_violation(page: Page, community, alice, bob):
    topic = actions.start_topic(
        community=community, author=bob, kind="question", title="Un outil ?", body="**Lequel** ?"
    )
    actions.reply(topic=topic, author=alice, body="Celui-ci.")
    violations = watch_violations(page)

    for url in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    log_in(page, "bob@example.org")
    slug = community.slug
    pages = [
        "/",
        f"/c/{slug}/",
        f"/c/{slug}/discussions/",
        f"/c/{slug}/t/{topic.pk}/",
        f"/c/{slug}/discussions/new/",
        f"/c/{slug}/members/",
        f"/c/{slug}/members/{alice.pk}/",
        f"/c/{slug}/groups/",
        f"/c/{slug}/charter/",
        f"/c/{slug}/invite/",
        f"/c/{slug}/manage/",
        f"/c/{slug}/manage/members/",
        f"/c/{slug}/manage/charter/",
        f"/c/{slug}/manage/export/",
        f"/c/{slug}/search/?q=outil",
        "/notifications/",
        "/news/",
        "/me/profile/",
        "/me/preferences/",
        "/me/notifications/",
        "/me/sessions/",
        "/me/data/",
        "/me/delete/",
    ]
    for url in pages:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    # htmx still works under the policy: the directory filters as one types.
    page.goto(f"/c/{slug}/members/")
    cards = page.locator("#directory-results .person-card")
    expect(cards).to_have_count(2)
    page.locator("input[name=q]").fill("Alice")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Alice Membre")

    assert violations == []


def test_confirmations_moved_out_of_inline_handlers_still_ask(page: Page, community, alice):
    violations = watch_violations(page)
    log_in(page, "alice@example.org")
    page.goto(f"/c/{community.slug}/")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Leave the community").click()
    page.wait_for_timeout(300)
    assert asked == ["Leave this community?"]
    # Dismissed: she is still a member.
    from cercle.communities.models import Membership

    assert Membership.objects.get(community=community, user=alice).state == "active"
    assert violations == []


def test_an_injected_inline_script_is_blocked(page: Page, live_server):
    """The policy is really enforced: a page that tried to run inline code would be stopped."""
    violations = watch_violations(page)
    page.goto("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === true") is False
    assert any("script-src" in v for v in violations)
