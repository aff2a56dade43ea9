"""The Content-Security-Policy and the other protective headers, and templates that need no
exception to them (no inline script, no on* handler, no style attribute)."""

import re
from pathlib import Path

import pytest

import cercle

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [p for p in Path(cercle.__file__).parent.rglob("templates") if p.is_dir()]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def _policy(response) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def test_pages_carry_a_strict_content_security_policy(client, alice, community):
    client.force_login(alice)
    response = client.get(f"/c/{community.slug}/")
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_htmx_is_told_not_to_inject_styles_nor_eval(client):
    body = client.get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in body
    assert '"allowEval": false' in body


def _template_files():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if "email" not in path.parts:  # mails are not pages: no CSP applies
                yield path


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("on* event handler", HANDLER),
        ("style attribute", STYLE_ATTR),
        ("javascript: URL", JS_URL),
    ],
)
def test_no_template_needs_an_exception_to_the_policy(what, pattern):
    offenders = [
        f"{path.relative_to(Path(cercle.__file__).parent)}:{n}"
        for path in _template_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, (
        f"{what} in templates: the Content-Security-Policy blocks it. Move scripts to a static "
        f"file (see cercle/static/cercle/cercle.js) and styles to a stylesheet: {offenders}"
    )
