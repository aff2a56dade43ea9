"""Compile the .po translation catalogues to .mo (no system gettext needed)."""

from django.core.management.base import BaseCommand, CommandError

from cercle.lib.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Compile translation catalogues; with --check, fail on untranslated or fuzzy entries."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if an entry is untranslated or fuzzy."
        )

    def handle(self, *args, check: bool, **options) -> None:
        compiled, problems = compile_catalogues(check=check)
        for line in compiled:
            self.stdout.write(f"compiled {line}")
        if problems:
            raise CommandError("\n".join(problems))
