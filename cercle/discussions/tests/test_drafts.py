"""Drafts: what members type is kept (autosaved, and at every submission), restored on any
device, gone once published, and private to its author."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cercle.activity.models import ActivityEvent
from cercle.communities.actions.joining import join
from cercle.discussions import actions
from cercle.discussions.models import Attachment, Draft, Post, Topic
from cercle.lib.errors import Refused
from cercle.lib.tests import samples

HTMX = {"HTTP_HX_REQUEST": "true"}


def draft_url(topic) -> str:
    return f"/c/{topic.community.slug}/t/{topic.pk}/draft/"


def new_draft_url(community) -> str:
    return f"/c/{community.slug}/discussions/new/draft/"


def topic_url(topic) -> str:
    return f"/c/{topic.community.slug}/t/{topic.pk}/"


def test_the_composer_autosaves_with_htmx(client, topic, alice):
    client.force_login(alice)
    page = client.get(topic_url(topic)).content.decode()
    assert f'hx-post="{draft_url(topic)}"' in page
    assert 'hx-trigger="input delay:2s from:closest form' in page
    assert 'hx-params="not attachments,remove_attachment"' in page
    assert 'enctype="multipart/form-data"' in page


def test_autosave_creates_then_replaces_the_members_draft(client, topic, alice):
    client.force_login(alice)
    client.get(topic_url(topic))  # the day's visit is recorded: not what is counted here
    events = ActivityEvent.objects.count()
    response = client.post(draft_url(topic), {"body": "Un début"}, **HTMX)
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()
    first = Draft.objects.get(user=alice, topic=topic)
    client.post(draft_url(topic), {"body": "Un début, puis la suite", "side": "for"}, **HTMX)
    draft = Draft.objects.get(user=alice, topic=topic)
    assert draft.pk == first.pk
    assert draft.body == "Un début, puis la suite"
    assert draft.data == {"side": "for"}
    assert draft.updated_at >= first.updated_at
    assert ActivityEvent.objects.count() == events  # private: not community activity


def test_the_draft_comes_back_on_another_device(topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Une idée")
    laptop, phone = Client(), Client()
    laptop.force_login(alice)
    laptop.post(
        draft_url(topic), {"body": "Commencé sur le portable", "reply_to": first.pk}, **HTMX
    )
    phone.force_login(alice)
    page = phone.get(topic_url(topic)).content.decode()
    assert "Commencé sur le portable</textarea>" in page
    assert f'name="reply_to" value="{first.pk}"' in page  # still answering Bob
    assert "Reply to Bob Animateur" in page
    assert "Draft saved at" in page


def test_quoting_adds_to_the_draft_rather_than_replacing_it(client, topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="À citer")
    actions.save_draft(user=alice, community=topic.community, topic=topic, body="Mon texte")
    client.force_login(alice)
    page = client.get(f"{topic_url(topic)}?quote={first.pk}").content.decode()
    assert "Mon texte\n\n&gt; Bob Animateur:\n&gt; À citer" in page


def test_a_new_topic_draft_keeps_every_field(client, community, alice):
    client.force_login(alice)
    client.post(
        new_draft_url(community),
        {
            "kind": "question",
            "title": "Quel logiciel ?",
            "body": "Pour nos comptes rendus",
            "tags": "outils, réunions",
            "poll_question": "Lequel ?",
            "poll_choices": "A\nB",
        },
        **HTMX,
    )
    draft = Draft.objects.get(user=alice, community=community, topic=None)
    assert draft.title == "Quel logiciel ?"
    page = Client()
    page.force_login(alice)
    html = page.get(f"/c/{community.slug}/discussions/new/").content.decode()
    assert 'value="Quel logiciel ?"' in html
    assert "Pour nos comptes rendus</textarea>" in html
    assert 'value="outils, réunions"' in html
    assert re.search(r'value="question"[^>]*checked', html)
    assert "A\nB</textarea>" in html


def test_publishing_deletes_the_draft(client, community, topic, alice):
    client.force_login(alice)
    client.post(draft_url(topic), {"body": "Presque prêt"}, **HTMX)
    client.post(new_draft_url(community), {"title": "Sujet", "body": "Texte"}, **HTMX)
    assert Draft.objects.count() == 2
    assert client.post(topic_url(topic), {"body": "Prêt"}).status_code == 302
    assert (
        client.post(
            f"/c/{community.slug}/discussions/new/",
            {"kind": "discussion", "title": "Sujet", "body": "Texte"},
        ).status_code
        == 302
    )
    assert not Draft.objects.exists()
    page = client.get(topic_url(topic)).content.decode()
    assert "Presque prêt" not in page


def test_a_refused_post_keeps_the_draft(client, topic, alice, bob):
    client.force_login(alice)
    actions.close_topic(topic=topic, by=bob)
    response = client.post(topic_url(topic), {"body": "Trop tard ?"})
    assert "This topic is closed" in response.content.decode()
    assert Draft.objects.get(user=alice, topic=topic).body == "Trop tard ?"
    # An invalid form (too long to publish) keeps it too.
    actions.reopen_topic(topic=topic, by=bob)
    long_text = "x" * (actions.MAX_BODY_CHARS + 10)
    response = client.post(topic_url(topic), {"body": long_text})
    assert response.status_code == 200
    assert Draft.objects.get(user=alice, topic=topic).body == long_text
    assert Post.objects.count() == 1


def test_keep_as_a_draft_works_without_javascript(client, topic, alice):
    client.force_login(alice)
    response = client.post(
        topic_url(topic),
        {"body": "À finir demain", "save_draft": "1", "attachments": [samples.pdf()]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(topic)}#reply"
    assert Post.objects.count() == 1
    draft = Draft.objects.get(user=alice, topic=topic)
    assert draft.body == "À finir demain"
    assert draft.attachments.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Your draft is kept" in page
    assert "À finir demain</textarea>" in page
    assert "compte-rendu.pdf" in page


def test_emptying_the_composer_deletes_the_draft(client, topic, alice):
    client.force_login(alice)
    client.post(draft_url(topic), {"body": "Hmm"}, **HTMX)
    response = client.post(draft_url(topic), {"body": "   "}, **HTMX)
    assert "Nothing to keep yet" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_late_autosave_does_not_bring_back_a_published_draft(client, topic, alice):
    client.force_login(alice)
    opened = (timezone.now() - timedelta(seconds=5)).timestamp()
    assert client.post(topic_url(topic), {"body": "Publié"}).status_code == 302
    response = client.post(
        draft_url(topic), {"body": "Publié", "composer_opened": str(opened)}, **HTMX
    )
    assert "You have published here since this page was opened" in response.content.decode()
    assert not Draft.objects.exists()
    # A composer opened after the post saves as usual.
    client.post(
        draft_url(topic),
        {"body": "Une autre réponse", "composer_opened": str(timezone.now().timestamp())},
        **HTMX,
    )
    assert Draft.objects.get().body == "Une autre réponse"


def test_my_drafts_lists_both_kinds_and_throws_them_away(
    client, community, topic, alice, django_capture_on_commit_callbacks
):
    actions.save_draft(user=alice, community=community, topic=topic, body="Une réponse en cours")
    saved = actions.save_draft(
        user=alice,
        community=community,
        title="Un sujet en cours",
        body="…",
        uploads=[samples.pdf()],
    )
    stored = Path(settings.MEDIA_ROOT) / saved.draft.attachments.get().file.name
    client.force_login(alice)
    page = client.get("/me/drafts/").content.decode()
    assert f'href="{topic_url(topic)}#reply"' in page
    assert "Une réponse en cours" in page
    assert f'href="/c/{community.slug}/discussions/new/"' in page
    assert "New topic: “Un sujet en cours”" in page
    assert "1 file" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/me/drafts/{saved.draft.pk}/discard/")
    assert response.status_code == 302
    assert not Draft.objects.filter(pk=saved.draft.pk).exists()
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_my_drafts_lists_in_constant_queries(client, make_community, bob, alice, page_queries):
    client.force_login(alice)
    few = page_queries("/me/drafts/")
    for n in range(6):
        place = make_community(animator=bob)
        topic = actions.start_topic(
            community=place, author=bob, kind="discussion", title=f"S{n}", body="B"
        )
        join(community=place, user=alice, accepts_charter=True)
        actions.save_draft(user=alice, community=place, topic=topic, body=f"Brouillon {n}")
        actions.save_draft(
            user=alice, community=place, title=f"T{n}", body="b", uploads=[samples.pdf()]
        )
    many = page_queries("/me/drafts/")
    assert few == many
    assert client.get("/me/drafts/").content.decode().count("Throw away") == 12


# --- Private: no one else reads, overwrites or throws away a member's draft ----------------


def test_another_member_never_sees_nor_overwrites_a_draft(client, topic, alice, bob):
    client.force_login(alice)
    client.post(draft_url(topic), {"body": "Secret d'Alice"}, **HTMX)
    alice_draft = Draft.objects.get(user=alice)
    client.force_login(bob)
    assert "Secret d'Alice" not in client.get(topic_url(topic)).content.decode()
    assert "Secret d'Alice" not in client.get("/me/drafts/").content.decode()
    # Bob's autosave in the same topic is Bob's own draft.
    client.post(draft_url(topic), {"body": "Texte de Bob"}, **HTMX)
    alice_draft.refresh_from_db()
    assert alice_draft.body == "Secret d'Alice"
    assert Draft.objects.get(user=bob).body == "Texte de Bob"
    # Throwing away someone else's draft by its number: no such draft.
    response = client.post(f"/me/drafts/{alice_draft.pk}/discard/")
    assert response.status_code == 404
    assert Draft.objects.filter(pk=alice_draft.pk).exists()
    with pytest.raises(Refused):
        actions.discard_draft(draft=alice_draft, by=bob)


def test_publishing_with_someone_elses_draft_is_refused(topic, alice, bob):
    saved = actions.save_draft(
        user=alice, community=topic.community, topic=topic, body="À moi", uploads=[samples.pdf()]
    )
    with pytest.raises(Refused, match="another conversation"):
        actions.reply(topic=topic, author=bob, body="Vol", draft=saved.draft)
    assert saved.draft.attachments.count() == 1
    assert Post.objects.count() == 1


def test_outsiders_cannot_save_drafts(client, community, topic, charlie):
    assert client.post(draft_url(topic), {"body": "x"}).status_code == 302  # to log in
    client.force_login(charlie)
    assert client.post(draft_url(topic), {"body": "x"}, **HTMX).status_code == 403
    assert client.post(new_draft_url(community), {"body": "x"}, **HTMX).status_code == 403
    assert not Draft.objects.exists()


def test_a_topic_of_another_community_cannot_hold_a_draft(
    client, make_community, community, alice, bob
):
    elsewhere = make_community(animator=bob)
    topic = actions.start_topic(
        community=elsewhere, author=bob, kind="discussion", title="Ailleurs", body="B"
    )
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/draft/", {"body": "x"}, **HTMX)
    assert response.status_code == 404
    with pytest.raises(Refused, match="another community"):
        actions.save_draft(user=alice, community=community, topic=topic, body="x")
    assert not Draft.objects.exists()


def test_forged_requests_without_the_csrf_token_are_refused(topic, alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(draft_url(topic), {"body": "Forgé"}, **HTMX).status_code == 403
    assert not Draft.objects.exists()
    actions.save_draft(user=alice, community=topic.community, topic=topic, body="Le mien")
    draft = Draft.objects.get()
    assert browser.post(f"/me/drafts/{draft.pk}/discard/").status_code == 403
    assert Draft.objects.filter(pk=draft.pk).exists()
    # The page's own token makes the same requests work: the token is what was missing.
    browser.get(topic_url(topic))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(draft_url(topic), {"body": "Vrai"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert Draft.objects.get().body == "Vrai"


def test_drafts_too_long_even_to_keep_are_refused(alice, topic):
    with pytest.raises(Refused, match="too long to be kept"):
        actions.save_draft(
            user=alice,
            community=topic.community,
            topic=topic,
            body="x" * (actions.MAX_DRAFT_CHARS + 1),
        )


def test_drafts_only_keep_the_composers_fields(alice, topic):
    saved = actions.save_draft(
        user=alice,
        community=topic.community,
        topic=topic,
        body="b",
        data={"side": "for", "author": "bob", "tags": "y" * 9000},
    )
    assert saved.draft.data == {"side": "for", "tags": "y" * actions.MAX_DRAFT_FIELD_CHARS}
    assert Topic.objects.count() == 1


def test_answering_the_topic_instead_forgets_the_drafts_target(client, topic, alice, bob):
    first = actions.reply(topic=topic, author=bob, body="Une idée")
    actions.save_draft(
        user=alice,
        community=topic.community,
        topic=topic,
        body="Réponse",
        data={"reply_to": str(first.pk)},
    )
    client.force_login(alice)
    assert "Reply to Bob Animateur" in client.get(topic_url(topic)).content.decode()
    page = client.get(f"{topic_url(topic)}?reply_to=").content.decode()
    assert "Reply to Bob Animateur" not in page
    assert 'name="reply_to" id="id_reply_to"' in page  # the hidden field, empty
    assert client.post(topic_url(topic), {"body": "Réponse", "reply_to": ""}).status_code == 302
    assert Post.objects.latest("pk").parent == topic.opening_post
