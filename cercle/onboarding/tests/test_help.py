"""The help pages, in French and in English, with screenshots of the real pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

from cercle.onboarding.help import LANGUAGES, TOPICS, template_for

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
FIGURE = re.compile(r'src="(cercle/help/[^"]+\.png)"')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_page_exists_in_both_languages_with_its_screenshots(lang):
    for topic in TOPICS:
        source = Path(get_template(template_for(topic, lang)).origin.name).read_text()
        pictures = FIGURE.findall(source)
        assert pictures, f"{topic.slug} ({lang}) shows no screenshot"
        for picture in pictures:
            assert f"/{lang}/" in picture
            path = STATIC / picture
            assert path.is_file(), f"{picture} is missing: run scripts/help_screenshots.py"
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Cliquez sur le bouton"),
        ("en", "Click the <strong>Publish my reply</strong> button"),
    ],
)
def test_help_pages_are_served_in_the_readers_language(client, lang, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get("/help/reply/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert words in page
    assert f"/static/cercle/help/{lang}/reply.png" in page
    index = client.get("/help/", HTTP_ACCEPT_LANGUAGE=lang)
    assert index.status_code == 200
    assert "/help/fewer-emails/" in index.content.decode()


def test_every_page_links_to_help_and_unknown_topics_are_not_found(client):
    assert 'href="/help/"' in client.get("/accounts/login/").content.decode()
    assert client.get("/help/nothing-here/").status_code == 404
