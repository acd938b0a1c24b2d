"""`faultlines kb lookup`: how a name resolves, on a date, and from which file."""

from __future__ import annotations

from faultlines.nlp.resources import resources


def lookup(name: str, date: str | None = None, dictionaries: tuple[str, ...] = ()) -> list[tuple]:
    """Rows of (code, name, kind, country, sector, how, source, role on date). A code
    ("IRN", "rus.mil") is looked up too, whatever its case, when no name matches."""
    kb = resources(None, dictionaries).kb
    rows = []
    terms = [(term, kb.entities.get(term.code)) for term in kb.lookup(name)]
    if not terms:
        codes = {code.upper(): code for code in kb.entities}
        code = codes.get(name.strip().upper())
        if code:
            terms = [(None, kb.entities[code])]
    for term, actor in terms:
        if actor is None:
            continue
        role = kb.person_role_on(actor.code, date) if actor.kind == "person" else None
        held = ""
        if role is not None:
            holder = kb.entities.get(role.holder)
            span = f"{role.start or '…'} to {role.end or 'now'}"
            title = f"{role.role} of " if role.role else ""
            held = f"{title}{holder.name if holder else role.holder} ({span})" \
                + ("" if role.held_on(date) else ", not on this date")
        rows.append((actor.code, actor.name, actor.kind, actor.country, actor.sector,
                     term.how if term else "code", term.source if term else "the knowledge base's codes", held))
    return rows


def wikidata_ids(codes: list[str], dictionaries: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(code, QID) of each code that has a Wikidata item in the knowledge base."""
    known = resources(None, dictionaries).kb.wikidata
    return [(code, known[code]) for code in dict.fromkeys(codes) if code in known]
