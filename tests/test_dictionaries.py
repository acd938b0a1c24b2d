"""Importing PETRARCH/TABARI dictionaries into a pipeline: what a user sees."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from faultlines.cli import app
from faultlines.extract import extract_documents
from faultlines.model import Document
from faultlines.nlp.resources import resources

MINI = Path(__file__).parent / "data" / "petrarch"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "cameo"
runner = CliRunner()


def events(text, dictionaries=()):
    """The rules' events: imported dictionaries feed the rules, not the learned coder."""
    doc = Document("t", text, "2024-05-10")
    return next(extract_documents([doc], dictionaries=tuple(map(str, dictionaries)), coder="rules")).events


def test_dictionaries_imported_actor_names_resolve_by_date_with_their_source():
    found = resources(None, (str(MINI / "mini.actors.txt"),))
    firefly = [t for t in found.kb.lookup("Firefly")]
    assert firefly and firefly[0].source.startswith("mini.actors.txt:")
    result = runner.invoke(app, ["kb", "lookup", "Rufus T. Firefly", "--date", "1933-06-01",
                                 "-d", str(MINI / "mini.actors.txt")])
    assert result.exit_code == 0 and "mini.actors.txt" in result.stdout


def test_dictionaries_our_own_names_win():
    found = resources(None, (str(MINI / "mini.actors.txt"),))
    assert [t.code for t in found.kb.lookup("Iran")] == ["IRN"]


def test_dictionaries_malformed_lines_are_reported_with_file_and_line():
    found = resources(None, (str(MINI / "mini.actors.txt"), str(MINI / "mini.verbs.txt")))
    problems = [line for line in found.report if "mini." in line and ":" in line.split(" ")[0]]
    assert any("mini.actors.txt:" in p for p in problems)
    assert any("mini.verbs.txt:" in p for p in problems)


def test_dictionaries_imported_verbs_fill_gaps_in_our_lexicon(nlp):
    text = "Germany rushed humanitarian aid to Turkey after the earthquake."
    assert not [e for e in events(text) if e.event_type == "AID"]
    imported = events(text, [MINI / "mini.verbs.txt"])
    aid = [e for e in imported if e.event_type == "AID"]
    assert aid and aid[0].source.actor.key == "DEU" and aid[0].target.actor.key == "TUR"


def test_dictionaries_missing_file_is_a_clear_error():
    result = runner.invoke(app, ["kb", "lookup", "Iran", "-d", "/nonexistent/verbs.txt"])
    assert result.exit_code == 2 and "/nonexistent/verbs.txt" in result.stderr


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/data/cameo not present")
def test_dictionaries_real_phoenix_and_cameo_files_load(nlp):
    paths = tuple(str(REAL / n) for n in ("CAMEO.2.0.txt", "Phoenix.Countries.actors.txt",
                                         "Phoenix.agents.txt", "Phoenix.discards.txt"))
    found = resources(None, paths)
    assert sum(len(v) for v in found.lexicon.verbs.values()) > 3000
    assert len(found.kb.terms) > 20000
    assert any("malformed lines" in line for line in found.report)
