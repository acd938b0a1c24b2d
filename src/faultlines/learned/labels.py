"""The label sets the learned coder predicts, shared by training and the runtime.

Order matters: an index here is an output unit of the shipped model, so the lists
are written into the model directory (`labels.json`) and read back from there.
"""

from __future__ import annotations

PENTACLASS = ["none", "0", "1", "2", "3", "4"]          # "none": no political event
ROOTS = ["none"] + [f"{i:02d}" for i in range(1, 21)]   # CAMEO roots 01..20
PLOVER = ["none", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
          "ASSAULT", "RETREAT"]                          # "none": no PLOVER type (or no event)
TAGS = ["O", "B-S", "I-S", "B-T", "I-T"]                 # the headline event's source and target
IGNORE = -100


def all_labels() -> dict[str, list[str]]:
    return {"pentaclass": PENTACLASS, "roots": ROOTS, "plover": PLOVER, "tags": TAGS}


def char_spans_from_tags(tags: list[str], offsets: list[tuple[int, int]], role: str) -> list[tuple[int, int]]:
    """Character spans of the B-/I- runs of `role` ('S' or 'T'); a run that starts with
    I- counts as started. `offsets` are the units' character offsets in the text."""
    spans, start, end = [], None, None
    for tag, (a, b) in zip(tags + ["O"], offsets + [(0, 0)]):
        if tag == f"B-{role}" or (tag == f"I-{role}" and start is None):
            if start is not None:
                spans.append((start, end))
            start, end = a, b
        elif tag == f"I-{role}":
            end = b
        else:
            if start is not None:
                spans.append((start, end))
            start = end = None
    return spans
