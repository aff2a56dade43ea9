"""The journeys people take, walked end to end in Chromium against a live server.

Locators lean on roles, labels and field names rather than on wording, so the tests keep
passing while the catalogues change; the pages are asked in English unless a test says
otherwise.
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from cercle.communities.actions.invitations import create_invitation_link
from cercle.communities.actions.joining import request_to_join
from cercle.communities.models import Membership, MembershipState

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def wait_for_mail(inbox, address: str, timeout: float = 5.0):
    """The newest message to `address`; mail leaves from the live server's thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if received := inbox.to(address):
            return received[-1]
        time.sleep(0.05)
    raise AssertionError(f"no mail to {address} within {timeout}s")


def log_in(page: Page, email: str, password: str = "correct horse 42") -> None:
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()


def test_newcomer_joins_by_invitation_link_then_appears_in_the_directory(
    page: Page, make_community, bob, smtp_inbox
):
    community = make_community(
        animator=bob, slug="achats", name="Acheteurs publics", entry_mode="invitation"
    )
    link = create_invitation_link(community=community, inviter=bob, max_uses=5, days=7)

    # The invitation says who invites to what, and offers to create an account.
    page.goto(link.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Acheteurs publics")
    expect(page.get_by_text("Bob Animateur")).to_be_visible()
    page.get_by_role("button", name="Create my account").click()

    # Sign-up: name, email, password twice.
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    page.locator("input[name=name]").fill("Nadia Nouvelle")
    page.locator("input[name=email]").fill("nadia@example.org")
    page.locator("input[name=password1]").fill("Un mot de passe solide 7")
    page.locator("input[name=password2]").fill("Un mot de passe solide 7")
    page.locator("input[name=password2]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    # The confirmation mail went through the real SMTP server.
    mail = wait_for_mail(smtp_inbox, "nadia@example.org")
    confirm_url = CONFIRM_LINK.search(smtp_inbox.text(mail)).group(0)
    assert confirm_url.startswith(page.url.split("/accounts/")[0])
    page.goto(confirm_url)
    page.locator("main form button[type=submit]").click()

    # Confirmed and logged in, she is back on the invitation she came for.
    expect(page).to_have_url(re.compile(re.escape(link.get_absolute_url()) + "$"))
    join_button = page.get_by_role("button", name="Join the community")
    join_button.click()
    # The charter must be accepted: the browser itself refuses the form until it is ticked.
    expect(page).to_have_url(re.compile(re.escape(link.get_absolute_url()) + "$"))
    page.locator("input[name=accepts_charter]").check()
    join_button.click()

    expect(page).to_have_url(re.compile(r"/c/achats/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    membership = Membership.objects.get(community=community, user__email="nadia@example.org")
    assert membership.state == MembershipState.ACTIVE
    assert membership.invitation_id == link.pk
    # Members see the directory tab and can leave; the page counts her.
    tabs = page.get_by_role("navigation", name="Community menu")
    expect(tabs.get_by_role("link", name="Members")).to_be_visible()
    expect(page.get_by_role("button", name="Leave the community")).to_be_visible()
    expect(page.get_by_text("2 members")).to_be_visible()

    # She says what she knows, then finds herself in the directory by that skill.
    page.get_by_role("link", name="My profile", exact=True).click()
    page.locator("input[name=job_title]").fill("Acheteuse")
    page.locator("input[name=skills_text]").fill("Commande publique, Sourcing")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(page.locator("input[name=skills_text]")).to_have_value("Commande publique, Sourcing")

    page.goto("/c/achats/members/")
    cards = page.locator("#directory-results .person-card")
    expect(cards).to_have_count(2)  # Bob and Nadia
    page.locator("input[name=skill]").fill("commande publique")  # filters as she types (htmx)
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Nadia Nouvelle")
    expect(cards.first.get_by_role("link", name="Commande publique")).to_be_visible()
    expect(page).to_have_url(re.compile(r"skill=commande"))  # the filter is shareable

    # From her card to her profile.
    cards.first.get_by_role("link", name="Nadia Nouvelle").click()
    expect(page.get_by_role("heading", name="Nadia Nouvelle")).to_be_visible()
    expect(page.get_by_text("Acheteuse")).to_be_visible()


def test_animator_logs_in_and_approves_a_join_request(
    page: Page, make_community, make_user, bob, smtp_inbox
):
    community = make_community(
        animator=bob, slug="dirigeants", name="Réseau des dirigeants", entry_mode="request"
    )
    applicant = make_user("Paul Postulant", "paul@example.org")
    request = request_to_join(
        community=community,
        user=applicant,
        motivation="Je dirige une PME de 40 personnes.",
        accepts_charter=True,
    )

    # Bob follows a link to the requests page and is asked to log in first.
    page.goto("/c/dirigeants/manage/requests/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    log_in(page, "bob@example.org")
    expect(page).to_have_url(re.compile(r"/c/dirigeants/manage/requests/$"))

    card = page.locator(f"#request-{request.pk}")
    expect(card).to_contain_text("Paul Postulant")
    expect(card).to_contain_text("Je dirige une PME de 40 personnes.")
    card.get_by_role("textbox").fill("Bienvenue Paul, au plaisir de te lire !")
    card.get_by_role("button", name="Approve").click()

    expect(page).to_have_url(re.compile(r"/c/dirigeants/manage/requests/$"))
    expect(page.locator(".messages .success")).to_contain_text("Paul Postulant")
    expect(page.locator(f"#request-{request.pk}")).to_have_count(0)
    request.refresh_from_db()
    assert request.state == MembershipState.ACTIVE
    assert request.joined_at is not None
    # Paul hears about it, with Bob's welcome.
    welcome = wait_for_mail(smtp_inbox, "paul@example.org")
    assert "Bienvenue Paul, au plaisir de te lire !" in smtp_inbox.text(welcome)

    # Bob sees him among the active members.
    page.get_by_role("navigation", name="Management menu").get_by_role(
        "link", name="Members and roles"
    ).click()
    expect(page.get_by_role("row").filter(has_text="Paul Postulant")).to_be_visible()


@pytest.mark.parametrize("browser_locale", ["de-DE"])  # a language Cercle does not offer
def test_pages_are_french_by_default_and_switch_to_english(page: Page, settings):
    settings.LANGUAGE_CODE = "fr"  # the project's default; the test suite otherwise uses en

    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "fr")
    switch = page.locator("form.lang-switch button[name=language]")
    expect(switch).to_have_count(1)
    expect(switch).to_have_attribute("value", "en")
    expect(switch).to_have_attribute("lang", "en")  # read out in English by screen readers
    expect(switch).to_have_accessible_name("English")

    switch.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))  # same page, other language
    expect(html).to_have_attribute("lang", "en")
    expect(switch).to_have_attribute("value", "fr")
    expect(switch).to_have_accessible_name("Français")

    # The choice sticks for the next pages.
    page.goto("/")
    expect(html).to_have_attribute("lang", "en")
    switch.click()
    expect(html).to_have_attribute("lang", "fr")
