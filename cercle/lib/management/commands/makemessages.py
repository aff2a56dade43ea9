"""`cercle makemessages`: Django's, also extracting Cercle's two other names for gettext:
`_lazy` (gettext_lazy, in modules where `_` is the immediate gettext) and `_n(singular, plural,
count)`, the plural helper of the import command's summary."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_lazy",
        "--keyword=_n:1,2",
    ]
