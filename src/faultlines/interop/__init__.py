"""Exports other event-data tools can load: flat tables (CSV, JSON lines, Parquet),
GDELT 2.0's event table and PLOVER's JSON records.

One entry point, `export(store, path, fmt, flt)`, used by the CLI's `export` command
and by the Python data API. Each layout lives in its own module (`flat`, `gdelt`,
`plover`); what each fills and leaves empty is documented in the README's "Interop"
section. Events of near-duplicate documents are left out, as everywhere.
"""

from __future__ import annotations

from faultlines.errors import InputError

# `polecat` is the old name of `plover-csv`: the layout never matched a published
# POLECAT column list (POLECAT's files are tab-separated with other column names).
FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover", "plover-csv")
DEPRECATED = {"polecat": ("plover-csv", "--format polecat is deprecated: it is a flat CSV of PLOVER "
                                        "coding, not POLECAT's layout; use --format plover-csv (or plover)")}


def resolve_format(fmt: str) -> tuple[str, str | None]:
    """The format to write and, for a deprecated alias, the one-line warning to show."""
    if fmt in DEPRECATED:
        return DEPRECATED[fmt]
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt, None


def export(store, path: str, fmt: str, flt=None, header: bool = False) -> int:
    """Write the events `flt` selects (all, by default) to `path` in `fmt`; returns the
    row count. `header` adds a header row to the GDELT layout (GDELT's own files have none)."""
    from faultlines.interop import flat, gdelt, plover
    from faultlines.query import EventFilter

    fmt, _ = resolve_format(fmt)
    flt = flt or EventFilter(limit=1_000_000_000)
    if fmt == "gdelt":
        return gdelt.write(store, path, flt, header)
    if fmt == "plover":
        return plover.write(store, path, flt)
    return flat.write(store, path, fmt, flt)
