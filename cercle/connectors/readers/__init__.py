"""Streaming readers of community archives: mbox/pipermail, Stack Exchange dumps.

They turn an archive into `ArchivePost` records following docs/indicators.md ("The activity
model"), with no database work, so that the importer and independent checks share them.
"""

from .mbox import normalize_subject, parse_date_header, read_mbox
from .records import ArchiveError, ArchivePost, ReadReport, SkippedItem
from .stackexchange import (
    parse_tags,
    read_stackexchange,
    read_stackexchange_tags,
    read_stackexchange_upvotes,
)

__all__ = [
    "ArchiveError",
    "ArchivePost",
    "ReadReport",
    "SkippedItem",
    "normalize_subject",
    "parse_date_header",
    "parse_tags",
    "read_mbox",
    "read_stackexchange",
    "read_stackexchange_tags",
    "read_stackexchange_upvotes",
]
