"""One-click unsubscribe (RFC 8058): a POST to the List-Unsubscribe address, without cookie nor
CSRF token, stops that kind of mail from that community; a GET asks first; a forged token does
nothing."""

from datetime import timedelta

import pytest
from django.test import Client

from cercle.newsletters.actions.digests import send_digests
from cercle.newsletters.models import MailKind, MailPreference, Rhythm
from cercle.newsletters.tests.conftest import set_joined
from cercle.newsletters.tokens import make_token, read_token


@pytest.fixture
def digest_of_alice(community, old_members, monday, make_member, smtp_inbox):
    newcomer = make_member("Nouvelle", "new@example.org")
    set_joined(newcomer, community, monday - timedelta(days=1))
    send_digests(rhythm="weekly", at=monday)
    return smtp_inbox.to("alice@example.org")[0]


def one_click_url(mail) -> str:
    header = " ".join(mail["List-Unsubscribe"].split())
    return header.split("<", 1)[1].split(">", 1)[0].removeprefix("https://cercle.example.org")


def test_a_one_click_post_unsubscribes_without_cookie_nor_csrf_token(
    digest_of_alice, alice, community, monday, smtp_inbox
):
    url = one_click_url(digest_of_alice)
    mail_client = Client(enforce_csrf_checks=True)  # no session, no CSRF cookie
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    choice = MailPreference.objects.get(user=alice, community=community)
    assert (choice.digest, choice.newsletter) == (Rhythm.NEVER, True)
    # Repeating it changes nothing, and no more digest goes to her.
    assert mail_client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    smtp_inbox.messages.clear()
    send_digests(rhythm="weekly", at=monday + timedelta(days=7, hours=1))
    assert smtp_inbox.to("alice@example.org") == []


def test_following_the_link_asks_before_unsubscribing(digest_of_alice, alice, community):
    url = one_click_url(digest_of_alice)
    page = Client().get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Stop receiving the digest of Réseau des dirigeants by email?" in body
    assert f'action="{url}"' in body
    assert not MailPreference.objects.filter(user=alice).exists()


def test_the_text_part_carries_the_same_link(digest_of_alice):
    text = digest_of_alice.get_body(preferencelist=("plain",)).get_content()
    assert "https://cercle.example.org" + one_click_url(digest_of_alice) in text


def test_a_forged_or_altered_token_is_a_404_and_changes_nothing(
    digest_of_alice, alice, bob, community
):
    token = one_click_url(digest_of_alice).split("/")[2]
    what = read_token(token)
    assert what.user_id == alice.pk
    value, signature = token.split(":")
    forged = [
        f"{bob.pk}.{community.pk}.d:{signature}",  # someone else, the same signature
        f"{value}:{signature[:-2]}xx",  # a signature altered
        f"{bob.pk}.{community.pk}.d",  # no signature
        "not-a-token",
    ]
    client = Client(enforce_csrf_checks=True)
    for bad in forged:
        assert client.post(f"/u/{bad}/", {"List-Unsubscribe": "One-Click"}).status_code == 404
        assert client.get(f"/u/{bad}/").status_code == 404
    assert not MailPreference.objects.exists()


def test_a_token_for_a_community_or_account_that_is_gone_is_a_404(alice, community):
    token = make_token(alice.pk, community.pk + 1000, MailKind.DIGEST)
    assert Client().post(f"/u/{token}/").status_code == 404


def test_the_newsletter_link_stops_newsletters_only(alice, community):
    token = make_token(alice.pk, community.pk, MailKind.NEWSLETTER)
    response = Client(enforce_csrf_checks=True).post(f"/u/{token}/", {})
    assert response.status_code == 200
    choice = MailPreference.objects.get(user=alice, community=community)
    assert (choice.digest, choice.newsletter) == (Rhythm.WEEKLY, False)


def test_other_views_still_require_the_csrf_token(alice, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/me/email/", {f"digest_{community.pk}": "never"})
    assert response.status_code == 403
    assert not MailPreference.objects.exists()
