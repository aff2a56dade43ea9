"""The `cercle` console command.

Every Django management command is available under it (`cercle migrate`, `cercle demo`,
`cercle serve`...): Cercle's own commands are ordinary management commands, so there is one
dispatcher and one help listing.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cercle.project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
