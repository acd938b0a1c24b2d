"""faultlines: sourced, certainty-aware geopolitical event data from news text.

The Python API:

    >>> import faultlines
    >>> events = faultlines.extract("Iran sent ballistic missiles to Russia.", date="2024-09-07")
    >>> events[0].event_type, events[0].source.actor.country, events[0].target.actor.country
    ('AID', 'IRN', 'RUS')
    >>> frame = events.to_pandas()  # or .to_arrow(): one row per event

    >>> with faultlines.open("faultlines.duckdb") as data:  # a store, read-only
    ...     reported = data.events(dyad="IRN:RUS", status="reported").to_pandas()

See faultlines.frames for the data API and faultlines.interop for the exports.
"""

from faultlines.errors import FaultlinesError, InputError, PipelineError
from faultlines.extract import extract, extract_documents
from faultlines.frames import Dataset, EventList, Frame
from faultlines.frames import open_dataset as open  # noqa: A001 (faultlines.open(path), like the builtin's role)
from faultlines.model import Actor, Attribution, Document, Event, Mention, Stance, Status
from faultlines.nlp import load_pipeline

__version__ = "0.1.0"

__all__ = [
    "Actor", "Attribution", "Dataset", "Document", "Event", "EventList", "FaultlinesError", "Frame",
    "InputError", "Mention", "PipelineError", "Stance", "Status", "extract", "extract_documents",
    "load_pipeline", "open",
]
