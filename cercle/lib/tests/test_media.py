"""/media/ serves public uploads inertly, and never the private folder (attachments)."""

from pathlib import Path

import pytest

from cercle.lib.tests import samples


@pytest.fixture
def media(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    (root / "logos").mkdir(parents=True)
    (root / "private" / "attachments").mkdir(parents=True)
    (root / "logos" / "a.png").write_bytes(samples.image_bytes())
    (root / "logos" / "page.html").write_bytes(samples.HTML_PAGE)
    (root / "private" / "attachments" / "secret.pdf").write_bytes(samples.pdf_bytes())
    return root


def test_a_public_picture_is_served_inline_and_inert(client, media):
    response = client.get("/media/logos/a.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "Content-Disposition" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_anything_else_under_media_is_a_download(client, media):
    response = client.get("/media/logos/page.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "private/attachments/secret.pdf",
        "logos/../private/attachments/secret.pdf",
        "private/../private/attachments/secret.pdf",
        "../media/private/attachments/secret.pdf",
    ],
)
def test_the_private_folder_is_never_served_at_media(client, media, path):
    assert client.get(f"/media/{path}").status_code == 404
