"""Markdown written by members, rendered to HTML that is safe to show.

markdown-it-py parses (raw HTML in the source is escaped, not passed through); nh3 then keeps
only an allow-list of tags and attributes, and forces rel="nofollow noopener" on links.
"""

import nh3
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])

# Members' text sits under the page's own <h1> (the community) and <h2> (the page's subject):
# its headings start at <h3> so that the outline of the page stays right for screen readers.
HEADING_SHIFT = 2


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"


_parser.core.ruler.push("shift_headings", _shift_headings)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


def render_markdown(source: str) -> str:
    html = _parser.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def clean_html(html: str) -> str:
    """HTML from elsewhere (an imported archive), kept to the same allow-list as members' text."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
