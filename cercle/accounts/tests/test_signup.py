"""Creating an account: sign up, confirm the address from the email, then log in by email."""

import re

import pytest
from allauth.account.models import EmailAddress

import cercle.project.settings as production_settings
from cercle.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk 8392"
LINK = re.compile(r"https?://testserver(/\S+)")


def _signup(client, email="nina@example.org", **extra):
    data = {
        "name": "Nina Nouvelle",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    data.update(extra)
    return client.post("/accounts/signup/", data)


def _login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _logged_in_id(client):
    return client.session.get("_auth_user_id")


def _link_in(smtp_inbox, address, path_start):
    (message,) = smtp_inbox.to(address)
    paths = [p for p in LINK.findall(smtp_inbox.text(message)) if p.startswith(path_start)]
    assert paths, smtp_inbox.text(message)
    return paths[0]


def test_argon2_is_the_production_password_hasher():
    # Read from the settings module itself: tests swap in a faster hasher.
    assert production_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_sign_up_confirm_by_email_then_log_in(client, smtp_inbox, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS

    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="nina@example.org")
    assert user.name == "Nina Nouvelle"
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
    assert _logged_in_id(client) is None

    # The confirmation email really went out through SMTP.
    path = _link_in(smtp_inbox, "nina@example.org", "/accounts/confirm-email/")

    # Opening the link shows a page; only the button confirms (mail scanners follow links).
    page = client.get(path)
    assert page.status_code == 200
    assert b"nina@example.org" in page.content
    assert not EmailAddress.objects.get(email="nina@example.org").verified

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="nina@example.org").verified
    assert _logged_in_id(client) == str(user.pk)  # confirming logs the newcomer in

    client.logout()
    assert _logged_in_id(client) is None
    _login(client, "nina@example.org")
    assert _logged_in_id(client) == str(user.pk)


def test_login_is_refused_until_the_address_is_confirmed(client, smtp_inbox):
    _signup(client)
    client.logout()

    response = _login(client, "nina@example.org")

    assert _logged_in_id(client) is None
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    # Home shows the visitor as anonymous.
    assert b"Create an account" in client.get("/").content


def test_login_works_with_the_email_in_another_case(client, make_user):
    user = make_user(email="mixed@example.org", password=PASSWORD)
    _login(client, "Mixed@Example.org")
    assert _logged_in_id(client) == str(user.pk)


def test_a_second_account_with_the_same_email_is_refused(client, make_user, smtp_inbox):
    make_user(email="taken@example.org")

    response = _signup(client, email="taken@example.org")

    assert response.status_code == 200
    assert b"already" in response.content
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert smtp_inbox.messages == []


def test_the_same_email_in_capitals_is_still_a_duplicate(client, make_user):
    make_user(email="taken@example.org")

    response = _signup(client, email="TAKEN@example.org")

    assert response.status_code == 200
    assert b"already" in response.content
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_a_bot_filling_the_hidden_field_gets_no_account(client, smtp_inbox):
    response = _signup(client, website="http://spam.example")

    assert response.status_code == 200
    assert not User.objects.filter(email="nina@example.org").exists()
    assert smtp_inbox.messages == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", b"at least 10"), ("1234567890123", b"entirely numeric")],
)
def test_weak_passwords_are_refused_with_the_reason(client, password, reason):
    response = _signup(client, password1=password, password2=password)

    assert response.status_code == 200
    assert reason in response.content
    assert not User.objects.filter(email="nina@example.org").exists()


def test_a_newcomer_has_a_profile_from_the_start(client, smtp_inbox):
    _signup(client)
    user = User.objects.get(email="nina@example.org")
    assert user.profile.pk is not None
