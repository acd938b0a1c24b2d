"""Every command a user can run is documented in the README and has help."""

from pathlib import Path

import typer
from typer.testing import CliRunner

from faultlines.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [f"{prefix}{c.name or c.callback.__name__}" for c in group.registered_commands]
    for sub in group.registered_groups:
        names += commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_docs_every_command_is_in_the_readme_and_has_help():
    runner = CliRunner()
    found = commands(app)
    assert len(found) >= 9
    for name in found:
        assert f"faultlines {name}" in README, f"`faultlines {name}` is not documented in README.md"
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout, name
