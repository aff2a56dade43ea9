"""Full-text search: stemming in French and English, what each reader may find, hostile
queries, snippets, and the cost of a results page. The same tests run on SQLite (FTS5) and on
PostgreSQL (tsvector): both must find the same posts."""

import io

import pytest
from django.core.management import call_command

from cercle.communities.actions.joining import join, leave
from cercle.communities.models import Membership, MembershipState
from cercle.discussions import actions, search
from cercle.discussions.models import Post, SearchDocument
from cercle.lib.markdown import render_markdown


def found(community, query: str) -> set[int]:
    return {hit.post_id for hit in search.search([community.pk], query, limit=100)}


def start(community, author, title: str, body: str = "Rien d'autre."):
    return actions.start_topic(
        community=community, author=author, kind="discussion", title=title, body=body
    )


# --- Stemming, case and accents -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Les communes rurales manquent de médecins.", "commune rurale"),
        ("Les marchés publics des petites villes", "marche public"),
        ("Le marché public de la ville", "marchés publics"),
        ("Our monthly meetings are online.", "meeting"),
        ("We met at the meeting.", "meetings"),
        ("Une RÉUNION à Lyon", "réunion"),
        ("Une réunion à Lyon", "REUNION"),
        ("Des réunions à Lyon", "reunion"),
        ("Le cœur du sujet", "coeur"),
        ("Élections municipales", "election municipale"),
        ("Les communes rurales manquent de médecins.", "la commune rurale"),
    ],
)
def test_words_are_found_whatever_their_form(community, alice, text, query):
    topic = start(community, alice, "Un sujet", text)
    assert found(community, query) == {topic.opening_post_id}


def test_every_word_of_the_query_must_be_found(community, alice):
    rural = start(community, alice, "Santé", "Les communes rurales manquent de médecins.")
    start(community, alice, "Urbanisme", "Les communes urbaines grandissent.")
    assert found(community, "commune rurale") == {rural.opening_post_id}
    assert len(found(community, "communes")) == 2
    assert found(community, "commune forestière") == set()


def test_the_title_is_searched_with_the_opening_post_only(community, alice, bob):
    topic = start(community, alice, "Budget participatif", "Qui a essayé ?")
    actions.reply(topic=topic, author=bob, body="Nous, l'an dernier.")
    assert found(community, "participatif") == {topic.opening_post_id}


# --- The index follows the actions ----------------------------------------------------------


def test_a_deleted_post_disappears_and_comes_back_when_restored(community, alice, bob):
    topic = start(community, alice, "Mobilité", "Covoiturage entre voisins")
    reply = actions.reply(topic=topic, author=bob, body="Le covoiturage solidaire marche bien.")
    assert found(community, "covoiturage") == {topic.opening_post_id, reply.pk}
    actions.delete_post(post=reply, by=bob)
    assert found(community, "covoiturage") == {topic.opening_post_id}
    actions.restore_post(post=reply, by=bob)
    assert found(community, "covoiturage solidaire") == {reply.pk}


def test_a_deleted_topic_hides_all_its_posts(community, alice, bob):
    topic = start(community, alice, "Mobilité", "Covoiturage entre voisins")
    actions.reply(topic=topic, author=bob, body="Le covoiturage solidaire marche bien.")
    actions.delete_post(post=topic.opening_post, by=bob)
    assert found(community, "covoiturage") == set()
    actions.restore_post(post=topic.opening_post, by=bob)
    assert len(found(community, "covoiturage")) == 2


def test_an_edited_post_is_found_by_its_new_words_only(community, alice):
    topic = start(community, alice, "Outils", "Nous utilisons un tableur partagé.")
    post = topic.opening_post
    actions.edit_post(post=post, by=alice, body="Nous utilisons une base de données.")
    assert found(community, "tableur") == set()
    assert found(community, "base données") == {post.pk}
    actions.edit_post(post=post, by=alice, body=post.body, title="Logiciels libres")
    assert found(community, "outils") == set()
    assert found(community, "logiciel libre") == {post.pk}


def test_reindex_search_indexes_posts_written_without_the_actions(community, alice):
    topic = start(community, alice, "Import", "Texte")
    imported = Post.objects.create(
        topic=topic,
        community=community,
        author=alice,
        parent=topic.opening_post,
        body="Archives de la liste de diffusion",
        body_html=render_markdown("Archives de la liste de diffusion"),
    )
    SearchDocument.objects.filter(post=topic.opening_post).update(stems="")
    assert found(community, "archive") == set()
    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    assert out.getvalue() == "indexed 2 posts\n"
    assert found(community, "archive diffusion") == {imported.pk}
    assert found(community, "import") == {topic.opening_post_id}
    assert SearchDocument.objects.count() == 2


# --- Who finds what -------------------------------------------------------------------------


@pytest.fixture
def secret(community, alice):
    """A topic of the members-only `community`."""
    return start(community, alice, "Confidentiel", "Le budget prévisionnel du réseau")


def test_outsiders_and_anonymous_visitors_do_not_search_a_members_only_community(
    client, community, secret, charlie
):
    response = client.get(f"/c/{community.slug}/search/?q=budget")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/search/?q=budget").status_code == 403
    page = client.get("/search/?q=budget").content.decode()
    assert "Confidentiel" not in page
    assert "No message matches" in page


def test_members_find_their_community_posts_everywhere(client, community, secret, alice):
    client.force_login(alice)
    for url in (f"/c/{community.slug}/search/?q=budget", "/search/?q=budget"):
        page = client.get(url).content.decode()
        assert "Confidentiel" in page, url
        assert f"/c/{community.slug}/p/{secret.opening_post_id}/" in page


def test_those_who_left_or_are_suspended_no_longer_find_anything(
    client, community, secret, make_member
):
    left, suspended = make_member(), make_member()
    leave(membership=Membership.objects.get(community=community, user=left))
    Membership.objects.filter(user=suspended).update(state=MembershipState.SUSPENDED)
    for person in (left, suspended):
        client.force_login(person)
        assert search.readable_community_ids(person) == []
        assert "Confidentiel" not in client.get("/search/?q=budget").content.decode()
        assert client.get(f"/c/{community.slug}/search/?q=budget").status_code == 403


def test_hidden_communities_never_leak(client, make_community, bob, charlie, make_user):
    hidden = make_community(animator=bob, visibility="hidden")
    start(hidden, bob, "Chantier secret", "La fusion des deux réseaux")
    applicant = make_user()
    Membership.objects.create(community=hidden, user=applicant, state=MembershipState.PENDING)
    client.force_login(charlie)
    assert client.get(f"/c/{hidden.slug}/search/?q=fusion").status_code == 404
    assert "Chantier secret" not in client.get("/search/?q=fusion").content.decode()
    client.force_login(applicant)
    assert client.get(f"/c/{hidden.slug}/search/?q=fusion").status_code == 403
    assert "Chantier secret" not in client.get("/search/?q=fusion").content.decode()
    client.force_login(bob)
    assert "Chantier secret" in client.get("/search/?q=fusion").content.decode()


def test_anyone_searches_a_public_community(client, make_community, bob, make_user):
    public = make_community(animator=bob, visibility="public")
    start(public, bob, "Ouvert", "Les jardins partagés du quartier")
    page = client.get(f"/c/{public.slug}/search/?q=jardin").content.decode()
    assert "Ouvert" in page
    # "All my communities" is for members: anonymous visitors log in first.
    assert client.get("/search/?q=jardin")["Location"].startswith("/accounts/login/")


def test_a_community_search_finds_nothing_of_other_communities(
    client, make_community, community, alice, bob
):
    other = make_community(animator=alice)
    start(other, alice, "Ailleurs", "Le budget d'une autre communauté")
    start(community, alice, "Ici", "Notre budget")
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/search/?q=budget").content.decode()
    assert "Ici" in page
    assert "Ailleurs" not in page
    everywhere = client.get("/search/?q=budget").content.decode()
    assert "Ici" in everywhere
    assert "Ailleurs" in everywhere


# --- Hostile queries and escaping -----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        '"commune',
        "NEAR(",
        "NEAR(commune rurale, 2)",
        "*",
        "commune*",
        "AND OR NOT",
        "- commune",
        "commune -rurale",
        "stems:commune",
        "^commune",
        "commune & | ! <-> :*",
        "'; DROP TABLE discussions_post; --",
        "\\",
        "%",
        "_",
        "\x00",
        "é" * 5000,
        "commune " * 2000,
        "a" * 100_000,
    ],
)
def test_hostile_queries_break_nothing(client, community, alice, query):
    start(community, alice, "Santé", "Les communes rurales manquent de médecins.")
    client.force_login(alice)
    response = client.get(f"/c/{community.slug}/search/", {"q": query})
    assert response.status_code == 200
    assert search.search([community.pk], query, limit=20) is not None
    assert Post.objects.count() == 1


def test_query_syntax_is_read_as_words(community, alice):
    topic = start(community, alice, "Santé", "Les communes rurales manquent de médecins.")
    for query in (
        '"commune" AND rurale*',
        "(commune) {rurale}",
        "-commune +rurale",
        "commune|rurale",
    ):
        assert found(community, query) == {topic.opening_post_id}, query
    # Operators are words to find, which this text does not have.
    assert found(community, "commune NOT rurale") == set()
    assert found(community, "NEAR(commune rurale)") == set()


@pytest.mark.parametrize("query", ["", "   ", "?!", "* - \" '"])
def test_a_query_without_words_asks_for_words(client, community, alice, query):
    client.force_login(alice)
    response = client.get(f"/c/{community.slug}/search/", {"q": query})
    assert response.status_code == 200
    assert "Type one or more words to search for." in response.content.decode()


def test_snippets_and_titles_are_escaped_then_highlighted(client, community, alice):
    start(
        community,
        alice,
        "<b>Sécurité</b> du site",
        "Un membre a écrit <script>alert('réunion')</script> dans la réunion.",
    )
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/search/?q=reunion").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;<mark>réunion</mark>&#x27;)&lt;/script&gt;" in page
    assert "dans la <mark>réunion</mark>." in page
    page = client.get(f"/c/{community.slug}/search/?q=securite").content.decode()
    assert "&lt;b&gt;<mark>Sécurité</mark>&lt;/b&gt; du site" in page
    assert "<b>Sécurité" not in page


def test_a_snippet_shows_the_text_around_the_first_match(community, alice):
    body = " ".join(["remplissage"] * 100) + " les marchés publics " + " ".join(["fin"] * 100)
    start(community, alice, "Long", body)
    (hit,) = search.search([community.pk], "marche", limit=10)
    assert "<mark>marchés</mark> publics" in hit.snippet
    assert hit.snippet.startswith("… ")
    assert hit.snippet.endswith(" …")
    assert len(hit.snippet) < search.SNIPPET_CHARS + 40


# --- Pages and their cost -------------------------------------------------------------------


def test_results_are_paginated(client, community, alice):
    for n in range(search.RESULTS_PER_PAGE + 5):
        start(community, alice, f"Atelier {n}", "Un atelier de plus")
    client.force_login(alice)
    first = client.get(f"/c/{community.slug}/search/?q=atelier").content.decode()
    assert "25 messages match" in first
    assert first.count('<p class="snippet">') == search.RESULTS_PER_PAGE
    second = client.get(f"/c/{community.slug}/search/?q=atelier&page=2").content.decode()
    assert second.count('<p class="snippet">') == 5


def test_the_topic_list_has_a_search_box(client, community, alice):
    client.force_login(alice)
    page = client.get(f"/c/{community.slug}/discussions/").content.decode()
    assert f'action="/c/{community.slug}/search/"' in page


def populate(community, members, topics: int, replies: int) -> None:
    for t in range(topics):
        topic = start(community, members[t % len(members)], f"Projet {t}", f"Le projet {t}")
        for r in range(replies):
            actions.reply(
                topic=topic, author=members[(t + r + 1) % len(members)], body=f"Projets {r}"
            )


@pytest.mark.parametrize("url", ["/c/{slug}/search/?q=projet", "/search/?q=projet"])
def test_a_results_page_costs_the_same_whatever_the_size(
    client, page_queries, make_community, bob, alice, make_member, url
):
    members = [alice, bob, make_member()]
    small, large = make_community(animator=bob), make_community(animator=bob)
    for target in (small, large):
        for person in members[::2]:
            join(community=target, user=person, accepts_charter=True)
    populate(small, members, topics=2, replies=1)
    client.force_login(alice)
    few = page_queries(url.format(slug=small.slug))
    populate(large, members, topics=12, replies=3)
    many = page_queries(url.format(slug=large.slug))
    assert few == many
    # The search's own: its count, its page, the posts shown (the rest: session, user,
    # community and membership, what the base template shows).
    assert many <= 10
    page = client.get(url.format(slug=large.slug)).content.decode()
    assert page.count('<p class="snippet">') == search.RESULTS_PER_PAGE
