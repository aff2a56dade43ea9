"""What members write in the library comes back as text, never as code."""

import pytest

from cercle.project.tests.payloads import XSS
from cercle.project.tests.test_xss import runnable
from cercle.resources import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", XSS)
def test_a_payload_written_in_the_library_comes_back_inert(client, community, alice, bob, payload):
    resource = actions.share_resource(
        community=community,
        by=alice,
        title=payload[:200],
        url="https://example.org/?q=%22%3E%3Cscript%3E",
        description=payload,
        tags=[payload[:60]],
    )
    actions.comment(resource=resource, by=bob, body=payload)
    page = actions.create_page(community=community, by=alice, title=payload[:200], body=payload)
    actions.edit_page(
        page=page,
        by=bob,
        title=payload[:200],
        body=f"{payload}\n\n> {payload}\n",
        base_revision=1,
    )
    client.force_login(bob)
    slug = community.slug
    urls = [
        f"/c/{slug}/library/",
        f"/c/{slug}/library/{resource.pk}/",
        f"/c/{slug}/library/{resource.pk}/edit/",
        f"/c/{slug}/wiki/",
        f"/c/{slug}/wiki/{page.slug}/",
        f"/c/{slug}/wiki/{page.slug}/history/",
        f"/c/{slug}/wiki/{page.slug}/changes/?from=1&to=2",
        f"/c/{slug}/wiki/{page.slug}/v/1/",
        f"/c/{slug}/wiki/{page.slug}/edit/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert runnable(body) == [], url
        assert "md5$" not in body, url  # the template-injection payload stays text
