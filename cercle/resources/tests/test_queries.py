"""The library's pages run the same number of queries for few and many rows."""

import pytest

from cercle.resources import actions

pytestmark = pytest.mark.django_db


def _grow_library(community, people, start, stop):
    for n in range(start, stop):
        author = people[n % len(people)]
        resource = actions.share_resource(
            community=community,
            by=author,
            title=f"Ressource {n}",
            url=f"https://example.org/{n}",
            description=f"Pourquoi la lire ({n})",
            tags=[f"Sujet {n}", "Commun"],
        )
        for other in people:
            actions.comment(resource=resource, by=other, body=f"Avis {n}")
        if n % 3 == 0:
            actions.set_featured(resource=resource, by=people[0], featured=True)


def test_library_and_resource_pages(client, page_queries, community, bob, alice, make_member):
    people = [bob, alice, make_member(), make_member()]
    client.force_login(alice)
    _grow_library(community, people, 0, 2)
    resource = community.resources.order_by("pk").first()
    few = (
        page_queries(f"/c/{community.slug}/library/"),
        page_queries(f"/c/{community.slug}/library/?tag=commun"),
        page_queries(f"/c/{community.slug}/library/{resource.pk}/"),
    )
    _grow_library(community, people, 2, 25)
    for other in people:
        for n in range(5):
            actions.comment(resource=resource, by=other, body=f"Encore {n}")
    many = (
        page_queries(f"/c/{community.slug}/library/"),
        page_queries(f"/c/{community.slug}/library/?tag=commun"),
        page_queries(f"/c/{community.slug}/library/{resource.pk}/"),
    )
    assert few == many


def test_wiki_pages(client, page_queries, community, bob, alice, make_member):
    people = [bob, alice, make_member()]
    client.force_login(alice)
    page = actions.create_page(community=community, by=bob, title="Guide", body="v1")

    def grow(start, stop):
        for n in range(start, stop):
            actions.create_page(
                community=community, by=people[n % 3], title=f"Page {n}", body=f"Texte {n}"
            )
            actions.edit_page(
                page=page,
                by=people[n % 3],
                title="Guide",
                body=f"v{n + 2}\nligne",
                base_revision=page.revision_number,
            )
            page.refresh_from_db()

    urls = [
        f"/c/{community.slug}/wiki/",
        f"/c/{community.slug}/wiki/guide/",
        f"/c/{community.slug}/wiki/guide/history/",
        f"/c/{community.slug}/wiki/guide/changes/",
    ]
    grow(0, 2)
    few = [page_queries(url) for url in urls]
    grow(2, 20)
    assert [page_queries(url) for url in urls] == few
