"""Script injection in what members write is neutralised wherever it is shown."""

from html.parser import HTMLParser

from cercle.discussions import actions

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "![x](javascript:alert(1))",
    "<iframe src=//evil.example></iframe>",
]
EVIL = " ".join(PAYLOADS)


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def assert_nothing_executable(html: str) -> None:
    """No element, handler or URL that would run a script, other than the page's own (htmx,
    and the confirmation before a deletion)."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in {"iframe", "svg", "object", "embed"}, (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        for name, value in attrs.items():
            if name.startswith("on"):
                assert (tag, name) == ("form", "onsubmit"), (tag, attrs)
                assert value.startswith("return confirm('"), value
                assert "alert" not in value, value
            if name in {"href", "src", "action", "formaction", "hx-post", "hx-get"}:
                assert not value.strip().lower().startswith("javascript:"), (tag, attrs)
    assert "alert(1)</script>" not in html


def test_rendered_bodies_keep_no_executable_markup(topic, bob):
    post = actions.reply(topic=topic, author=bob, body=EVIL)
    assert_nothing_executable(post.body_html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in post.body_html  # shown as text


def test_titles_bodies_tags_polls_and_framing_are_neutralised_on_every_page(
    client, community, bob, alice
):
    category = actions.create_category(community=community, by=bob, name=EVIL[:80])
    debate = actions.start_topic(
        community=community,
        author=bob,
        kind="debate",
        title=EVIL[:200],
        body=EVIL,
        framing=EVIL,
        tags=[p[:60] for p in PAYLOADS[:5]],
        category=category,
        poll=actions.PollSpec(question=EVIL[:200], choices=PAYLOADS),
    )
    reply = actions.reply(topic=debate, author=alice, body=EVIL, side="against")
    actions.edit_post(post=reply, by=alice, body=EVIL + " (edited)")
    client.force_login(alice)
    urls = [
        f"/c/{community.slug}/discussions/",
        f"/c/{community.slug}/discussions/categories/{category.slug}/",
        f"/c/{community.slug}/t/{debate.pk}/",
        f"/c/{community.slug}/t/{debate.pk}/?quote={reply.pk}",
        f"/c/{community.slug}/p/{reply.pk}/history/",
        f"/c/{community.slug}/p/{reply.pk}/edit/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_executable(response.content.decode())
    actions.vote_poll(poll=debate.poll, user=alice, choice_ids=[debate.poll.choices.first().pk])
    results = client.get(f"/c/{community.slug}/t/{debate.pk}/").content.decode()
    assert_nothing_executable(results)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; — 1 vote" in results


def test_links_keep_safe_schemes_and_get_nofollow(topic, bob):
    post = actions.reply(
        topic=topic,
        author=bob,
        body="[site](https://example.org) ![logo](https://example.org/l.png)",
    )
    assert 'href="https://example.org"' in post.body_html
    assert 'rel="nofollow noopener noreferrer"' in post.body_html
    assert '<img src="https://example.org/l.png" alt="logo">' in post.body_html
