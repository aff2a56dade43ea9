"""Oversized inputs are refused cleanly (a form error or a 4xx), never stored, never a crash.
One test per entry of payloads.OVERSIZED."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cercle.accounts.models import User
from cercle.discussions.models import Post, Topic
from cercle.project.tests.payloads import OVERSIZED

pytestmark = pytest.mark.django_db
SIZES = dict(OVERSIZED)


def test_every_oversized_payload_has_its_test():
    assert len(OVERSIZED) == 11


def test_topic_title(client, alice, community):
    client.force_login(alice)
    title = "T" * SIZES["topic title"]
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {"kind": "discussion", "title": title, "body": "Hello"},
    )
    assert response.status_code in {200, 400}
    assert not Topic.objects.filter(title__startswith="TTTT").exists()


def test_post_body(client, alice, community):
    from cercle.discussions.actions import start_topic

    topic = start_topic(community=community, author=alice, kind="discussion", title="t", body="b")
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "B" * SIZES["post body"]})
    assert response.status_code in {200, 400, 413}
    assert not Post.objects.filter(body__startswith="BBBB").exists()


def test_account_name_at_sign_up(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "N" * SIZES["account name at sign-up"],
            "email": "big@example.org",
            "password1": "a quiet river 7841",
            "password2": "a quiet river 7841",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="big@example.org").exists()


def test_email_at_sign_up(client):
    email = "e" * SIZES["email at sign-up"] + "@example.org"
    response = client.post(
        "/accounts/signup/",
        {
            "name": "N",
            "email": email,
            "password1": "a quiet river 7841",
            "password2": "a quiet river 7841",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email=email).exists()


def test_password_at_login(client, alice):
    response = client.post(
        "/accounts/login/",
        {"login": "alice@example.org", "password": "p" * SIZES["password at login"]},
    )
    assert response.status_code in {200, 400}
    assert "_auth_user_id" not in client.session


def test_search_query(client, alice, community):
    client.force_login(alice)
    response = client.get(f"/c/{community.slug}/search/", {"q": "q" * SIZES["search query"]})
    assert response.status_code in {200, 400}


def test_profile_bio(client, alice):
    from cercle.members.models import Profile

    client.force_login(alice)
    client.post("/me/profile/", {"bio": "b" * SIZES["profile bio"]})
    assert not Profile.objects.filter(user=alice, bio__startswith="bbbb").exists()


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, "PNG")
    return buffer.getvalue()


def test_image_upload_over_the_byte_limit(client, alice, settings):
    from cercle.members.models import Profile

    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    client.force_login(alice)
    big = _png() + b"\0" * 2000
    client.post("/me/profile/", {"photo": SimpleUploadedFile("big.png", big, "image/png")})
    assert not Profile.objects.filter(user=alice).exclude(photo="").exists()


def test_image_upload_decompression_bomb(client, alice):
    from cercle.members.models import Profile

    client.force_login(alice)
    bomb = _png((10_000, 10_000))  # 100 Mpx, a few hundred kB compressed
    client.post("/me/profile/", {"photo": SimpleUploadedFile("bomb.png", bomb, "image/png")})
    assert not Profile.objects.filter(user=alice).exclude(photo="").exists()


def test_request_body_over_the_memory_limit(client, alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(alice)
    response = client.post("/me/preferences/", {"name": "n" * 5000})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.name == "Alice Membre"


def test_too_many_form_fields(client, alice):
    client.force_login(alice)
    data = {f"field{n}": "x" for n in range(2000)} | {"name": "Changed"}
    response = client.post("/me/preferences/", data)
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.name == "Alice Membre"
