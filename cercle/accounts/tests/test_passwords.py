"""Weak passwords are refused, at sign-up and when changing one's password."""

import pytest

from cercle.accounts.models import User

pytestmark = pytest.mark.django_db

WEAK = [
    ("short", "Tr0ub4dor"),  # 9 characters: the minimum is 10
    ("common", "password123"),
    ("common", "iloveyou12"),
    ("numeric", "4815162342"),
    ("like the email", "nina.nouvelle"),
]


@pytest.mark.parametrize(("why", "password"), WEAK)
def test_sign_up_refuses_a_weak_password(client, why, password):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Nina Nouvelle",
            "email": "nina.nouvelle@example.org",
            "password1": password,
            "password2": password,
            "website": "",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nina.nouvelle@example.org").exists()
    assert response.context["form"].errors["password1"], why


def test_sign_up_accepts_a_long_uncommon_password(client):
    password = "a quiet river 7841"
    client.post(
        "/accounts/signup/",
        {
            "name": "Nina Nouvelle",
            "email": "nina.nouvelle@example.org",
            "password1": password,
            "password2": password,
            "website": "",
        },
    )
    assert User.objects.filter(email="nina.nouvelle@example.org").exists()


@pytest.mark.parametrize(("why", "password"), WEAK)
def test_password_change_refuses_a_weak_password(client, make_user, why, password):
    user = make_user("Nina Nouvelle", "nina.nouvelle@example.org")
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "correct horse 42", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("correct horse 42"), why
