"""Templated email, sent through Django's configured backend (SMTP in production).

A mail is two templates: `<name>_subject.txt`, `<name>.txt` and optionally `<name>.html`.
It is rendered in the recipient's language.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

log = logging.getLogger(__name__)


def send_mail_template(
    to: str,
    template: str,
    context: dict,
    *,
    language: str | None = None,
    reply_to: list[str] | None = None,
) -> bool:
    """Render and send one message. Returns False (and logs) when the server refuses it:
    a mail that cannot leave must never undo the action that triggered it."""
    if to.lower().endswith(".invalid"):
        # Nobody reads mail there (RFC 2606): the placeholder address of an account made by an
        # import, until its owner claims it (cercle.connectors.identities).
        return False
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # SMTP errors are many (refused, down, timeout): all are logged
        log.exception("Could not send %s to %s", template, to)
        return False
    return True


def send_to_user(user, template: str, context: dict) -> bool:
    return send_mail_template(
        user.email, template, {"user": user, **context}, language=user.language or None
    )
