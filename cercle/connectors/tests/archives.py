"""Small archives written by the importer's tests, the real samples' paths, and a count of
every table an import writes to (to show that a failed import changes nothing)."""

import os
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLES = Path(os.environ.get("CERCLE_SAMPLE_ARCHIVES", REPO.parent / "shared" / "data"))
CLEARWATER = SAMPLES / "clearwater-mailing-list"
BEER = SAMPLES / "beer-stackexchange"

BASE = datetime(2016, 3, 1, 9, 0, tzinfo=UTC)


def message(
    message_id: str,
    *,
    days: float = 0,
    subject: str = "Our tools",
    sender: str = "Jo Martin <jo@example.org>",
    in_reply_to: str = "",
    body: str = "Hello everyone.",
    headers: str = "",
) -> str:
    lines = [
        "From jo@example.org  Tue Mar  1 09:00:00 2016",
        f"From: {sender}",
        f"Date: {format_datetime(BASE + timedelta(days=days))}",
        f"Subject: {subject}",
        f"Message-ID: <{message_id}>",
    ]
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if headers:
        lines.append(headers)
    return "\n".join(lines) + "\n\n" + body + "\n\n"


def write_mbox(path: Path, *messages: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(messages), encoding="utf-8")
    return path


def stackexchange_dump(folder: Path, posts: list[str], **files: list[str]) -> Path:
    """A dump folder: Posts.xml with these rows, and Comments/Votes/Users.xml when given."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"Posts": posts, **files}
    for name, rows in tables.items():
        body = "\n".join(f"  <row {row} />" for row in rows)
        tag = name.lower()
        text = f'<?xml version="1.0" encoding="utf-8"?>\n<{tag}>\n{body}\n</{tag}>\n'
        (folder / f"{name}.xml").write_text(text, encoding="utf-8")
    return folder


def table_counts() -> dict[str, int]:
    from django.apps import apps

    labels = [
        "accounts.User",
        "members.Profile",
        "members.Tag",
        "communities.Community",
        "communities.Membership",
        "communities.Charter",
        "discussions.Topic",
        "discussions.Post",
        "discussions.Reaction",
        "discussions.SearchDocument",
        "connectors.ImportRun",
        "connectors.SourceIdentity",
        "connectors.ImportedItem",
        "activity.ActivityEvent",
    ]
    counts = {label: apps.get_model(label).objects.count() for label in labels}
    counts["topic tags"] = apps.get_model("discussions.Topic").tags.through.objects.count()
    return counts
