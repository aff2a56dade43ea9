"""Password guessing is slowed down: after AXES_FAILURE_LIMIT wrong passwords for one address
from one IP, logging in there is paused, and the person is told why and for how long."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def _login(client, email, password, ip="203.0.113.7"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_wrong_password_is_counted_by_email_and_ip(client, alice):
    _login(client, "Alice@Example.org", "wrong password 1")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "alice@example.org"
    assert attempt.ip_address == "203.0.113.7"
    assert attempt.failures_since_start == 1


def test_the_address_is_locked_after_the_limit_even_with_the_right_password(
    client, alice, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "alice@example.org", f"guess {n}")
        assert response.status_code == 200  # the form again, with its error
    assert _login(client, "alice@example.org", "last guess").status_code == 429

    response = _login(client, "alice@example.org", PASSWORD)

    assert response.status_code == 429
    assert not _logged_in(client)
    body = response.content.decode()
    assert "Too many attempts" in body
    assert "Try again in 15 minutes" in body
    assert "/accounts/password/reset/" in body


def test_the_lock_holds_whatever_the_case_of_the_address(client, alice, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "ALICE@example.org" if n % 2 else "alice@EXAMPLE.org", f"guess {n}")
    assert _login(client, "alice@example.org", PASSWORD).status_code == 429


def test_another_ip_and_another_address_are_not_locked(client, alice, bob, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice@example.org", f"guess {n}")

    # Alice from her own network is not locked out by someone guessing elsewhere...
    response = _login(client, "alice@example.org", PASSWORD, ip="198.51.100.2")
    assert response.status_code == 302
    assert _logged_in(client)
    client.logout()
    # ...and the guesser's IP can still log in to other accounts.
    assert _login(client, "bob@example.org", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, alice, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice@example.org", f"guess {n}")
    assert _login(client, "alice@example.org", PASSWORD).status_code == 429

    from datetime import timedelta

    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "alice@example.org", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client, alice, settings):
    settings.BEHIND_PROXY = True
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/accounts/login/",
            {"login": "alice@example.org", "password": f"guess {n}"},
            REMOTE_ADDR="10.0.0.1",
            # The client invents a new first hop each time; the proxy appends the real one.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
    assert response.status_code == 429
