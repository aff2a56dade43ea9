"""The digest and the newsletter as emails: a text part and an HTML part, in the member's
language, with their name, their unsubscribe link and a link to their settings.

Rendering a Django template per member is what would cost most when a community of 100,000
members receives its digest. So each mailing renders, once per language:

- a **frame** (the email around the content: greeting, footer, links), with markers where the
  member's own values go (`[[cercle:name]]`...), split once and joined per member;
- each **part** (a topic, an event, a newcomer, a section's heading) the first time a member's
  digest uses it, then kept: members of one community share most of their parts.

A member's message is then a few string joins. The templates stay ordinary templates
(translatable, editable), under templates/newsletters/email/.
"""

from __future__ import annotations

import re
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape

from cercle.communities.models import Community
from cercle.events.models import EventStatus

from .content import Digest
from .delivery import Outgoing
from .models import MailKind, Newsletter
from .tokens import Links

_MARK = re.compile(r"\[\[cercle:(\w+)\]\]")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_TEXT_GAPS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def compact_html(html: str) -> str:
    """Without the blank lines template tags leave: a smaller message."""
    return _BLANK_LINES.sub("\n", html).strip() + "\n"


def compact_text(text: str) -> str:
    """At most one blank line in a row."""
    return _TEXT_GAPS.sub("\n\n", text)


def mark(name: str) -> str:
    return f"[[cercle:{name}]]"


class Frame:
    """A rendered text with markers, filled per member by joining (no template, no regex)."""

    def __init__(self, rendered: str) -> None:
        self.parts = _MARK.split(rendered)

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            out.append(values[parts[i]])
            out.append(parts[i + 1])
        return "".join(out)


def language_of(code: str | None) -> str:
    return code or settings.LANGUAGE_CODE


def sender(community: Community) -> str:
    """From: the community's name, at Cercle's address."""
    return formataddr((community.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def _member_values(name: str, unsubscribe_url: str, settings_url: str) -> tuple[dict, dict]:
    html = {"name": escape(name), "unsubscribe": escape(unsubscribe_url), "settings": settings_url}
    text = {"name": name, "unsubscribe": unsubscribe_url, "settings": settings_url}
    return html, text


def _first_name(name: str, email: str) -> str:
    return name.split()[0] if name.strip() else email.split("@")[0]


# --- Digest ---------------------------------------------------------------------------------


class _DigestLanguage:
    """The frame and the parts of one community's digest in one language."""

    def __init__(self, renderer: DigestRenderer, language: str) -> None:
        self.renderer = renderer
        self.language = language
        self.parts: dict[tuple, tuple[str, str]] = {}
        context = {
            **renderer.context,
            "name": mark("name"),
            "sections": mark("sections"),
            "unsubscribe_url": mark("unsubscribe"),
            "settings_url": mark("settings"),
        }
        with translation.override(language):
            self.subject = " ".join(
                get_template("newsletters/email/digest_subject.txt").render(context).split()
            )
            self.html = Frame(
                compact_html(get_template("newsletters/email/digest.html").render(context))
            )
            self.text = Frame(
                compact_text(get_template("newsletters/email/digest.txt").render(context))
            )

    def part(self, key: tuple, context=None) -> tuple[str, str]:
        """The (html, text) of a part, by its key; `context`: a callable giving what its
        template needs, called only when the part is not rendered yet."""
        found = self.parts.get(key)
        if found is None:
            context = {**self.renderer.context, "part": key[0], **(context() if context else {})}
            with translation.override(self.language):
                found = self.parts[key] = (
                    compact_html(self.renderer.part_html.render(context)),
                    compact_text(self.renderer.part_text.render(context)),
                )
        return found


class DigestRenderer:
    def __init__(self, community: Community, rhythm: str) -> None:
        self.community = community
        self.rhythm = rhythm
        self.links = Links(community.pk, MailKind.DIGEST)
        self.site_url = settings.SITE_URL
        self.context = {
            "community": community,
            "rhythm": rhythm,
            "site_url": self.site_url,
            "community_url": self.site_url + community.get_absolute_url(),
        }
        self.part_html = get_template("newsletters/email/_digest_part.html")
        self.part_text = get_template("newsletters/email/_digest_part.txt")
        self.from_email = sender(community)
        self._languages: dict[str, _DigestLanguage] = {}

    def _language(self, code: str) -> _DigestLanguage:
        found = self._languages.get(code)
        if found is None:
            found = self._languages[code] = _DigestLanguage(self, code)
        return found

    def sections(self, digest: Digest, zone: str, lang: _DigestLanguage) -> list[tuple[str, str]]:
        """The member's parts, in order; each rendered only the first time a digest of this
        run needs it (its context is built only then)."""
        part = lang.part
        parts = []
        if digest.followed:
            parts.append(part(("followed",)))
            parts.extend(
                part(("topic", t.pk, new), lambda t=t, new=new: {"topic": t, "is_new": new})
                for t, new in digest.followed
            )
        if digest.questions:
            parts.append(part(("questions",)))
            parts.extend(
                part(("question", t.pk), lambda t=t: {"topic": t}) for t in digest.questions
            )
        if digest.events:
            parts.append(part(("events",)))
            parts.extend(
                part(("event", e.pk, zone), lambda e=e: self._event_context(e, zone))
                for e in digest.events
            )
        if digest.newcomers:
            parts.append(part(("newcomers",)))
            parts.extend(
                part(("newcomer", p.pk), lambda p=p: {"person": p}) for p in digest.newcomers
            )
            if digest.more_newcomers:
                count = digest.more_newcomers
                parts.append(part(("more_newcomers", count), lambda: {"count": count}))
        if digest.thanks:
            parts.append(part(("thanks",)))
            parts.extend(part(("thanked", t.key), lambda t=t: {"thanks": t}) for t in digest.thanks)
        return parts

    def _event_context(self, event, zone: str) -> dict:
        return {
            "event": event,
            "zone": zone,
            "event_url": self.site_url + event.get_absolute_url(),
        }

    def message(self, digest: Digest, zone: str) -> Outgoing:
        member = digest.member
        lang = self._language(language_of(member.language))
        parts = self.sections(digest, zone, lang)
        url, headers = self.links.for_member(member.user_id)
        html_values, text_values = _member_values(
            _first_name(member.name, member.email), url, self.links.settings_url
        )
        html_values["sections"] = "".join(p[0] for p in parts)
        text_values["sections"] = "".join(p[1] for p in parts)
        return Outgoing(
            user_id=member.user_id,
            to=member.email,
            subject=lang.subject,
            text=lang.text.fill(text_values),
            html=lang.html.fill(html_values),
            headers={**headers, "List-Id": self.list_id("digest")},
            from_email=self.from_email,
        )

    def list_id(self, kind: str) -> str:
        return list_id(self.community, kind)


def list_id(community: Community, kind: str) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0] or "localhost"
    return f"<{kind}.{community.slug}.{host}>"


# --- Newsletter -----------------------------------------------------------------------------


def newsletter_context(newsletter: Newsletter) -> dict:
    """What the newsletter shows, read once (its sections, featured topics and events, the
    contributor in the spotlight): shared by the emails, the preview and the archive page."""
    community = newsletter.community
    site_url = settings.SITE_URL
    topics = list(
        newsletter.featured_topics.filter(deleted_at__isnull=True).order_by("-created_at")
    )
    events = list(
        newsletter.featured_events.filter(status=EventStatus.SCHEDULED).order_by("starts_at", "pk")
    )
    for item in (*topics, *events):
        item.community = community
    return {
        "newsletter": newsletter,
        "community": community,
        "sections": list(newsletter.sections.all()),
        "topics": [(topic, site_url + topic.get_absolute_url()) for topic in topics],
        "events": [(event, site_url + event.get_absolute_url()) for event in events],
        "spotlight": newsletter.spotlight,
        "spotlight_url": (
            site_url + _profile_url(community, newsletter.spotlight_id)
            if newsletter.spotlight_id
            else ""
        ),
        "site_url": site_url,
        "community_url": site_url + community.get_absolute_url(),
        "archive_url": site_url + newsletter.get_absolute_url(),
    }


def _profile_url(community: Community, user_id: int) -> str:
    from django.urls import reverse

    return reverse("members:profile", args=[community.slug, user_id])


class NewsletterRenderer:
    def __init__(self, newsletter: Newsletter, *, test: bool = False) -> None:
        self.newsletter = newsletter
        self.links = Links(newsletter.community_id, MailKind.NEWSLETTER)
        self.context = {
            **newsletter_context(newsletter),
            "name": mark("name"),
            "unsubscribe_url": mark("unsubscribe"),
            "settings_url": mark("settings"),
            "test": test,
        }
        self.from_email = sender(newsletter.community)
        self._languages: dict[str, tuple[str, Frame, Frame]] = {}

    def _language(self, code: str) -> tuple[str, Frame, Frame]:
        found = self._languages.get(code)
        if found is None:
            with translation.override(code):
                subject = " ".join(
                    get_template("newsletters/email/newsletter_subject.txt")
                    .render(self.context)
                    .split()
                )
                html = Frame(
                    compact_html(
                        get_template("newsletters/email/newsletter.html").render(self.context)
                    )
                )
                text = Frame(
                    compact_text(
                        get_template("newsletters/email/newsletter.txt").render(self.context)
                    )
                )
            found = self._languages[code] = (subject, html, text)
        return found

    def message(self, *, user_id: int, email: str, name: str, language: str) -> Outgoing:
        subject, html, text = self._language(language_of(language))
        url, headers = self.links.for_member(user_id)
        html_values, text_values = _member_values(
            _first_name(name, email), url, self.links.settings_url
        )
        return Outgoing(
            user_id=user_id,
            to=email,
            subject=subject,
            text=text.fill(text_values),
            html=html.fill(html_values),
            headers={**headers, "List-Id": list_id(self.newsletter.community, "newsletter")},
            from_email=self.from_email,
        )
