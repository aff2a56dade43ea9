"""Translation catalogues: .po files are the source, .mo files are built from them.

polib compiles them in pure Python, so neither running nor testing Cercle needs GNU gettext.
"""

from pathlib import Path

import polib
from django.conf import settings


def compile_catalogues(*, check: bool = False) -> tuple[list[str], list[str]]:
    """Compile every .po under LOCALE_PATHS. Returns (compiled files, problems); problems list
    untranslated and fuzzy entries when `check` is set."""
    compiled, problems = [], []
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            if check:
                problems += [
                    f"{po_path}: untranslated: {e.msgid!r}"
                    for e in catalogue.untranslated_entries()
                ]
                problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            compiled.append(f"{po_path} ({catalogue.percent_translated()}%)")
    return compiled, problems
