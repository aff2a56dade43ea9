"""Writing perceval items the way perceval does, for the tests.

`mbox_to_perceval` turns mbox files into the items of perceval's MBox backend, following
perceval/utils.py `message_to_dict` (headers decoded chunk by chunk with `decode_header` and
joined with spaces, undecodable bytes kept with `surrogateescape`; text parts under
body["plain"] / body["html"]; Message-ID and Date under those exact names) and the envelope of
perceval/backend.py. The messages are cut at the separator lines read_mbox recognizes (perceval's
own `mailbox.mbox` would also cut at pipermail's unescaped "From " body lines): the point is to
test the reading of items, not perceval's splitting. It shares no code with the readers.
"""

import email
import email.header
import email.iterators
import email.message
import gzip
import hashlib
import json
import re
from pathlib import Path

SEPARATOR = re.compile(
    rb"From (\S+|\S+ at \S+) +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ +\d+:\d+(:\d+)? +\d{4}( [+-]\d{4})?$"
)


def envelope(backend: str, category: str, origin: str, item_id: str, data: dict) -> dict:
    """An item as perceval's Backend.fetch wraps it (the fields Cercle does not read included)."""
    return {
        "backend_name": backend,
        "backend_version": "0.13.2",
        "category": category,
        "classified_fields_filtered": None,
        "data": data,
        "origin": origin,
        "perceval_version": "1.0.2",
        "search_fields": {"item_id": item_id},
        "tag": origin,
        "timestamp": 1700000000.0,
        "updated_on": 1700000000.0,
        "uuid": hashlib.sha1(f"{origin}:{item_id}".encode()).hexdigest(),  # noqa: S324
    }


def _decode_payload(part: email.message.Message) -> str:
    charset = part.get_content_charset("utf-8")
    payload = part.get_payload(decode=True) or b""
    try:
        return payload.decode(charset, errors="surrogateescape")
    except (UnicodeError, LookupError):
        return payload.decode("ascii", errors="surrogateescape")


def message_to_dict(message: email.message.Message, unixfrom: str) -> dict:
    headers: dict[str, str | None] = {}
    for name, value in message.items():
        parts = []
        for text, charset in email.header.decode_header(value):
            if isinstance(text, bytes):
                try:
                    text = text.decode(charset or "utf-8", errors="surrogateescape")
                except (UnicodeError, LookupError):
                    text = text.decode("ascii", errors="surrogateescape")
            parts.append(text)
        joined = " ".join(parts)
        # CaseInsensitiveDict: a header met twice keeps its last value, under its last spelling.
        for known in [k for k in headers if k.lower() == name.lower()]:
            del headers[known]
        headers[name] = joined or None
    body: dict[str, list[str]] = {}
    if not message.is_multipart():
        body[message.get_content_subtype()] = [_decode_payload(message)]
    else:
        for part in email.iterators.typed_subpart_iterator(message):
            body.setdefault(part.get_content_subtype(), []).append(_decode_payload(part))
    data = {"unixfrom": unixfrom, **headers, "body": {k: "\n".join(v) for k, v in body.items()}}
    for wanted in ("Message-ID", "Date"):
        for name in [k for k in data if k.lower() == wanted.lower()]:
            data[wanted] = data.pop(name)
    return data


def mbox_messages(path: Path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    chunk: list[bytes] | None = None
    for line in data.splitlines(keepends=True):
        if SEPARATOR.match(line.rstrip(b"\r\n")):
            if chunk:
                yield chunk[0], b"".join(chunk[1:])
            chunk = [line]
        elif chunk is not None:
            chunk.append(line)
    if chunk:
        yield chunk[0], b"".join(chunk[1:])


def mbox_to_perceval(folder: Path, origin: str = "https://lists.example.org/list") -> list[dict]:
    items = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for separator, raw in mbox_messages(path):
            message = email.message_from_bytes(raw)
            unixfrom = separator.rstrip(b"\r\n")[5:].decode("ascii", "surrogateescape")
            data = message_to_dict(message, unixfrom)
            item_id = str(data.get("Message-ID") or unixfrom)
            items.append(envelope("MBox", "message", origin, item_id, data))
    return items


def write_items(path: Path, items: list[dict], *, pretty: bool = False) -> Path:
    """Items as `perceval --json-line` writes them, or as its default indented output."""
    if pretty:
        text = "".join(json.dumps(i, indent=4, sort_keys=True) + "\n" for i in items)
    else:
        text = "".join(json.dumps(i, separators=(",", ":"), sort_keys=True) + "\n" for i in items)
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(data, 1) if path.name.endswith(".gz") else data)
    return path
