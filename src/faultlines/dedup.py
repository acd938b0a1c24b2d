"""Near-duplicate detection: the same wire story republished with small edits.

MinHash signatures over word 5-shingles, indexed with LSH (datasketch), so a
corpus of any size is checked in near-constant time per document. A document
whose estimated Jaccard similarity to an earlier one reaches the threshold is
recorded as a duplicate of it: stored, but its events are not counted twice.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2's default, named so stored signatures stay readable
SHINGLE = 5


def signature(text: str) -> MinHash:
    words = re.findall(r"\w+", text.lower())
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    for shingle in shingles:
        mh.update(shingle.encode("utf-8"))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64),
                   scheme=SCHEME)


class NearDuplicates:
    """An LSH index of the documents seen so far.

    LSH finds candidates with a lower threshold than asked (it is probabilistic
    near its threshold); each candidate is then confirmed by its estimated
    Jaccard similarity."""

    def __init__(self, threshold: float = 0.75):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=max(0.3, threshold - 0.25), num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    def add(self, key: str, mh: MinHash) -> None:
        if key not in self.signatures:
            self.lsh.insert(key, mh)
            self.signatures[key] = mh

    def original_of(self, mh: MinHash) -> str | None:
        found = [k for k in self.lsh.query(mh) if self.signatures[k].jaccard(mh) >= self.threshold]
        return min(found) if found else None
