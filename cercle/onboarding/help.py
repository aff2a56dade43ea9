"""The help pages: plain-language guides for members not at ease with computers, in French and
in English, with screenshots of the real pages (scripts/help_screenshots.py takes them).

Each topic has a template per language (templates/onboarding/help/<language>/<topic>.html):
a page written for people, with pictures, reads better as a whole text than as sentences
gettext cuts apart.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Topic:
    slug: str
    title: object
    summary: object


TOPICS = [
    Topic("take-part", _("How to take part"), _("Find your way around a community.")),
    Topic("reply", _("Reply to a discussion"), _("Write an answer, step by step.")),
    Topic("fewer-emails", _("Receive fewer emails"), _("Choose what Cercle sends you.")),
    Topic("events", _("Register for an event"), _("Say that you are coming, and be reminded.")),
    Topic("profile", _("Complete your profile"), _("Tell the members who you are.")),
]
BY_SLUG = {topic.slug: topic for topic in TOPICS}


def language() -> str:
    """The reader's language if we have the pages in it, else French."""
    current = (get_language() or "fr")[:2]
    return current if current in LANGUAGES else "fr"


def template_for(topic: Topic, lang: str | None = None) -> str:
    return f"onboarding/help/{lang or language()}/{topic.slug}.html"
