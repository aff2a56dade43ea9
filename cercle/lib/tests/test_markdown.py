"""Members' Markdown is shown to others: it must never carry script into their pages."""

from html.parser import HTMLParser

import pytest

from cercle.lib.markdown import ALLOWED_TAGS, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)">',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markdown_is_rendered_inert(payload):
    for tag, attrs in _Elements(render_markdown(payload)).found:
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert not name.startswith("on")
            assert name != "style"
            if name in ("href", "src"):
                assert (value or "").split(":")[0].lower() in {"http", "https", "mailto"}


def test_ordinary_markdown_keeps_its_formatting_and_links_are_marked():
    html = render_markdown("**gras** et *italique*\n\n- un\n- deux\n\n[site](https://example.org)")
    assert "<strong>gras</strong>" in html
    assert "<em>italique</em>" in html
    assert "<li>un</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_headings_start_below_the_page_own_headings():
    html = render_markdown("# Titre\n\n## Sous-titre")
    assert "<h3>Titre</h3>" in html
    assert "<h4>Sous-titre</h4>" in html
    assert "<h1>" not in html
    assert "<h2>" not in html
