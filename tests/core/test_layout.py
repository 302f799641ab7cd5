"""The feature package layout: command-line commands live in each feature's ``commands.py``."""

import re

from caseapp import ROOT

COMMAND_DEFINITION = re.compile(r"@click\.|AppGroup\(|\.command\(")


def test_cli_commands_are_defined_only_in_commands_modules():
    """No module but a feature's ``commands.py`` defines a ``caseapp`` subcommand."""
    stray = [str(path.relative_to(ROOT)) for path in (ROOT / "caseapp").rglob("*.py")
             if path.name != "commands.py" and COMMAND_DEFINITION.search(path.read_text())]
    assert not stray, f"command definitions outside commands.py: {stray}"
