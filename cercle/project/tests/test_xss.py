"""What members write comes back as text, never as code: each XSS payload is written where
members write (topic title and message, reply, name, profile, group, community presentation),
then every page that shows it is read for anything a browser would run."""

from html.parser import HTMLParser

import pytest

from cercle.project.tests.payloads import XSS

pytestmark = pytest.mark.django_db

EVENT_ATTRIBUTE_PREFIX = "on"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _Runnable(HTMLParser):
    """Collects what would run: inline scripts, on* handlers, javascript:/data: URLs, objects."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline = "src" not in attributes and attributes.get("type") != "application/json"
        if tag == "script" and inline:
            self.found.append("inline <script>")
        if tag in {"iframe", "object", "embed", "base"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith(EVENT_ATTRIBUTE_PREFIX):
                self.found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(("javascript:", "data:text/html", "vbscript:")):
                    self.found.append(f"{tag}[{name}={value[:30]}]")


def runnable(html: str) -> list[str]:
    parser = _Runnable()
    parser.feed(html)
    return parser.found


def test_the_detector_finds_what_it_looks_for():
    assert runnable("<p onclick='x()'>a</p><script>x</script><a href=' javascript:x'>b</a>")


@pytest.mark.parametrize("payload", XSS)
def test_a_payload_written_anywhere_comes_back_inert(client, payload, bob, alice, community):
    from cercle.communities.actions.groups import create_group
    from cercle.discussions.actions import reply, start_topic
    from cercle.members.actions import update_profile
    from cercle.members.models import Profile

    alice.name = payload[:150]
    alice.save()
    profile, _ = Profile.objects.get_or_create(user=alice)
    update_profile(
        profile=profile,
        fields={"bio": payload, "organisation": payload[:120], "can_help_with": payload},
        skills=[payload[:60]],
        interests=[],
    )
    community.description = payload
    community.save()
    group = create_group(community=community, by=bob, name=payload[:120], kind="local")
    topic = start_topic(
        community=community, author=alice, kind="discussion", title=payload[:200], body=payload
    )
    reply(topic=topic, author=alice, body=f"> {payload}\n\n{payload}")
    client.force_login(bob)
    slug = community.slug
    pages = [
        f"/c/{slug}/",
        f"/c/{slug}/discussions/",
        f"/c/{slug}/t/{topic.pk}/",
        f"/c/{slug}/members/",
        f"/c/{slug}/members/{alice.pk}/",
        f"/c/{slug}/groups/",
        f"/c/{slug}/groups/{group.slug}/",
        f"/c/{slug}/search/?q={payload[:50]}",
        "/notifications/",
        "/news/",
        "/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = runnable(response.content.decode())
        assert not found, (url, found)
