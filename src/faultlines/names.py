"""What a user types, matched to what the store holds: actor keys, event types, outlets.

A filter that matches nothing prints an empty table, which reads as "nothing
happened" when the truth is "you typed `irn`, the store says `IRN`". So every
value a command filters on is matched here first, case-insensitively (an actor
also by its name: "iran" is IRN), and a value the store does not know is an
InputError that says so and suggests the nearest values the store does hold.
"""

from __future__ import annotations

import difflib

from faultlines.errors import InputError
from faultlines.store import Store


def suggest(value: str, known: list[str], limit: int = 3) -> str:
    """"; did you mean A, B?" for the closest known values (case-insensitive), else ""."""
    lowered = {k.lower(): k for k in known}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=limit, cutoff=0.5)
    close += [lowered[k] for k in lowered if value.lower() in k and lowered[k] not in close][:limit - len(close)]
    return f"; did you mean {', '.join(lowered.get(c, c) for c in close)}?" if close else ""


def actor(store: Store, value: str | None, option: str = "--actor") -> str | None:
    """The store's actor key for `value` (a key in any case, or an actor's name)."""
    if value is None:
        return None
    keys = [k for (k,) in store.db.execute(
        "SELECT DISTINCT k FROM (SELECT source_key AS k FROM events UNION SELECT target_key FROM events) "
        "WHERE k IS NOT NULL ORDER BY k").fetchall()]
    wanted = value.strip().lower()
    for key in keys:
        if key.lower() == wanted:
            return key
    named = store.db.execute("SELECT min(key) FROM actors WHERE key IS NOT NULL AND lower(name) = ?",
                             [wanted]).fetchone()[0]
    if named in keys:
        return named
    raise InputError(f"{option} {value!r}: no events with this actor in the store{suggest(value, keys)}")


def actor_or_same(store: Store, value: str) -> str:
    """The store's key for `value`, or `value` itself when the store has no such actor."""
    try:
        return actor(store, value)
    except InputError:
        return value.strip()


def actors(store: Store, values: list[str] | None, option: str = "--actor") -> list[str]:
    return [actor(store, v, option) for v in values or []]


def dyad(store: Store, value: str, option: str = "dyad") -> tuple[str, str]:
    """"irn:rus" -> ("IRN", "RUS"): two actor keys the store knows."""
    parts = value.split(":")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise InputError(f"{option} {value!r}: expected A:B with two actor keys, e.g. IRN:RUS")
    return actor(store, parts[0], option), actor(store, parts[1], option)


def event_type(store: Store, value: str | None, option: str = "--type") -> str | None:
    """A PLOVER type in any case ("aid" -> AID), from the ontology's list and the store's."""
    if value is None:
        return None
    from faultlines.ontology import load_ontology

    stored = {t for (t,) in store.db.execute("SELECT DISTINCT event_type FROM events").fetchall() if t}
    known = sorted(set(load_ontology().plover) | stored)
    for name in known:
        if name.lower() == value.strip().lower():
            return name
    raise InputError(f"{option} {value!r}: not a PLOVER event type{suggest(value, known) or '; choose from ' + ', '.join(known)}")


def outlet(store: Store, value: str | None, option: str = "--outlet") -> str | None:
    """An outlet of the store's documents in any case ("reuters" -> Reuters)."""
    if value is None:
        return None
    known = [s for (s,) in store.db.execute(
        "SELECT DISTINCT source FROM documents WHERE source IS NOT NULL ORDER BY 1").fetchall()]
    for name in known:
        if name.lower() == value.strip().lower():
            return name
    raise InputError(f"{option} {value!r}: no documents from this outlet in the store{suggest(value, known)}")


def status(value: str | None, option: str = "--status") -> str | None:
    """One status in any case ("Reported" -> reported), for the event filters."""
    if value is None:
        return None
    from faultlines.model import Status

    known = [s.value for s in Status]
    if value.strip().lower() in known:
        return value.strip().lower()
    raise InputError(f"{option} {value!r}: not a status; choose from {', '.join(known)}")
