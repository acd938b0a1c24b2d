"""Run the shipped learned coder: onnxruntime and tokenizers only, no torch.

The model is loaded once per process (`shipped_coder()`; Spark workers and
`extract -j` processes each load their own) and run once per document over all
its sentences, padded to the longest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from faultlines.errors import InputError
from faultlines.learned.corpus import pentaclass_of_root
from faultlines.learned.labels import PENTACLASS, PLOVER, ROOTS, TAGS, char_spans_from_tags

MODEL_DIR = Path(__file__).resolve().parent / "model"


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


@dataclass
class Output:
    """The model's raw output for one sentence."""
    pentaclass_logits: np.ndarray
    root_logits: np.ndarray
    plover_logits: np.ndarray
    tag_logits: np.ndarray  # [units, tags], only the sentence's own units

    def pentaclass_probs(self, temperature: float) -> np.ndarray:
        return softmax(self.pentaclass_logits / temperature)

    def spans(self, offsets: list[tuple[int, int]], text: str) -> dict[str, list[tuple[int, int]]]:
        """Source and target character spans, most probable first, widened to whole words."""
        return {role: [s for s, _ in found] for role, found in self.scored_spans(offsets, text).items()}

    def scored_spans(self, offsets: list[tuple[int, int]], text: str) -> dict[str, list[tuple[tuple[int, int], float]]]:
        """Source and target spans with their strength (the mean probability of their
        tags), strongest first."""
        probs = softmax(self.tag_logits)
        tags = viterbi_tags(probs, offsets)
        out = {}
        for role, letter in (("source", "S"), ("target", "T")):
            spans = char_spans_from_tags(tags, offsets, letter)
            idx = {TAGS.index(f"B-{letter}"), TAGS.index(f"I-{letter}")}

            def strength(span):
                units = [i for i, (a, b) in enumerate(offsets) if a >= span[0] and b <= span[1] and b > a]
                return float(np.mean([probs[i, list(idx)].sum() for i in units])) if units else 0.0
            out[role] = sorted(((widen(text, s), strength(s)) for s in spans), key=lambda x: -x[1])
        return out


def viterbi_tags(probs: np.ndarray, offsets: list[tuple[int, int]]) -> list[str]:
    """The most probable well-formed BIO sequence over the units that carry text:
    I-X only after B-X or I-X, so a phrase never starts inside itself nor turns from
    source into target midway.

    Taking each unit's most probable tag alone breaks phrases apart where the model
    spreads a unit's weight over B- and I- ("the Kabul government" came out as
    "government" when "the" was 0.4 B-T, 0.2 I-T, 0.4 O); the best sequence under the
    constraints keeps them whole. On the corpus validation split it raised the
    exact-phrase F1 of the model's top phrases from 0.764 to 0.798.

    Written out for the five tags (O, B-S, I-S, B-T, I-T) rather than as a matrix
    recursion: it runs once per event sentence, and plain floats are several times
    faster than numpy on 5x5 steps."""
    real = [i for i, (a, b) in enumerate(offsets) if b > a]
    tags = ["O"] * len(offsets)
    if not real:
        return tags
    logp = np.log(probs[real] + 1e-9).tolist()
    o, bs, is_, bt, it = 0, 1, 2, 3, 4
    score = [0.0, -1e9, -1e9, -1e9, -1e9]  # as if after an O
    back = []
    for row in logp:
        best = max(range(5), key=score.__getitem__)
        from_s = bs if score[bs] >= score[is_] else is_
        from_t = bt if score[bt] >= score[it] else it
        back.append((best, best, from_s, best, from_t))
        top = score[best]
        score = [top + row[o], top + row[bs], score[from_s] + row[is_], top + row[bt], score[from_t] + row[it]]
    k = max(range(5), key=score.__getitem__)
    path = [k]
    for pointers in reversed(back[1:]):
        k = pointers[k]
        path.append(k)
    for i, k in zip(real, reversed(path)):
        tags[i] = TAGS[k]
    return tags


SHAPES = 11  # 0: no text ([CLS], [SEP], padding); 1-5 a word's first piece, 6-10 a later piece


def unit_shapes(text: str, offsets: list[tuple[int, int]]) -> list[int]:
    """The written shape of the word each unit stands in: lower case, Capitalised,
    ALL CAPS, a number or punctuation, and whether the unit begins the word.

    The encoder (all-MiniLM-L6-v2) is uncased: it reads "Association for the Defence
    of Human Rights" as it reads "association for the defence of human rights", so
    where a name ends is a guess. The shape, added to each unit's embedding, gives it
    back what the capitals say."""
    shapes = []
    for a, b in offsets:
        if b <= a:
            shapes.append(0)
            continue
        if not text[a].isalnum():  # punctuation stands alone
            shapes.append(5)
            continue
        start, end = widen(text, (a, b))
        word = text[start:end]
        first = word[:1]
        if first.isdigit():
            kind = 4
        elif not first.isalpha():
            kind = 5
        elif first.islower():
            kind = 1
        elif sum(c.isalpha() for c in word) > 1 and word.upper() == word:
            kind = 3
        else:
            kind = 2
        shapes.append(kind + (5 if a > start else 0))
    return shapes


def widen(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span cut inside a word (word pieces) grows to the whole word."""
    a, b = span
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b


@dataclass
class Prediction:
    """What the learned coder says about one sentence (character offsets in the document)."""
    start: int
    end: int
    pentaclass: str                 # "none" or "0".."4"
    probability: float              # calibrated probability of `pentaclass`
    event_probability: float        # calibrated probability that there is a political event
    class_probs: dict[str, float]
    root: str                       # "01".."20" ("none" when no event)
    root_probability: float
    plover: str                     # PLOVER type or "none"
    plover_probability: float
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]
    source_strengths: tuple[float, ...] = ()  # the mean tag probability of each span above
    target_strengths: tuple[float, ...] = ()
    root_probs: dict[str, float] | None = None  # P(root | an event), "01".."20"

    def best_root(self, pentaclass: str) -> str:
        """The most probable CAMEO root within `pentaclass` ("0".."4")."""
        inside = {r: p for r, p in (self.root_probs or {}).items() if pentaclass_of_root(int(r)) == int(pentaclass)}
        if inside:
            return max(inside, key=inside.get)
        if self.root != "none" and pentaclass_of_root(int(self.root)) == int(pentaclass):
            return self.root
        return {"0": "02", "1": "03", "2": "07", "3": "11", "4": "19"}[pentaclass]

    def role_spans(self, role: str) -> list[tuple[tuple[int, int], float]]:
        spans = self.source_spans if role == "source" else self.target_spans
        strengths = self.source_strengths if role == "source" else self.target_strengths
        return list(zip(spans, strengths or (1.0,) * len(spans)))

    @property
    def has_event(self) -> bool:
        return self.pentaclass != "none"


def model_threads() -> int:
    """Threads for the network: FAULTLINES_MODEL_THREADS when set; else 1 in a worker
    process (`extract -j`, Spark workers: each already has a core of its own), and up
    to 2 in a single extracting process, where the network runs between spaCy's
    parses and a second core would otherwise sit idle (measured 1.3x faster on 2 cores;
    the threads do not spin between runs, so spaCy keeps its core)."""
    configured = os.environ.get("FAULTLINES_MODEL_THREADS")
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            raise InputError(f"FAULTLINES_MODEL_THREADS={configured!r}: not a whole number") from None
    import multiprocessing
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


class OnnxCoder:
    """An exported coder: `encoder` is 'minilm' (word pieces) or 'spacy' (doc.tensor)."""

    def __init__(self, path: Path, encoder: str, temperature: float = 1.0, threads: int | None = None):
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or model_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # no busy-waiting threads between runs: they would take the CPU from spaCy
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        # models trained with word shapes (`unit_shapes`) take them as a third input
        self.shapes = "shapes" in {i.name for i in self.session.get_inputs()}
        self.encoder = encoder
        self.temperature = temperature
        self.policy = None  # hybrid.Policy, set by load_coder from coder.json
        self.meta: dict = {}
        self.tokenizer = None
        tok = path.parent / "tokenizer.json"
        if encoder == "minilm":
            from tokenizers import Tokenizer
            self.tokenizer = Tokenizer.from_file(str(tok))
            self.tokenizer.no_padding()
            self.tokenizer.no_truncation()

    def run_units(self, units: list, chunk: int = 16, shapes: list | None = None) -> list[Output]:
        """Run the network over unit sequences (ids or vectors, with their word shapes
        for a model that takes them), in order. Sequences are run in groups of similar
        length, so little time goes on padding."""
        if not units:
            return []
        order = sorted(range(len(units)), key=lambda i: len(units[i]))
        outputs: list[Output | None] = [None] * len(units)
        for start in range(0, len(order), chunk):
            group = order[start:start + chunk]
            found = self._run([units[i] for i in group], [shapes[i] for i in group] if shapes else None)
            for i, out in zip(group, found):
                outputs[i] = out
        return outputs

    def run_texts(self, texts: list[str], max_units: int = 128) -> tuple[list[Output], list]:
        """The network's outputs for sentences given as text (word-piece encoder), and
        each sentence's unit offsets."""
        units, offsets = self.encode_texts(texts, max_units)
        shapes = [unit_shapes(t, o) for t, o in zip(texts, offsets)] if self.shapes else None
        return self.run_units(units, shapes=shapes), offsets

    def _run(self, units: list, shapes: list | None = None) -> list[Output]:
        width = max(len(u) for u in units)
        mask = np.zeros((len(units), width), dtype=np.int64)
        if self.encoder == "minilm":
            x = np.zeros((len(units), width), dtype=np.int64)
        else:
            x = np.zeros((len(units), width, units[0].shape[1]), dtype=np.float32)
        for i, u in enumerate(units):
            x[i, :len(u)] = u
            mask[i, :len(u)] = 1
        first = "input_ids" if self.encoder == "minilm" else "vectors"
        feed = {first: x, "attention_mask": mask}
        if self.shapes:
            feed["shapes"] = np.zeros((len(units), width), dtype=np.int64)
            for i, shape in enumerate(shapes):
                feed["shapes"][i, :len(shape)] = shape
        pent, root, plover, tags = self.session.run(None, feed)
        return [Output(pent[i], root[i], plover[i], tags[i, :len(u)]) for i, u in enumerate(units)]

    def encode_texts(self, texts: list[str], max_units: int = 128) -> tuple[list, list]:
        encodings = self.tokenizer.encode_batch(texts)
        units, offsets = [], []
        for enc in encodings:
            ids, offs = list(enc.ids[:max_units]), [tuple(o) for o in enc.offsets[:max_units]]
            if len(enc.ids) > max_units:
                ids[-1], offs[-1] = enc.ids[-1], (0, 0)
            units.append(ids)
            offsets.append(offs)
        return units, offsets

    def predict_sentences(self, doc_text: str, sentences: list[tuple[int, int]],
                          max_units: int = 128) -> list[Prediction]:
        """Predictions for the sentences (character spans) of one document
        (word-piece encoder; the spaCy encoder goes through `predict_doc`)."""
        if not sentences:
            return []
        texts = [doc_text[a:b] for a, b in sentences]
        outputs, offsets = self.run_texts(texts, max_units)
        return [self.prediction(out, offs, doc_text[a:b], a, b)
                for out, offs, (a, b) in zip(outputs, offsets, sentences)]

    def prediction(self, out: Output, offsets, text: str, start: int, end: int) -> Prediction:
        probs = out.pentaclass_probs(self.temperature)
        k = int(np.argmax(probs))
        roots = softmax(out.root_logits)
        roots[0] = 0.0  # the root given an event
        r = int(np.argmax(roots))
        plovers = softmax(out.plover_logits)
        p = int(np.argmax(plovers))
        spans = out.scored_spans(offsets, text) if PENTACLASS[k] != "none" else {"source": [], "target": []}
        shift = lambda ss: [(a + start, b + start) for (a, b), _ in ss]  # noqa: E731
        strengths = lambda ss: tuple(round(x, 4) for _, x in ss)  # noqa: E731
        return Prediction(start, end, PENTACLASS[k], float(probs[k]), float(1.0 - probs[0]),
                          {c: float(v) for c, v in zip(PENTACLASS, probs)},
                          ROOTS[r] if PENTACLASS[k] != "none" else "none", float(roots[r] / max(1e-9, roots.sum())),
                          PLOVER[p], float(plovers[p]), shift(spans["source"]), shift(spans["target"]),
                          strengths(spans["source"]), strengths(spans["target"]),
                          {root: float(v / max(1e-9, roots.sum())) for root, v in zip(ROOTS, roots) if root != "none"})


def predict_doc(coder: OnnxCoder, doc) -> list[Prediction]:
    """Predictions for every sentence of a spaCy Doc."""
    return predict_docs(coder, [doc])[0]


def predict_docs(coder: OnnxCoder, docs: list) -> list[list[Prediction]]:
    """Predictions for every sentence of several spaCy Docs, run as one batch (grouped by
    length), returned per Doc in sentence order."""
    sents = [(i, s) for i, doc in enumerate(docs) for s in doc.sents]
    if coder.encoder == "minilm":
        outputs, offsets = coder.run_texts([s.text for _, s in sents])
    else:
        units = [np.asarray(docs[i].tensor[s.start:s.end][:128], dtype=np.float32) for i, s in sents]
        offsets = [[(t.idx - s.start_char, t.idx - s.start_char + len(t.text)) for t in s][:128]
                   for _, s in sents]
        outputs = coder.run_units(units)
    found: list[list[Prediction]] = [[] for _ in docs]
    for (i, s), out, offs in zip(sents, outputs, offsets):
        found[i].append(coder.prediction(out, offs, s.text, s.start_char, s.end_char))
    return found


def predict_text(coder: OnnxCoder, text: str) -> Prediction:
    """The prediction for one text taken as one sentence (training and tests)."""
    if coder.encoder == "minilm":
        return coder.predict_sentences(text, [(0, len(text))])[0]
    from faultlines.nlp import DEFAULT_MODEL
    nlp = _vectors_pipeline(DEFAULT_MODEL)
    doc = nlp(text)
    units = [np.asarray(doc.tensor[:128], dtype=np.float32)]
    offsets = [(t.idx, t.idx + len(t.text)) for t in doc][:128]
    return coder.prediction(coder.run_units(units)[0], offsets, text, 0, len(text))


@lru_cache(maxsize=1)
def _vectors_pipeline(model: str):
    import spacy
    return spacy.load(model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])


@lru_cache(maxsize=4)
def load_coder(directory: str | None = None) -> OnnxCoder:
    """The model in `directory` (default: the one shipped in the package), once per process."""
    path = Path(directory) if directory else MODEL_DIR
    meta_path = path / "coder.json"
    if not meta_path.exists() or not (path / "coder.onnx").exists():
        raise InputError(f"{path}: no learned model here (coder.onnx and coder.json); "
                         "train one with `make train`, or use --coder rules")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta["labels"]["pentaclass"] != PENTACLASS or meta["labels"]["tags"] != TAGS:
        raise InputError(f"{path}: the model's labels do not match this version of faultlines")
    from faultlines.learned.hybrid import Policy
    coder = OnnxCoder(path / "coder.onnx", meta["encoder"], temperature=float(meta.get("temperature", 1.0)))
    coder.policy = Policy.from_json(meta.get("policy"))
    coder.meta = meta
    return coder


def model_available() -> bool:
    """Whether a learned model can be loaded (the shipped one, or FAULTLINES_MODEL_DIR's)."""
    try:
        shipped_coder()
    except InputError:
        return False
    return True


def shipped_coder() -> OnnxCoder:
    directory = os.environ.get("FAULTLINES_MODEL_DIR") or None
    return load_coder(directory)
