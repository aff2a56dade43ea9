"""/media/ serves files from MEDIA_ROOT and nothing else, whatever the path says."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from cercle.lib.media import serve_media
from cercle.project.tests.payloads import PATH_TRAVERSAL

SECRET = b"secret outside the media folder"


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 16)
    (root / "private" / "attachments").mkdir(parents=True)
    (root / "private" / "attachments" / "any.pdf").write_bytes(SECRET)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    settings.MEDIA_ROOT = root
    return root


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_file_in_the_media_folder_is_served_inert(client, media):
    response = client.get("/media/photos/ok.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("payload", PATH_TRAVERSAL)
def test_traversal_through_the_url_is_not_found(client, media, payload):
    response = client.get("/media/" + payload)
    assert response.status_code == 404
    assert SECRET not in _body(response)


@pytest.mark.parametrize("payload", PATH_TRAVERSAL)
def test_traversal_given_to_the_view_itself_is_not_found(media, payload):
    # Past the URL resolver: the view alone must refuse (a rewrite rule could pass anything).
    from urllib.parse import unquote

    request = RequestFactory().get("/media/x")
    for path in {payload, unquote(payload), unquote(unquote(payload))}:
        with pytest.raises(Http404):
            serve_media(request, path)


def test_a_symlink_out_of_the_media_folder_is_not_followed(client, media, tmp_path):
    (media / "photos" / "link.png").symlink_to(tmp_path / "secret.txt")
    response = client.get("/media/photos/link.png")
    assert response.status_code == 404
