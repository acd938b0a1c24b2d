"""faultlines: sourced, certainty-aware geopolitical event data from news text.

The Python API:

    >>> import faultlines
    >>> events = faultlines.extract("Iran sent ballistic missiles to Russia.", date="2024-09-07")
    >>> events[0].event_type, events[0].source.actor.country, events[0].target.actor.country
    ('AID', 'IRN', 'RUS')
"""

from faultlines.errors import FaultlinesError, InputError, PipelineError
from faultlines.extract import extract, extract_documents
from faultlines.model import Actor, Attribution, Document, Event, Mention, Stance, Status
from faultlines.nlp import load_pipeline

__version__ = "0.1.0"

__all__ = [
    "Actor", "Attribution", "Document", "Event", "FaultlinesError", "InputError", "Mention",
    "PipelineError", "Stance", "Status", "extract", "extract_documents", "load_pipeline",
]
