"""Near-duplicates in the Spark job: the store's rule, with candidates found across partitions.

`faultlines ingest` reads documents in order and asks an LSH index of the
originals seen so far (`dedup.NearDuplicates`) for candidates; a candidate whose
MinHash Jaccard estimate reaches the threshold makes the document a duplicate of
the smallest such id, and only originals enter the index. The same answer here:

1. every coded document's signature (computed in the workers) is cut into the
   index's own bands (`b` bands of `r` values, read from a `NearDuplicates`, so
   the settings cannot drift apart); documents sharing a band key are candidate
   pairs, joined across partitions by Spark;
2. each pair is confirmed by the same Jaccard estimate (equal hash values / 128);
3. the confirmed pairs (few: republications) go to the driver, which walks the
   documents in reading order and applies the store's rule: a document is a
   duplicate of the smallest-id earlier confirmed partner that is itself an
   original.

Reading order is the `position` of each document's first copy (input order, then
line or row), so exact duplicates count from where they first appeared, as in
the store. Only the confirmed pairs are collected, so the driver holds memory in
proportion to how much of the corpus is republished, not to its size.
"""

from __future__ import annotations

from collections import defaultdict

from faultlines.dedup import NUM_PERM, NearDuplicates

HASH_BYTES = 8  # dedup.to_bytes stores each of the NUM_PERM hash values as a uint64


def settings() -> tuple[int, int, float]:
    """(bands, rows per band, Jaccard threshold) of the store's index."""
    index = NearDuplicates()
    return index.lsh.b, index.lsh.r, index.threshold


def documents_with_positions(coded):
    """(id, position, minhash) of every coded document, at its first copy's position."""
    from pyspark.sql import functions as F

    first = (coded.filter(F.col("kind").isin("documents", "duplicate"))
             .groupBy("doc_id").agg(F.min("position").alias("position")))
    docs = coded.filter(F.col("kind") == "documents").select(F.col("documents.id").alias("doc_id"),
                                                              F.col("documents.minhash").alias("minhash"))
    return docs.join(first, "doc_id")


def confirmed_pairs(coded) -> list[tuple[str, int, str, int]]:
    """(earlier id, its position, later id, its position) of every pair that shares a band
    and whose Jaccard estimate reaches the threshold."""
    from pyspark.sql import functions as F

    bands, rows, threshold = settings()
    width = rows * HASH_BYTES
    docs = documents_with_positions(coded)
    keys = docs.select("doc_id", "position", F.posexplode(F.expr(
        f"transform(sequence(0, {bands - 1}), i -> substring(minhash, i * {width} + 1, {width}))"))
        .alias("band", "key"))
    a, b = keys.alias("a"), keys.alias("b")
    pairs = (a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
                    & (F.col("a.position") < F.col("b.position")))
             .select(F.col("a.doc_id").alias("earlier"), F.col("a.position").alias("earlier_position"),
                     F.col("b.doc_id").alias("later"), F.col("b.position").alias("later_position"))
             .distinct())
    sig_a = docs.select(F.col("doc_id").alias("earlier"), F.col("minhash").alias("ma"))
    sig_b = docs.select(F.col("doc_id").alias("later"), F.col("minhash").alias("mb"))
    equal = (f"aggregate(sequence(0, {NUM_PERM - 1}), 0, (n, i) -> n + "
             f"if(substring(ma, i * {HASH_BYTES} + 1, {HASH_BYTES}) = substring(mb, i * {HASH_BYTES} + 1, "
             f"{HASH_BYTES}), 1, 0))")
    confirmed = (pairs.join(sig_a, "earlier").join(sig_b, "later")
                 .where(F.expr(equal).cast("double") / F.lit(float(NUM_PERM)) >= F.lit(threshold)))
    return [tuple(r) for r in confirmed.select("earlier", "earlier_position", "later", "later_position").collect()]


def resolve(pairs: list[tuple[str, int, str, int]]) -> dict[str, str]:
    """The store's rule over confirmed pairs, in reading order: document id -> the original
    it duplicates."""
    partners: dict[str, set[str]] = defaultdict(set)
    position: dict[str, int] = {}
    for earlier, earlier_position, later, later_position in pairs:
        partners[later].add(earlier)
        position[earlier], position[later] = earlier_position, later_position
    duplicate_of: dict[str, str] = {}
    for doc in sorted(position, key=position.__getitem__):
        originals = [k for k in partners.get(doc, ()) if k not in duplicate_of]
        if originals:
            duplicate_of[doc] = min(originals)
    return duplicate_of


def near_duplicates(coded) -> dict[str, str]:
    """Document id -> the id of the original it republishes, for the coded rows of the job."""
    return resolve(confirmed_pairs(coded))
