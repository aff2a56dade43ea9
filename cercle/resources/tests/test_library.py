"""Members share links and documents, comment on them; animators feature them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cercle.activity.models import ActivityEvent, Verb
from cercle.lib.errors import Refused
from cercle.lib.tests.samples import pdf_bytes, upload, zip_bytes
from cercle.resources import actions
from cercle.resources.models import Resource, ResourceKind

pytestmark = pytest.mark.django_db


def share_link(community, by, title="Guide de l'entretien annuel", **fields):
    values = {"url": "https://example.org/guide", "description": "Très *clair*.", "tags": ["RH"]}
    values.update(fields)
    return actions.share_resource(community=community, by=by, title=title, **values)


def lib(community, *parts) -> str:
    return f"/c/{community.slug}/library/" + "".join(f"{p}/" for p in parts)


def test_a_member_shares_a_link_from_the_page_and_it_shows_in_the_library(client, community, alice):
    client.force_login(alice)
    response = client.post(
        lib(community, "share"),
        {
            "kind": "link",
            "title": "Le télétravail en PME",
            "url": "https://example.org/teletravail",
            "description": "Ce que j'en ai retenu : **trois règles**.",
            "tags": "Télétravail, management",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert resource.shared_by == alice
    assert resource.kind == ResourceKind.LINK
    assert {t.name for t in resource.tags.all()} == {"management", "Télétravail"}
    assert "<strong>trois règles</strong>" in resource.description_html
    page = client.get(lib(community)).content.decode()
    assert "Le télétravail en PME" in page
    assert "Alice Membre" in page
    assert ActivityEvent.objects.filter(verb=Verb.SHARED_RESOURCE, actor=alice).exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "example.org",
        "https://",
    ],
)
def test_only_web_addresses_are_accepted(community, alice, url):
    with pytest.raises(Refused, match=r"not a web address|Give the address"):
        share_link(community, alice, url=url)
    assert not Resource.objects.exists()


def test_a_refused_link_keeps_what_was_typed(client, community, alice):
    client.force_login(alice)
    page = client.post(
        lib(community, "share"),
        {"kind": "link", "title": "Mon lien", "url": "javascript:alert(1)", "description": "Gardé"},
    ).content.decode()
    assert "is not a web address" in page
    assert "Gardé" in page
    assert 'href="javascript' not in page
    assert not Resource.objects.exists()


def test_a_document_is_checked_stored_privately_and_served_inert(client, community, alice, charlie):
    client.force_login(alice)
    client.post(
        lib(community, "share"),
        {
            "kind": "document",
            "title": "Modèle de fiche de poste",
            "file": upload("fiche.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    resource = Resource.objects.get()
    assert resource.kind == ResourceKind.DOCUMENT
    assert resource.content_type == "application/pdf"
    assert resource.file.name.startswith("private/resources/")
    assert resource.file_name == "fiche.pdf"
    response = client.get(lib(community, resource.pk, "file"))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == pdf_bytes()
    # The private folder is never served as media, and outsiders do not get the file.
    assert client.get(f"/media/{resource.file.name}").status_code == 404
    client.force_login(charlie)
    assert client.get(lib(community, resource.pk, "file")).status_code == 403


def test_documents_that_could_run_are_refused(community, alice):
    for bad in (
        upload("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        upload("archive.zip", zip_bytes(), "application/zip"),
        upload("image.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
    ):
        with pytest.raises(Refused, match="cannot be attached"):
            actions.share_resource(community=community, by=alice, title="Fichier", upload=bad)
    assert not Resource.objects.exists()


def test_a_link_or_a_document_not_both(community, alice):
    with pytest.raises(Refused, match="either a link or a document"):
        actions.share_resource(
            community=community,
            by=alice,
            title="Les deux",
            url="https://example.org",
            upload=SimpleUploadedFile("a.txt", b"hello"),
        )


def test_members_comment_and_the_count_follows(client, community, alice, bob):
    resource = share_link(community, alice)
    client.force_login(bob)
    client.post(lib(community, resource.pk), {"body": "Merci, je l'ai _testé_ en équipe."})
    resource.refresh_from_db()
    assert resource.comment_count == 1
    page = client.get(lib(community, resource.pk)).content.decode()
    assert "<em>testé</em>" in page
    comment = resource.comments.get()
    # Its author or a moderator deletes it; another member cannot.
    client.force_login(alice)
    client.post(lib(community, "comments", comment.pk, "delete"))
    comment.refresh_from_db()
    assert comment.deleted_at is None
    client.force_login(bob)
    client.post(lib(community, "comments", comment.pk, "delete"))
    resource.refresh_from_db()
    assert resource.comment_count == 0
    assert "je l'ai" not in client.get(lib(community, resource.pk)).content.decode()


def test_featured_resources_come_first_and_only_animators_feature(client, community, alice, bob):
    old = share_link(community, alice, title="Ancienne ressource")
    share_link(community, alice, title="Nouvelle ressource")
    client.force_login(alice)
    assert client.post(lib(community, old.pk, "feature"), {"featured": "1"}).status_code == 403
    client.force_login(bob)
    client.post(lib(community, old.pk, "feature"), {"featured": "1"})
    page = client.get(lib(community)).content.decode()
    assert page.index("Ancienne ressource") < page.index("Nouvelle ressource")
    client.post(lib(community, old.pk, "feature"), {"featured": "0"})
    page = client.get(lib(community)).content.decode()
    assert page.index("Nouvelle ressource") < page.index("Ancienne ressource")


def test_only_the_sharer_or_a_moderator_edits_or_deletes(
    client, community, alice, bob, make_member
):
    resource = share_link(community, alice)
    dave = make_member("Dave Membre")
    with pytest.raises(Refused, match="Only the person who shared it"):
        actions.edit_resource(resource=resource, by=dave, title="X", description="", tags=[])
    client.force_login(dave)
    assert client.get(lib(community, resource.pk, "edit")).status_code == 404
    client.post(lib(community, resource.pk, "delete"))
    resource.refresh_from_db()
    assert resource.deleted_at is None
    client.force_login(alice)
    client.post(
        lib(community, resource.pk, "edit"),
        {
            "title": "Guide mis à jour",
            "url": "https://example.org/v2",
            "description": "",
            "tags": "",
        },
    )
    resource.refresh_from_db()
    assert (resource.title, resource.url) == ("Guide mis à jour", "https://example.org/v2")
    client.force_login(bob)
    client.post(lib(community, resource.pk, "delete"))
    resource.refresh_from_db()
    assert resource.deleted_at is not None
    client.force_login(alice)
    assert client.get(lib(community, resource.pk)).status_code == 404
    assert "Guide mis à jour" not in client.get(lib(community)).content.decode()


def test_tags_and_kind_filter_the_library(client, community, alice):
    share_link(community, alice, title="Sur le recrutement", tags=["Recrutement"])
    share_link(community, alice, title="Sur la paie", tags=["Paie"])
    client.force_login(alice)
    page = client.get(lib(community) + "?tag=recrutement").content.decode()
    assert "Sur le recrutement" in page
    assert "Sur la paie" not in page
    page = client.get(lib(community) + "?q=paie").content.decode()
    assert "Sur la paie" in page
    assert "Sur le recrutement" not in page
    assert "Sur la paie" not in client.get(lib(community) + "?kind=document").content.decode()


def test_who_reads_and_who_writes_by_visibility(
    client, make_community, bob, alice, charlie, make_member
):
    public = make_community(animator=bob, visibility="public")
    hidden = make_community(animator=bob, visibility="hidden")
    for place in (public, hidden):
        share_link(place, bob, title=f"Ressource {place.visibility}")
    # An outsider reads a public library but cannot write in it...
    client.force_login(charlie)
    assert "Ressource public" in client.get(lib(public)).content.decode()
    assert client.get(lib(public, "share")).status_code == 403
    with pytest.raises(Refused):
        share_link(public, charlie)
    # ...and a hidden community's does not exist for them.
    assert client.get(lib(hidden)).status_code == 404
    resource = Resource.objects.get(community=hidden)
    assert client.get(lib(hidden, resource.pk)).status_code == 404
    # Anonymous visitors read the public one too.
    client.logout()
    assert client.get(lib(public)).status_code == 200


def test_an_archive_is_read_only(client, community, alice):
    resource = share_link(community, alice)
    community.is_archive = True
    community.save()
    client.force_login(alice)
    page = client.get(lib(community)).content.decode()
    assert "read-only archive" in page
    assert "Share a resource" not in page
    with pytest.raises(Refused, match="read-only archive"):
        share_link(community, alice)
    with pytest.raises(Refused, match="read-only archive"):
        actions.comment(resource=resource, by=alice, body="Non")
    with pytest.raises(Refused, match="read-only archive"):
        actions.create_page(community=community, by=alice, title="Page", body="Texte")
