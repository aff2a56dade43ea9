"""BulkEmail writes the text + HTML shape of digests and newsletters straight to bytes: what a
mail reader parses must be what Django's own build would give."""

from email import message_from_bytes, policy

from django.core import mail

from cercle.newsletters import mime
from cercle.newsletters.mime import BulkEmail


def bulk(**overrides) -> BulkEmail:
    values = {
        "subject": "Cette semaine à Réseau des dirigeants",
        "body": "Bonjour Zoé,\nvoici les nouvelles.\n\n.Une ligne qui commence par un point\n",
        "from_email": "Réseau des dirigeants <cercle@cercle.example.org>",
        "to": ["zoe@example.org"],
        "headers": {"List-Unsubscribe": "<https://cercle.example.org/u/1.2.d:abc/>"},
    }
    values.update(overrides)
    message = BulkEmail(**values)
    message.attach_alternative("<p>Bonjour <strong>Zoé</strong></p>", "text/html")
    return message


def parse(message: BulkEmail):
    return message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=policy.default)


def test_it_parses_as_a_text_and_html_alternative():
    parsed = parse(bulk())
    assert parsed["Subject"] == "Cette semaine à Réseau des dirigeants"
    assert parsed["From"].addresses[0].display_name == "Réseau des dirigeants"
    assert parsed["From"].addresses[0].addr_spec == "cercle@cercle.example.org"
    assert parsed["To"] == "zoe@example.org"
    assert parsed["List-Unsubscribe"] == "<https://cercle.example.org/u/1.2.d:abc/>"
    assert parsed["Message-ID"].endswith(">")
    assert parsed["Date"]
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert text.replace("\r\n", "\n").startswith("Bonjour Zoé,\nvoici les nouvelles.")
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "<strong>Zoé</strong>" in html


def test_every_line_ends_with_crlf_and_none_is_too_long():
    data = bulk(body="x" * 3000).message().as_bytes(linesep="\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    part = parse(bulk(body="x" * 3000)).get_body(preferencelist=("plain",))
    assert part["Content-Transfer-Encoding"] == "quoted-printable"
    assert part.get_content().strip() == "x" * 3000


def test_anything_else_is_left_to_django():
    with_cc = bulk(cc=["other@example.org"])
    assert not isinstance(with_cc.message(), mime._Raw)
    boundary_inside = bulk(body=f"--{mime._BOUNDARY}\n")
    assert not isinstance(boundary_inside.message(), mime._Raw)
    assert parse(boundary_inside).get_body(preferencelist=("plain",)) is not None


def test_other_backends_take_it(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert bulk().send() == 1
    assert mail.outbox[0].subject == "Cette semaine à Réseau des dirigeants"
