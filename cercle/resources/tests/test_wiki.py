"""Wiki pages members co-write: versions, differences, restore, concurrent edits."""

import pytest

from cercle.activity.models import ActivityEvent, Verb
from cercle.lib.errors import Refused
from cercle.resources import actions
from cercle.resources.diff import diff_lines
from cercle.resources.models import WikiPage, WikiRevision

pytestmark = pytest.mark.django_db

FIRST = "# Accueillir un alternant\n\nPréparer son poste.\nLui présenter l'équipe.\n"


def wiki(community, *parts) -> str:
    return f"/c/{community.slug}/wiki/" + "".join(f"{p}/" for p in parts)


@pytest.fixture
def page(community, alice):
    return actions.create_page(community=community, by=alice, title="Accueillir", body=FIRST)


def test_a_member_creates_a_page_and_another_improves_it(client, community, alice, bob, page):
    assert page.slug == "accueillir"
    assert page.revision_number == 1
    client.force_login(bob)
    response = client.post(
        wiki(community, page.slug, "edit"),
        {
            "title": "Accueillir un alternant",
            "body": FIRST + "Nommer un tuteur.\n",
            "summary": "Le tuteur",
            "base_revision": "1",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.revision_number, page.title, page.updated_by) == (
        2,
        "Accueillir un alternant",
        bob,
    )
    text = client.get(wiki(community, page.slug)).content.decode()
    assert "Nommer un tuteur." in text
    # The page's headings start below the page's own.
    assert "<h3>Accueillir un alternant</h3>" in text
    history = client.get(wiki(community, page.slug, "history")).content.decode()
    assert "Le tuteur" in history
    assert "Alice Membre" in history
    assert ActivityEvent.objects.filter(verb=Verb.EDITED_WIKI_PAGE, actor=bob).exists()


def test_the_differences_between_two_versions(client, community, alice, page):
    actions.edit_page(
        page=page,
        by=alice,
        title="Accueillir",
        body=FIRST.replace("Préparer son poste.", "Préparer son poste et son badge."),
        base_revision=1,
    )
    client.force_login(alice)
    text = client.get(wiki(community, page.slug, "changes") + "?from=1&to=2").content.decode()
    assert "1 line added" in text
    assert "1 line removed" in text
    assert "<del>" in text
    assert "Préparer son poste et son badge." in text
    assert client.get(wiki(community, page.slug, "changes") + "?from=1&to=9").status_code == 404


def test_the_diff_is_data_and_shows_only_the_changes_with_some_context():
    old = "\n".join(f"ligne {n}" for n in range(20))
    new = old.replace("ligne 10", "ligne dix")
    lines = diff_lines(old, new)
    assert [line.op for line in lines].count("removed") == 1
    assert [line.op for line in lines].count("added") == 1
    assert lines[0].op == "gap"
    assert lines[-1].op == "gap"
    assert len([line for line in lines if line.op == "same"]) == 6
    assert diff_lines("même texte", "même texte") == []


def test_restoring_an_old_version_adds_a_new_one(client, community, alice, bob, page):
    actions.edit_page(page=page, by=bob, title="Vandalisé", body="Rien.", base_revision=1)
    client.force_login(alice)
    client.post(wiki(community, page.slug, "v", 1, "restore"))
    page.refresh_from_db()
    assert page.revision_number == 3
    assert page.title == "Accueillir"
    latest = page.revisions.get(number=3)
    assert (latest.body, latest.restored_from) == (FIRST.strip(), 1)
    # Nothing is lost: the vandalised version is still in the history.
    assert page.revisions.get(number=2).body == "Rien."
    old = client.get(wiki(community, page.slug, "v", 2)).content.decode()
    assert "You are reading version 2" in old


def test_an_edit_based_on_an_old_version_loses_nothing_and_shows_both_texts(
    client, community, alice, bob, page
):
    # Alice opens the form (version 1); meanwhile Bob saves version 2.
    actions.edit_page(
        page=page, by=bob, title="Accueillir", body=FIRST + "Texte de Bob.\n", base_revision=1
    )
    client.force_login(alice)
    response = client.post(
        wiki(community, page.slug, "edit"),
        {"title": "Accueillir", "body": FIRST + "Texte d'Alice.\n", "base_revision": "1"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bob Animateur saved a new version of this page while you were writing" in text
    assert "Texte de Bob." in text  # theirs
    assert "Texte d&#x27;Alice." in text  # hers, still in the form
    assert 'name="base_revision" value="2"' in text
    page.refresh_from_db()
    assert page.revision_number == 2
    # Saving again, now knowingly based on version 2, goes through.
    client.post(
        wiki(community, page.slug, "edit"),
        {
            "title": "Accueillir",
            "body": FIRST + "Texte de Bob.\nTexte d'Alice.\n",
            "base_revision": "2",
        },
    )
    page.refresh_from_db()
    assert page.revision_number == 3


def test_an_edit_that_changes_nothing_is_refused(community, alice, page):
    with pytest.raises(Refused, match="Nothing changed"):
        actions.edit_page(page=page, by=alice, title="Accueillir", body=FIRST, base_revision=1)


def test_titles_give_distinct_addresses(community, alice, page):
    again = actions.create_page(community=community, by=alice, title="Accueillir", body="Autre")
    assert again.slug == "accueillir-2"
    new = actions.create_page(community=community, by=alice, title="New", body="Texte")
    assert new.slug == "new-2"  # "new" is the address of the form


def test_moderators_delete_pages_members_do_not(client, community, alice, bob, page):
    client.force_login(alice)
    client.post(wiki(community, page.slug, "delete"))
    page.refresh_from_db()
    assert page.deleted_at is None
    client.force_login(bob)
    client.post(wiki(community, page.slug, "delete"))
    page.refresh_from_db()
    assert page.deleted_at is not None
    client.force_login(alice)
    assert client.get(wiki(community, page.slug)).status_code == 404
    assert WikiRevision.objects.filter(page=page).count() == 1  # kept


def test_outsiders_read_a_public_wiki_but_do_not_write(client, make_community, bob, charlie):
    public = make_community(animator=bob, visibility="public")
    page = actions.create_page(community=public, by=bob, title="Guide", body="Texte")
    client.force_login(charlie)
    assert client.get(wiki(public, page.slug)).status_code == 200
    assert client.get(wiki(public, page.slug, "edit")).status_code == 403
    client.post(wiki(public, page.slug, "v", 1, "restore"))
    with pytest.raises(Refused):
        actions.edit_page(page=page, by=charlie, title="X", body="Y", base_revision=1)
    assert WikiPage.objects.get().revision_number == 1
