"""Writing with drafts and files, in Chromium under the real Content-Security-Policy: what is
typed is autosaved and comes back on another device, and files attached are shown under the
published reply."""

import pytest
from playwright.sync_api import Page, expect

from cercle.discussions import actions
from cercle.discussions.models import Draft, Post
from cercle.lib.tests import samples
from cercle.tests_browser.test_csp import log_in, watch_violations

pytestmark = pytest.mark.browser


def test_a_reply_is_autosaved_restored_elsewhere_then_published_with_a_picture(
    page: Page, browser, live_server, community, alice, bob, tmp_path
):
    topic = actions.start_topic(
        community=community, author=bob, kind="discussion", title="Vos outils ?", body="?"
    )
    violations = watch_violations(page)
    log_in(page, "alice@example.org")
    page.goto(f"/c/{community.slug}/t/{topic.pk}/")
    page.locator("textarea[name=body]").press_sequentially("Commencé au bureau", delay=10)
    # Two seconds after typing stops, htmx saves the draft and says so.
    expect(page.locator(".draft-status")).to_contain_text("Draft saved at", timeout=8_000)
    assert Draft.objects.get(user=alice, topic=topic).body == "Commencé au bureau"

    # Another device (a fresh browser context) finds the text where it was left.
    other = browser.new_context(base_url=live_server.url, locale="en-US")
    phone = other.new_page()
    log_in(phone, "alice@example.org")
    phone.goto(f"/c/{community.slug}/t/{topic.pk}/")
    expect(phone.locator("textarea[name=body]")).to_have_value("Commencé au bureau")
    picture = tmp_path / "schema.png"
    picture.write_bytes(samples.image_bytes("PNG", (40, 30)))
    phone.locator("input[name=attachments]").set_input_files(str(picture))
    phone.locator("textarea[name=body]").fill("Fini sur le téléphone")
    phone.get_by_role("button", name="Publish my reply").click()
    expect(phone.locator(".attachments img[alt='schema.png']")).to_be_visible()
    other.close()

    post = Post.objects.latest("pk")
    assert post.body == "Fini sur le téléphone"
    assert post.attachments.get().content_type == "image/png"
    assert not Draft.objects.exists()
    # Back on the first device, the published draft does not come back.
    page.reload()
    expect(page.locator("textarea[name=body]")).to_have_value("")
    assert violations == []
