"""A text + HTML email written straight to bytes, for mailings of many messages.

Django's EmailMultiAlternatives builds its MIME tree with Python's email package, which costs
about 1 to 2.5 ms per message (each header parsed and folded, each part generated): more than
rendering the digest itself, and the first limit of a mailing to 100,000 members. A digest or
a newsletter is always the same shape (a text part and an HTML part in UTF-8, a few ASCII
headers), so BulkEmail writes that shape directly:

    multipart/alternative
      text/plain; charset="utf-8"   8bit (quoted-printable if a line is over 998 bytes)
      text/html; charset="utf-8"    8bit (idem)

as Django itself encodes UTF-8 text (8bit unless a line is too long). The boundary is random
per process, and a body that contains it is left to Django. The subject and sender are
encoded once per distinct value (RFC 2047) and cached. BulkEmail is an EmailMultiAlternatives
for everything else (recipients, the backends: SMTP, file, console, locmem for tests), so any
backend sends it; anything outside that shape (attachments, Cc, a non-ASCII header value)
falls back to Django's own build.
"""

import binascii
import functools
import random
import time
from email.header import Header
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME

_BOUNDARY = f"=_cercle_{random.getrandbits(64):016x}"
MAX_LINE = 998
_SAFE_ADDRESS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_+@")
_counter = iter(range(1, 1 << 62))


class _Raw:
    """What Django's backends use of `EmailMessage.message()`: its bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # CRLF line endings

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n", policy=None) -> bytes:
        if linesep == "\r\n":
            return self._data
        return self._data.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n", policy=None) -> str:
        return self.as_bytes(linesep=linesep).decode("ascii")

    def __bytes__(self) -> bytes:
        return self.as_bytes()

    def __str__(self) -> str:
        return self.as_string()

    def get_charset(self):
        return None


@functools.lru_cache(maxsize=256)
def _encoded_header(value: str) -> str:
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        return Header(value, "utf-8", maxlinelen=10_000).encode()
    return value


@functools.lru_cache(maxsize=64)
def _sender(value: str) -> str:
    return sanitize_address(value, settings.DEFAULT_CHARSET)


@functools.lru_cache(maxsize=64)
def _address_of(value: str) -> str:
    return parseaddr(value)[1]


def _address(value: str) -> str:
    if set(value.lower()) <= _SAFE_ADDRESS:
        return value
    return sanitize_address(value, settings.DEFAULT_CHARSET)


def _body(text: str) -> tuple[bytes, bytes]:
    """The part's bytes with CRLF line ends, and its transfer encoding: 8bit, as Django
    writes UTF-8 text, unless a line is too long for SMTP (998 bytes): quoted-printable."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    if max(map(len, data.split(b"\n")), default=0) <= MAX_LINE:
        return data.replace(b"\n", b"\r\n"), b"8bit"
    return binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n"), b"quoted-printable"


def _message_id() -> str:
    return f"<{time.time_ns()}.{next(_counter)}.{random.getrandbits(32):08x}@{DNS_NAME}>"


class BulkEmail(EmailMultiAlternatives):
    @property
    def envelope_sender(self) -> str:
        """The address alone, for SMTP's MAIL FROM."""
        return _address_of(self.from_email)

    def _writable(self) -> bool:
        return (
            len(self.alternatives) == 1
            and self.alternatives[0][1] == "text/html"
            and not self.attachments
            and not self.cc
            and not self.bcc
            and len(self.to) == 1
            and all(
                value.isascii() and "\n" not in value and "\r" not in value
                for value in self.extra_headers.values()
            )
        )

    def message(self):
        if not self._writable() or _BOUNDARY in self.body or _BOUNDARY in self.alternatives[0][0]:
            return super().message()
        headers = [
            f"From: {_sender(self.from_email)}",
            f"To: {_address(self.to[0])}",
            f"Subject: {_encoded_header(' '.join(str(self.subject).split()))}",
            f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}",
            f"Message-ID: {_message_id()}",
            "MIME-Version: 1.0",
        ]
        if self.reply_to:
            headers.append(f"Reply-To: {', '.join(_address(a) for a in self.reply_to)}")
        headers.extend(f"{name}: {value}" for name, value in self.extra_headers.items())
        headers.append(f'Content-Type: multipart/alternative; boundary="{_BOUNDARY}"')
        text, text_encoding = _body(self.body)
        html, html_encoding = _body(self.alternatives[0][0])
        boundary = _BOUNDARY.encode()
        parts = [
            "\r\n".join(headers).encode("ascii"),
            b"\r\n\r\n--",
            boundary,
            b'\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: ',
            text_encoding,
            b"\r\n\r\n",
            text,
            b"\r\n--",
            boundary,
            b'\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: ',
            html_encoding,
            b"\r\n\r\n",
            html,
            b"\r\n--",
            boundary,
            b"--\r\n",
        ]
        return _Raw(b"".join(parts))
