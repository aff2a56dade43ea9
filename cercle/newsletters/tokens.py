"""One-click unsubscribe (RFC 8058): a signed token per member, community and kind of mail.

The token names who and what (`<user id>.<community id>.<kind letter>`) and carries an HMAC of
it keyed by SECRET_KEY: whoever holds the link may stop that one kind of mail from that one
community for that one member, and nothing else. It does not expire: a link in an old email
must still work (RFC 8058 asks that it keep working for a while; "a while" is up to us).

Each message carries

    List-Unsubscribe: <https://site/u/TOKEN/>, <mailto:address?subject=unsubscribe%20TOKEN>
    List-Unsubscribe-Post: List-Unsubscribe=One-Click

Mail clients POST `List-Unsubscribe=One-Click` to the https address, without cookie nor CSRF
token (cercle.newsletters.views.unsubscribe); a person following the link gets a page that
asks them to confirm.
"""

from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import MailKind

_SALT = "cercle.newsletters.unsubscribe"
_LETTERS = {MailKind.DIGEST: "d", MailKind.NEWSLETTER: "n"}
_KINDS = {letter: kind for kind, letter in _LETTERS.items()}


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    community_id: int
    kind: str


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def make_token(user_id: int, community_id: int, kind: str) -> str:
    return _signer().sign(f"{user_id}.{community_id}.{_LETTERS[kind]}")


def read_token(token: str) -> Unsubscribe | None:
    """What the token stops, or None when it is forged, altered or malformed."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    parts = value.split(".")
    if len(parts) != 3 or parts[2] not in _KINDS or not all(p.isdigit() for p in parts[:2]):
        return None
    return Unsubscribe(int(parts[0]), int(parts[1]), _KINDS[parts[2]])


class Links:
    """The per-member addresses of a mailing, built from a prefix computed once (a reverse()
    per message would cost more than the signature itself)."""

    def __init__(self, community_id: int, kind: str) -> None:
        self.community_id = community_id
        self.kind = kind
        marker = "TOKEN"
        url = settings.SITE_URL + reverse("newsletters:unsubscribe", args=[marker])
        self._url_head, self._url_tail = url.split(marker)
        self.settings_url = settings.SITE_URL + reverse("newsletters:preferences")
        mailbox = getattr(settings, "UNSUBSCRIBE_MAILTO", "sender")
        if mailbox == "sender":
            mailbox = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        self._mailto = "" if mailbox in ("", "none") else mailbox

    def unsubscribe_url(self, token: str) -> str:
        return f"{self._url_head}{token}{self._url_tail}"

    def for_member(self, user_id: int) -> tuple[str, dict[str, str]]:
        """The member's unsubscribe address, and the headers that carry it."""
        token = make_token(user_id, self.community_id, self.kind)
        url = self.unsubscribe_url(token)
        value = f"<{url}>"
        if self._mailto:
            value += f", <mailto:{self._mailto}?subject={quote('unsubscribe ' + token)}>"
        return url, {
            "List-Unsubscribe": value,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
