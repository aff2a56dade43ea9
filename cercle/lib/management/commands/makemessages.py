"""`cercle makemessages`: Django's, also extracting `_n(singular, plural, count)`, the plural
helper of the import command's summary (cercle/connectors/management/commands/import.py)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_n:1,2"]
