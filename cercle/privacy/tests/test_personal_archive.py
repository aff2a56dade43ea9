"""A member downloads everything Cercle keeps about them: a ZIP of JSON and their files."""

import io
import json
import zipfile

import pytest

from cercle.privacy.models import DataExport, ExportStatus

pytestmark = pytest.mark.django_db


def _archive(client) -> zipfile.ZipFile:
    client.post("/me/data/")
    export = DataExport.objects.get()
    assert export.status == ExportStatus.READY  # built by the task (immediate in tests)
    response = client.get(f"/me/data/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_archive_holds_all_my_data_and_my_files(client, alice_with_history):
    alice, _topic, bobs, _mine = alice_with_history
    client.force_login(alice)

    archive = _archive(client)

    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "alice@example.org"
    assert "password" not in data["account"]
    assert data["profile"]["organisation"] == "Mairie de Lyon"
    assert data["profile"]["skills"] == ["Marchés publics"]
    assert [m["community_slug"] for m in data["memberships"]] == ["reseau"]
    assert {p["body"] for p in data["posts"]} == {"Q?", "Alice thanks Bob"}
    assert [r["post_id"] for r in data["reactions"]] == [bobs.pk]
    assert len(data["invitations_sent"]) == 1
    assert "token" not in data["invitations_sent"][0]
    assert "notification_preferences" in data
    assert len(data["sessions"]) == 1
    # Bob's reply is his, not hers.
    assert "Bob answers" not in archive.read("data.json").decode()
    photos = [n for n in archive.namelist() if n.startswith("files/photo/")]
    assert len(photos) == 1
    assert archive.read(photos[0]).startswith(b"\x89PNG")


def test_another_persons_archive_cannot_be_downloaded(client, alice_with_history, bob):
    alice = alice_with_history[0]
    client.force_login(alice)
    client.post("/me/data/")
    export = DataExport.objects.get()
    client.force_login(bob)

    # Bob guesses the archive's number, and its neighbours.
    for guess in (export.pk, export.pk - 1, export.pk + 1, 0):
        assert client.get(f"/me/data/{guess}/download/").status_code == 404


def test_the_archive_is_not_reachable_through_media(client, alice_with_history):
    alice = alice_with_history[0]
    client.force_login(alice)
    client.post("/me/data/")
    export = DataExport.objects.get()
    assert export.file.name.startswith("private/")
    assert client.get(f"/media/{export.file.name}").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, alice_with_history):
    alice = alice_with_history[0]
    client.force_login(alice)
    client.post("/me/data/")
    export = DataExport.objects.get()
    client.logout()
    response = client.get(f"/me/data/{export.pk}/download/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_asking_twice_in_a_row_builds_one_archive(client, alice):
    client.force_login(alice)
    client.post("/me/data/")
    client.post("/me/data/")
    assert DataExport.objects.count() == 1


def test_an_expired_archive_is_gone(client, alice):
    from datetime import timedelta

    from django.utils import timezone

    from cercle.privacy.actions import delete_expired_exports

    client.force_login(alice)
    client.post("/me/data/")
    export = DataExport.objects.get()
    DataExport.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/me/data/{export.pk}/download/").status_code == 404
    assert delete_expired_exports() == 1
    assert not export.file.storage.exists(export.file.name)
