"""PLOVER and CAMEO, loaded once from the readable files in `data/`.

- `plover.yaml`: the 16 PLOVER types, their modes, QuadClass and scores.
- `cameo.csv`: every CAMEO code with name, Goldstein score, QuadClass and the
  PLOVER type/mode it maps to (the crosswalk).
- `verbs.yaml`: the predicate lexicon (verbs and eventive nouns → CAMEO code).
- `instruments.yaml`: what is transferred or used (weapons, aid...) → mode.
- `modality.yaml`: cue words for status and attribution.

Validation happens at load time so a bad edit to a data file fails loudly,
naming the file and the entry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from faultlines.errors import DataError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


def data_path(name: str) -> Path:
    return Path(str(resources.files("faultlines.ontology") / "data" / name))


def read_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from exc


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


@dataclass(frozen=True)
class PloverType:
    name: str
    quad_class: int
    score: float
    definition: str
    modes: dict  # mode -> {"score": float, "definition": str}


class Ontology:
    """Typed lookups over the PLOVER and CAMEO tables."""

    def __init__(self, plover: dict[str, PloverType], cameo: dict[str, CameoCode]):
        self.plover = plover
        self.cameo = cameo

    def code(self, code: str) -> CameoCode:
        """The CAMEO record for `code`, falling back to its parent code."""
        while code:
            if code in self.cameo:
                return self.cameo[code]
            code = code[:-1]
        raise KeyError(code)

    def plover_of(self, code: str) -> tuple[str | None, str | None]:
        entry = self.code(code)
        return entry.plover_type, entry.plover_mode

    def quad_of_type(self, plover_type: str) -> int:
        return self.plover[plover_type].quad_class


def _load_plover(path: Path) -> dict[str, PloverType]:
    raw = read_yaml(path) or {}
    types = {}
    for name, spec in (raw.get("types") or {}).items():
        try:
            types[name] = PloverType(
                name=name,
                quad_class=int(spec["quad_class"]),
                score=float(spec["score"]),
                definition=str(spec.get("definition", "")),
                modes=dict(spec.get("modes") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{path}: PLOVER type {name!r} is malformed: {exc}") from exc
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise DataError(f"{path}: PLOVER types missing: {sorted(missing)}")
    return types


def _load_cameo(path: Path) -> dict[str, CameoCode]:
    codes = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from exc
    for line, row in enumerate(rows, start=2):
        try:
            code = row["code"].strip()
            codes[code] = CameoCode(
                code=code,
                name=row["name"].strip(),
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=(row.get("plover_type") or "").strip() or None,
                plover_mode=(row.get("plover_mode") or "").strip() or None,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"{path}, line {line}: malformed CAMEO row: {exc}") from exc
    return codes


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    return Ontology(_load_plover(data_path("plover.yaml")), _load_cameo(data_path("cameo.csv")))
