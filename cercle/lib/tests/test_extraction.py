"""Every name the code gives gettext is one that `cercle makemessages` extracts: a string
translated under a name xgettext does not know never reaches the catalogue, and French pages
show it in English."""

import re
from pathlib import Path

from cercle.lib.management.commands.makemessages import Command

CODE = Path(__file__).resolve().parents[2]
ALIAS = re.compile(r"import\s+\w*gettext\w*\s+as\s+(\w+)")


def test_every_gettext_alias_is_extracted():
    extracted = {"_"} | {
        option.split("=", 1)[1].split(":")[0]
        for option in Command.xgettext_options
        if option.startswith("--keyword=")
    }
    aliases = {
        (alias, str(path.relative_to(CODE)))
        for path in CODE.rglob("*.py")
        if "tests" not in path.parts
        for alias in ALIAS.findall(path.read_text(encoding="utf-8"))
    }
    assert aliases, "no gettext import found: the pattern is wrong"
    assert [(a, where) for a, where in aliases if a not in extracted] == []
