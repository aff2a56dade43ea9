"""A member sees every browser where they are logged in, and can log any of them out."""

import pytest
from django.test import Client

from cercle.accounts.models import LoginSession
from cercle.accounts.sessions import describe_device

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _log_in(user, agent: str, ip: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "correct horse 42"}
    )
    assert response.status_code == 302
    return client


def _is_logged_in(client: Client) -> bool:
    return client.get("/me/preferences/").status_code == 200


def test_the_list_shows_each_browser_and_marks_the_current_one(alice):
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    _log_in(alice, SAFARI_IPHONE, "198.51.100.20")

    page = laptop.get("/me/sessions/")

    rows = page.context["rows"]
    assert [r["device"] for r in rows] == ["Safari · iOS", "Firefox · Windows"]
    assert [r["current"] for r in rows] == [False, True]
    body = page.content.decode()
    assert "203.0.113.10" in body
    assert "198.51.100.20" in body
    assert "this browser" in body


def test_ending_a_session_logs_that_browser_out_and_only_it(alice):
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    phone = _log_in(alice, SAFARI_IPHONE, "198.51.100.20")
    phone_row = LoginSession.objects.get(user_agent=SAFARI_IPHONE)

    response = laptop.post(f"/me/sessions/{phone_row.pk}/end/")

    assert response.status_code == 302
    assert not _is_logged_in(phone)
    assert _is_logged_in(laptop)
    assert not LoginSession.objects.filter(pk=phone_row.pk).exists()


def test_log_out_everywhere_else(alice):
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    others = [_log_in(alice, SAFARI_IPHONE, f"198.51.100.{n}") for n in range(3)]

    laptop.post("/me/sessions/end-others/")

    assert _is_logged_in(laptop)
    assert not any(_is_logged_in(c) for c in others)
    assert LoginSession.objects.filter(user=alice).count() == 1


def test_nobody_can_end_another_persons_session(alice, bob):
    _log_in(alice, SAFARI_IPHONE, "198.51.100.20")
    alices = LoginSession.objects.get(user=alice)
    intruder = _log_in(bob, FIREFOX_WINDOWS, "203.0.113.10")

    assert intruder.post(f"/me/sessions/{alices.pk}/end/").status_code == 404
    assert LoginSession.objects.filter(pk=alices.pk).exists()
    assert alices.session_key not in intruder.get("/me/sessions/").content.decode()


def test_a_session_whose_record_is_gone_is_logged_out(alice):
    # E.g. ended while Django rotated its key: the record is the authority.
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    LoginSession.objects.filter(user=alice).delete()
    session = laptop.session
    session["_cercle_login_session"]["seen"] = "2000-01-01T00:00:00+00:00"
    session.save()

    assert not _is_logged_in(laptop)


def test_last_activity_is_refreshed_every_few_minutes_not_on_every_page(alice):
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    row = LoginSession.objects.get(user=alice)
    laptop.get("/me/preferences/")
    assert LoginSession.objects.get(pk=row.pk).last_activity == row.last_activity

    session = laptop.session
    session["_cercle_login_session"]["seen"] = "2000-01-01T00:00:00+00:00"
    session.save()
    laptop.get("/me/preferences/")
    assert LoginSession.objects.get(pk=row.pk).last_activity > row.last_activity


def test_logging_out_removes_the_record(alice):
    laptop = _log_in(alice, FIREFOX_WINDOWS, "203.0.113.10")
    laptop.post("/accounts/logout/")
    assert not LoginSession.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (FIREFOX_WINDOWS, "Firefox · Windows"),
        (SAFARI_IPHONE, "Safari · iOS"),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36",
            "Chrome · Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge · macOS",
        ),
        ("curl/8.5", ""),
    ],
)
def test_devices_are_described_plainly(agent, device):
    assert describe_device(agent) == device
