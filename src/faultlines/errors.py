"""One family of errors, each naming the input and the fix.

    FaultlinesError            base; exit_code 1, http_status 500
    ├── InputError             a bad input (missing file, broken JSON line, binary data)
    │   └── InputNotFound      a path that does not exist
    ├── PipelineError          the spaCy pipeline or our data files cannot be loaded
    └── DataError              a data file (ontology, knowledge base, lexicon) is malformed

The library raises these and never prints or exits; the CLI has one catch point.
"""

from __future__ import annotations


class FaultlinesError(Exception):
    exit_code = 1
    http_status = 500


class InputError(FaultlinesError):
    exit_code = 2
    http_status = 400


class InputNotFound(InputError):
    http_status = 404


class PipelineError(FaultlinesError):
    exit_code = 3


class DataError(FaultlinesError):
    exit_code = 4
