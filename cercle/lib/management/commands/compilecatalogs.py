"""Compile the .po translation catalogues to .mo with polib (no system gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile translation catalogues; fail on untranslated or fuzzy entries with --check."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if an entry is untranslated or fuzzy."
        )

    def handle(self, *args, check: bool, **options) -> None:
        problems = []
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if check:
                    problems += [
                        f"{po_path}: untranslated: {e.msgid!r}"
                        for e in catalogue.untranslated_entries()
                    ]
                    problems += [
                        f"{po_path}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()
                    ]
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path} ({catalogue.percent_translated()}%)")
        if problems:
            raise CommandError("\n".join(problems))
