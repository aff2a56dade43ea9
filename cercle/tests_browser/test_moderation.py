"""A member reports a message, a moderator hides it with a reason, members read why."""

import pytest
from playwright.sync_api import Page, expect

from cercle.communities.actions.joining import join
from cercle.communities.actions.roles import change_role
from cercle.communities.models import Membership, Role
from cercle.discussions import actions
from cercle.moderation.models import ModerationAction, Report

from .test_journeys import log_in

pytestmark = pytest.mark.browser


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_report_is_handled_and_the_log_says_why(page: Page, make_user, community, alice, bob):
    dave = make_user("Dave Troll", "dave@example.org")
    join(community=community, user=dave, accepts_charter=True)
    mona = make_user("Mona Modératrice", "mona@example.org")
    join(community=community, user=mona, accepts_charter=True)
    change_role(
        membership=Membership.objects.get(community=community, user=mona),
        role=Role.MODERATOR,
        by=Membership.objects.get(community=community, user=bob),
    )
    topic = actions.start_topic(
        community=community, author=alice, kind="discussion", title="Réunions", body="Astuces ?"
    )
    rude = actions.reply(topic=topic, author=dave, body="Vous êtes tous nuls.")

    # Alice reports Dave's message from the topic page.
    page.goto(f"/accounts/login/?next=/c/{community.slug}/t/{topic.pk}/")
    log_in(page, "alice@example.org")
    page.locator(f"#post-{rude.pk}").get_by_role("link", name="Report").click()
    page.get_by_label("It breaks a rule of the charter").check()
    page.get_by_label("What is the problem?").fill("Insulte.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("The moderators will look at it")).to_be_visible()
    log_out(page)

    # Mona finds it in the queue and hides the message, with a reason.
    page.goto(f"/accounts/login/?next=/c/{community.slug}/moderation/")
    log_in(page, "mona@example.org")
    page.get_by_role("link", name="Open").click()
    expect(page.get_by_text("Vous êtes tous nuls.")).to_be_visible()
    page.get_by_role("button", name="Act on the message").click()
    hide = page.locator("form").filter(has=page.locator("input[name=verb][value=hide]"))
    hide.get_by_label("Reason").fill("Attaque personnelle (règle 2).")
    hide.get_by_label("Message to the person").fill("Dave, restons courtois.")
    hide.get_by_role("button", name="Hide the message").click()
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    assert Report.objects.get().handled_by == mona
    assert ModerationAction.objects.get().kind == "hide_post"
    log_out(page)

    # Alice reads why in the log, without the private message.
    page.goto(f"/accounts/login/?next=/c/{community.slug}/moderation/log/")
    log_in(page, "alice@example.org")
    expect(page.get_by_text("Attaque personnelle (règle 2).")).to_be_visible()
    expect(page.get_by_text("Dave, restons courtois.")).to_have_count(0)
