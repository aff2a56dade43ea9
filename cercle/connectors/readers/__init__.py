"""Streaming readers of community archives: mbox/pipermail, Stack Exchange dumps, perceval
output (mail, Discourse, Stack Exchange items) and Cercle's plain CSV format.

They turn an archive into `ArchivePost` records following docs/indicators.md ("The activity
model"), with no database work, so that the importer and independent checks share them.
"""

from .csvfile import CSV_COLUMNS, read_csv
from .mbox import normalize_subject, parse_date_header, read_mbox
from .perceval import read_perceval, read_perceval_tags, read_perceval_upvotes
from .records import ArchiveError, ArchivePost, ReadReport, SkippedItem
from .stackexchange import (
    parse_tags,
    read_stackexchange,
    read_stackexchange_tags,
    read_stackexchange_upvotes,
)

__all__ = [
    "CSV_COLUMNS",
    "ArchiveError",
    "ArchivePost",
    "ReadReport",
    "SkippedItem",
    "normalize_subject",
    "parse_date_header",
    "parse_tags",
    "read_csv",
    "read_mbox",
    "read_perceval",
    "read_perceval_tags",
    "read_perceval_upvotes",
    "read_stackexchange",
    "read_stackexchange_tags",
    "read_stackexchange_upvotes",
]
