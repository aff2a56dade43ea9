"""Forgotten password: a link by email lets the person choose a new one."""

import re

import pytest

from cercle.accounts.tests.test_signup import _logged_in_id, _login

pytestmark = pytest.mark.django_db

OLD = "correct horse 42"
NEW = "a brand new secret 77"
LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/\S+)")


def test_password_reset_by_email_end_to_end(client, make_user, smtp_inbox):
    user = make_user(email="forgetful@example.org", password=OLD)

    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302

    (message,) = smtp_inbox.to("forgetful@example.org")
    (path,) = LINK.findall(smtp_inbox.text(message))

    # The key in the link is swapped for a session-bound form address.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    assert b"password1" in form_page.content

    done = client.post(set_password_url, {"password1": NEW, "password2": NEW})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password(NEW)
    client.logout()
    _login(client, "forgetful@example.org", OLD)
    assert _logged_in_id(client) is None
    _login(client, "forgetful@example.org", NEW)
    assert _logged_in_id(client) == str(user.pk)


def test_a_reset_link_works_only_once(client, make_user, smtp_inbox):
    make_user(email="forgetful@example.org", password=OLD)
    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    (path,) = LINK.findall(smtp_inbox.text(smtp_inbox.to("forgetful@example.org")[0]))
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"password1": NEW, "password2": NEW})
    client.logout()

    again = client.get(path, follow=True)

    assert b"password1" not in again.content
    assert b"invalid" in again.content.lower()


def test_reset_for_an_unknown_address_says_so_and_sends_nothing(client, smtp_inbox):
    # ACCOUNT_PREVENT_ENUMERATION is off: the form tells the person the address is unknown.
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert b"not assigned to any user" in response.content
    assert smtp_inbox.messages == []
