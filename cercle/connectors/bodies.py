"""Imported bodies as Cercle stores them: `Post.body` (text a member may edit or quote),
`Post.body_html` (safe HTML shown as is) and the plain text the search index holds.

Mail bodies are plain text: escaped and cut into paragraphs, nothing else (no Markdown: a
line starting with "#" or "*" in a mail is not a heading or a list). HTML bodies (Stack
Exchange questions and answers) go through the project's sanitiser, cercle.lib.markdown.
"""

from __future__ import annotations

import html
import re
import unicodedata

from cercle.lib.markdown import clean_html

_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
_BLOCK_END = re.compile(r"</(?:p|div|li|tr|h\d|pre|blockquote|table)\s*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
_SANITISED_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, blank lines make paragraphs, line breaks are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    return "".join(
        "<p>" + html.escape(paragraph, quote=False).replace("\n", "<br>\n") + "</p>\n"
        for paragraph in _PARAGRAPHS.split(text)
    )


def text_search_text(text: str) -> str:
    """What `search.plain_text(text_html(text))` gives, without parsing the HTML again."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def html_body(source: str) -> tuple[str, str, str]:
    """(body, body_html, search text) of an HTML body: the sanitised HTML, and as text."""
    safe = clean_html(source)
    text = _BLOCK_END.sub("\n", safe)
    text = html.unescape(_TAG.sub("", text))
    text = _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.splitlines()))
    return text.strip(), safe, sanitised_search_text(safe)


def sanitised_search_text(safe: str) -> str:
    """What `search.plain_text(safe)` gives for HTML that came out of the sanitiser (tags
    become spaces, entities are decoded), without its HTML parser: a third of the time.

    The sanitiser writes no comment, no CDATA, escapes "<" in text, and quotes every attribute
    with double quotes, escaping those: a tag is "<", then anything but ">" outside quotes."""
    text = html.unescape(_SANITISED_TAG.sub(" ", safe))
    return " ".join(unicodedata.normalize("NFKC", text).split())
