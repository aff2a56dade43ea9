"""Profile photos: only real images, of a reasonable size; a refusal saves nothing."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _png(size: int = 64) -> bytes:
    rng = random.Random(4)
    image = Image.frombytes("RGB", (size, size), bytes(rng.randrange(256) for _ in range(size**3)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _files_in(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.fixture
def alice_profile(alice):
    profile = alice.profile
    profile.organisation = "Avant"
    profile.save()
    return profile


def _post(client, photo):
    return client.post("/me/profile/", {"organisation": "Après", "photo": photo})


def test_an_oversized_photo_is_refused_and_nothing_is_saved(client, alice, alice_profile, settings):
    data = _png(64)
    settings.MAX_IMAGE_UPLOAD_BYTES = len(data) - 1
    client.force_login(alice)

    response = _post(client, SimpleUploadedFile("me.png", data, content_type="image/png"))

    assert response.status_code == 200
    assert b"This image is too large" in response.content
    alice_profile.refresh_from_db()
    assert alice_profile.organisation == "Avant"
    assert not alice_profile.photo
    assert _files_in(settings.MEDIA_ROOT) == []


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(
    client, alice, alice_profile, settings
):
    client.force_login(alice)
    fake = SimpleUploadedFile(
        "holiday.jpg", b"<script>alert(1)</script>" * 40, content_type="image/jpeg"
    )

    response = _post(client, fake)

    assert response.status_code == 200
    assert b"Upload a valid image" in response.content
    alice_profile.refresh_from_db()
    assert alice_profile.organisation == "Avant"
    assert not alice_profile.photo
    assert _files_in(settings.MEDIA_ROOT) == []


def test_a_real_image_is_stored_under_a_random_name_with_its_true_extension(
    client, alice, alice_profile, settings
):
    client.force_login(alice)

    response = _post(client, SimpleUploadedFile("../../me.jpg", _png(), content_type="image/jpeg"))

    assert response.status_code == 302
    alice_profile.refresh_from_db()
    assert alice_profile.organisation == "Après"
    assert alice_profile.photo.name.startswith("photos/")
    assert alice_profile.photo.name.endswith(".png")
    assert "me" not in alice_profile.photo.name.removeprefix("photos/")
    (stored,) = _files_in(settings.MEDIA_ROOT)
    assert stored.read_bytes() == _png()
