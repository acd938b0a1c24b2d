"""Which claims an analysis counts: the statuses in scope, parsed once for every analysis.

A figure built on events must say which of them it believes. By default the
network, balance, blocs, linkage, escalation alerts, the arms-transfer ledger and
a brief's trends count what the texts state as fact or report (asserted,
reported); `--status` (API: `status=`) widens or narrows that explicitly, e.g.
`asserted,reported,planned` or `all`. A denial never makes a tie: "Iran denied
supplying the Houthis" is evidence against a cooperative edge, not for one, so
`tie_statuses` drops `denied` even when it is asked for (the claims ledger is
where denials are shown).
"""

from __future__ import annotations

from collections.abc import Iterable

from faultlines.errors import InputError
from faultlines.model import Status

FACTUAL = ("asserted", "reported")
ALL = tuple(s.value for s in Status)


def parse(value: str | Iterable[str] | None, option: str = "--status") -> tuple[str, ...]:
    """`None` or empty: the factual default; "all": every status; else a comma-separated
    (or repeated) list, matched case-insensitively. An unknown name is an InputError
    that lists the allowed ones."""
    if value is None:
        return FACTUAL
    parts = value.split(",") if isinstance(value, str) else [p for v in value for p in str(v).split(",")]
    names = [p.strip().lower() for p in parts if p.strip()]
    if not names:
        return FACTUAL
    if "all" in names:
        return ALL
    unknown = [n for n in names if n not in ALL]
    if unknown:
        raise InputError(f"{option} {unknown[0]!r}: not a status; choose from {', '.join(ALL)} "
                         "(comma-separated) or all")
    return tuple(s for s in ALL if s in names)


def tie_statuses(statuses: Iterable[str]) -> tuple[str, ...]:
    """The statuses that may make a tie between two actors: never `denied`."""
    return tuple(s for s in statuses if s != Status.DENIED.value)


def clause(statuses: Iterable[str], column: str = "e.status") -> tuple[str, list]:
    """SQL condition and parameters keeping events of these statuses (none: no event)."""
    chosen = list(statuses)
    if not chosen:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' for _ in chosen)})", chosen
