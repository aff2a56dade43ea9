"""Files attached to posts: checked from their content, stored privately, served only to those
who may read the post, never lost when a post is refused."""

from pathlib import Path

import pytest
from django.conf import settings

from cercle.communities.actions.joining import leave
from cercle.communities.models import Membership
from cercle.discussions import actions
from cercle.discussions.models import Attachment, Draft, Post
from cercle.lib.errors import Refused
from cercle.lib.tests import samples


def reply_with_files(topic, author, files, body="Voici le document."):
    """Files go through the author's draft, as from the composer."""
    saved = actions.save_draft(
        user=author, community=topic.community, topic=topic, body=body, uploads=files
    )
    assert saved.refused == []
    return actions.reply(topic=topic, author=author, body=body, draft=saved.draft)


def topic_url(topic) -> str:
    return f"/c/{topic.community.slug}/t/{topic.pk}/"


def file_url(attachment) -> str:
    return f"/c/{attachment.community.slug}/files/{attachment.pk}/"


# --- Attaching ------------------------------------------------------------------------------


def test_a_member_attaches_files_to_a_reply_from_the_topic_page(client, topic, bob):
    client.force_login(bob)
    response = client.post(
        topic_url(topic),
        {"body": "Le compte rendu et une photo", "attachments": [samples.pdf(), samples.png()]},
    )
    assert response.status_code == 302
    post = Post.objects.latest("pk")
    files = list(post.attachments.order_by("pk"))
    assert [(f.name, f.content_type) for f in files] == [
        ("compte-rendu.pdf", "application/pdf"),
        ("photo.png", "image/png"),
    ]
    assert (files[1].width, files[1].height) == (8, 6)
    assert files[0].size == len(samples.pdf_bytes())
    assert files[0].uploaded_by == bob
    # Stored under a random name in the private folder, never the uploader's.
    for attachment in files:
        assert attachment.file.name.startswith("private/attachments/")
        assert "compte-rendu" not in attachment.file.name
        assert (Path(settings.MEDIA_ROOT) / attachment.file.name).is_file()
    assert not Draft.objects.exists()  # published: the draft is gone
    page = client.get(topic_url(topic)).content.decode()
    assert f'<img src="{file_url(files[1])}" alt="photo.png"' in page
    assert f'href="{file_url(files[0])}" download="compte-rendu.pdf">compte-rendu.pdf</a>' in page


def test_an_opening_post_takes_files_from_the_new_topic_form(client, community, alice):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {
            "kind": "discussion",
            "title": "Nos statuts",
            "body": "Les voici.",
            "attachments": [samples.upload("statuts.odt", samples.opendocument_bytes())],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(topic__title="Nos statuts")
    assert post.attachments.get().content_type == "application/vnd.oasis.opendocument.text"
    assert not Draft.objects.exists()


def test_a_file_too_large_is_refused_and_nothing_is_lost(client, topic, alice, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(alice)
    response = client.post(
        topic_url(topic),
        {
            "body": "Mon texte précieux",
            "attachments": [samples.upload("gros.txt", b"a" * 1500), samples.pdf()],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“gros.txt” is too large (1.5\xa0KB); the limit is 1000\xa0bytes per file." in page
    assert "Mon texte précieux</textarea>" in page
    assert Post.objects.count() == 1  # not published
    # The text and the good file wait in the draft, shown in the form.
    draft = Draft.objects.get(user=alice, topic=topic)
    assert draft.body == "Mon texte précieux"
    assert [a.name for a in draft.attachments.all()] == ["compte-rendu.pdf"]
    assert "Files kept with your draft" in page
    # Publishing now takes the waiting file along.
    response = client.post(topic_url(topic), {"body": "Mon texte précieux"})
    assert response.status_code == 302
    post = Post.objects.latest("pk")
    assert [a.name for a in post.attachments.all()] == ["compte-rendu.pdf"]
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.png", samples.HTML_PAGE, "image/png"),  # HTML disguised as a picture
        ("logo.svg", samples.SVG_IMAGE, "image/svg+xml"),
        ("logo.png", samples.SVG_IMAGE, "image/png"),
        ("notes.txt", samples.HTML_PAGE, "text/plain"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "application/octet-stream"),
    ],
)
def test_pages_pictures_that_run_and_programs_are_refused(
    client, topic, alice, name, content, content_type
):
    client.force_login(alice)
    response = client.post(
        topic_url(topic),
        {"body": "Regardez", "attachments": [samples.upload(name, content, content_type)]},
    )
    assert response.status_code == 200
    assert "cannot be attached" in response.content.decode()
    assert not Attachment.objects.exists()
    assert Post.objects.count() == 1
    assert Draft.objects.get(user=alice).body == "Regardez"


def test_too_many_files(client, topic, alice, settings):
    settings.ATTACHMENTS_PER_POST = 2
    client.force_login(alice)
    files = [samples.pdf(f"{n}.pdf") for n in "abc"]
    response = client.post(topic_url(topic), {"body": "Trois", "attachments": files})
    assert response.status_code == 200
    assert "A message has at most 2 attached files: “c.pdf” was not attached." in (
        response.content.decode()
    )
    draft = Draft.objects.get(user=alice)
    assert sorted(a.name for a in draft.attachments.all()) == ["a.pdf", "b.pdf"]
    # Adding one more later is refused too; taking one away makes room.
    saved = actions.save_draft(
        user=alice, community=topic.community, topic=topic, body="x", uploads=[samples.pdf()]
    )
    assert len(saved.refused) == 1
    first = draft.attachments.order_by("pk").first()
    saved = actions.save_draft(
        user=alice,
        community=topic.community,
        topic=topic,
        body="x",
        uploads=[samples.pdf("d.pdf")],
        remove_attachments=[first.pk],
    )
    assert saved.refused == []
    assert sorted(a.name for a in draft.attachments.all()) == ["b.pdf", "d.pdf"]


def test_a_reply_to_a_topic_closed_meanwhile_keeps_text_and_files(
    client, topic, alice, bob, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    actions.close_topic(topic=topic, by=bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            topic_url(topic), {"body": "Ma réponse tardive", "attachments": [samples.pdf()]}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This topic is closed" in page
    assert "Ma réponse tardive</textarea>" in page
    assert "It stays in your drafts, with its files" in page
    draft = Draft.objects.get(user=alice, topic=topic)
    assert draft.attachments.get().name == "compte-rendu.pdf"
    assert (Path(settings.MEDIA_ROOT) / draft.attachments.get().file.name).is_file()
    drafts_page = client.get("/me/drafts/").content.decode()
    assert "Ma réponse tardive" in drafts_page
    assert "1 file" in drafts_page


def test_file_names_cannot_inject_markup(client, topic, alice):
    names = [
        '<img src=x onerror="alert(1)">.pdf',
        "a' onmouseover='alert(2).pdf",
        'b" onmouseover="alert(3).pdf',
    ]
    reply_with_files(topic, alice, [samples.pdf(name) for name in names])
    client.force_login(alice)
    page = client.get(topic_url(topic)).content.decode()
    assert "<img src=x" not in page
    assert "' onmouseover='" not in page
    assert '" onmouseover="' not in page
    assert "a&#x27; onmouseover=&#x27;alert(2).pdf" in page
    attachment = Attachment.objects.get(name__startswith="b")
    response = client.get(file_url(attachment))
    assert response["Content-Disposition"] == 'attachment; filename="b_ onmouseover=_alert(3).pdf"'


def test_editing_adds_and_removes_files(client, topic, alice, django_capture_on_commit_callbacks):
    post = reply_with_files(topic, alice, [samples.pdf("a.pdf"), samples.pdf("b.pdf")])
    a = post.attachments.order_by("pk").first()
    stored = Path(settings.MEDIA_ROOT) / a.file.name
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/{topic.community.slug}/p/{post.pk}/edit/",
            {
                "body": post.body,
                "remove_attachment": [a.pk],
                "attachments": [samples.png("schema.png")],
            },
        )
    assert response.status_code == 302
    assert [f.name for f in post.attachments.order_by("pk")] == ["b.pdf", "schema.png"]
    assert not stored.exists()  # a file taken away is deleted for good
    assert not post.revisions.exists()  # the text did not change: no revision


def test_an_edit_with_a_refused_file_changes_nothing_and_keeps_the_text(client, topic, alice):
    post = reply_with_files(topic, alice, [samples.pdf()])
    client.force_login(alice)
    response = client.post(
        f"/c/{topic.community.slug}/p/{post.pk}/edit/",
        {
            "body": "Texte corrigé",
            "remove_attachment": [post.attachments.get().pk],
            "attachments": [samples.upload("x.svg", samples.SVG_IMAGE)],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be attached" in page
    assert "Texte corrigé</textarea>" in page
    post.refresh_from_db()
    assert post.body == "Voici le document."
    assert post.attachments.count() == 1


def test_others_cannot_remove_files_from_a_post(topic, alice, bob, make_member):
    post = reply_with_files(topic, alice, [samples.pdf()])
    other = make_member()
    with pytest.raises(Refused, match="only edit your own"):
        actions.edit_post(
            post=post,
            by=other,
            body=post.body,
            remove_attachments=[post.attachments.get().pk],
        )
    assert post.attachments.count() == 1


# --- Serving --------------------------------------------------------------------------------


def test_pictures_are_served_inline_and_inert(client, topic, alice):
    post = reply_with_files(topic, alice, [samples.png()])
    client.force_login(alice)
    response = client.get(file_url(post.attachments.get()))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert b"".join(response.streaming_content) == samples.image_bytes()


@pytest.mark.parametrize(
    ("upload", "content_type", "disposition"),
    [
        (samples.pdf(), "application/pdf", 'attachment; filename="compte-rendu.pdf"'),
        (
            samples.upload("liste.csv", b"a;b\n1;2\n", "text/html"),
            "text/csv; charset=utf-8",
            'attachment; filename="liste.csv"',
        ),
        (
            samples.upload("requete.sql", b"select 1;\n"),
            "text/plain; charset=utf-8",
            'attachment; filename="requete.sql.txt"',
        ),
        (
            samples.upload("déjà vu.pdf", samples.pdf_bytes()),
            "application/pdf",
            "attachment; filename*=utf-8''d%C3%A9j%C3%A0%20vu.pdf",
        ),
    ],
)
def test_everything_else_downloads_with_the_kind_found_in_its_content(
    client, topic, alice, upload, content_type, disposition
):
    post = reply_with_files(topic, alice, [upload])
    client.force_login(alice)
    response = client.get(file_url(post.attachments.get()))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_outsiders_and_members_who_left_get_404(client, community, topic, alice, bob, charlie):
    attachment = reply_with_files(topic, bob, [samples.pdf()]).attachments.get()
    url = file_url(attachment)
    assert client.get(url).status_code == 404  # anonymous, members-only community
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200
    leave(membership=Membership.objects.get(community=community, user=alice))
    assert client.get(url).status_code == 404


def test_public_communities_serve_their_files_to_anyone(client, make_community, bob):
    public = make_community(animator=bob, visibility="public")
    topic = actions.start_topic(
        community=public, author=bob, kind="discussion", title="Ouvert", body="Tous"
    )
    attachment = reply_with_files(topic, bob, [samples.pdf()]).attachments.get()
    assert client.get(file_url(attachment)).status_code == 200


def test_a_file_is_not_served_under_another_communitys_address(
    client, make_community, topic, alice, bob
):
    attachment = reply_with_files(topic, alice, [samples.pdf()]).attachments.get()
    other = make_community(animator=bob, visibility="public")
    client.force_login(bob)
    assert client.get(f"/c/{other.slug}/files/{attachment.pk}/").status_code == 404


def test_files_of_a_deleted_post_are_hidden_from_those_who_cannot_see_it(client, topic, alice, bob):
    post = reply_with_files(topic, alice, [samples.pdf(), samples.png()])
    actions.delete_post(post=post, by=alice)
    url = file_url(post.attachments.first())
    client.force_login(alice)  # even its author: members see "message deleted"
    assert client.get(url).status_code == 404
    assert url not in client.get(topic_url(topic)).content.decode()
    client.force_login(bob)  # moderators still see it, to restore it
    assert client.get(url).status_code == 200
    actions.restore_post(post=post, by=bob)
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_files_of_a_deleted_topic_are_hidden(client, topic, alice, bob):
    attachment = reply_with_files(topic, bob, [samples.pdf()]).attachments.get()
    actions.delete_post(post=topic.opening_post, by=alice)
    client.force_login(alice)
    assert client.get(file_url(attachment)).status_code == 404


def test_files_waiting_in_a_draft_are_served_to_their_uploader_only(client, topic, alice, bob):
    saved = actions.save_draft(
        user=alice, community=topic.community, topic=topic, body="…", uploads=[samples.pdf()]
    )
    url = file_url(saved.draft.attachments.get())
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_a_file_missing_from_disk_is_a_404_not_an_error(client, topic, alice):
    attachment = reply_with_files(topic, alice, [samples.pdf()]).attachments.get()
    (Path(settings.MEDIA_ROOT) / attachment.file.name).unlink()
    client.force_login(alice)
    assert client.get(file_url(attachment)).status_code == 404
