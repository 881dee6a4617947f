"""Near-duplicate articles: syndicated copies of one story.

Wire copy is reprinted with a new headline, a trimmed last paragraph or an outlet's
boilerplate; those copies should count as one story, reported by several sources.
Each document gets a MinHash signature of its word 5-shingles (datasketch). The
signature is cut into bands of a few values, the banding that datasketch's
``MinHashLSH`` chooses for :data:`THRESHOLD` (:func:`banding`), and each band is hashed
to one key: two documents whose estimated Jaccard similarity reaches the threshold
share a band key with high probability, two unrelated ones almost never. The keys
live in the store (table ``story_bands``), not in memory, so finding the candidates
of a batch is one join however large the corpus grows; a new document joins the
story of the earliest document it shares a key with, else starts a story of its own.

datasketch is imported when first needed: it imports SciPy, a second of start-up
that a command which stores nothing (``accord analyze``) should not pay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

#: Estimated Jaccard similarity of shingles above which two texts are one story.
THRESHOLD = 0.7
NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch's hashing scheme, named so stored values read back
_WORD = re.compile(r"\w+")


@cache
def banding() -> tuple[int, int]:
    """Bands per signature and values per band, as datasketch's ``MinHashLSH``
    chooses them for :data:`THRESHOLD` and :data:`NUM_PERM` (14 and 9)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature(text: str) -> MinHash:
    """The MinHash of ``text``'s lower-cased word 5-shingles (single words when the
    text is shorter)."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    if len(words) < SHINGLE:
        shingles = words
    else:
        shingles = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def from_values(values: Iterable[int]) -> MinHash:
    """A signature read back from the store."""
    from datasketch import MinHash

    values = np.array(list(values), dtype=np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme=SCHEME)


def band_keys(sig: MinHash) -> list[int]:
    """One 64-bit key per band of ``sig``: a hash of the band's values that does not
    depend on the Python or DuckDB version, so keys stored years ago still match."""
    bands, rows = banding()
    values = np.asarray(sig.hashvalues, dtype=np.uint64)
    return [
        int.from_bytes(
            hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest(),
            "little",
            signed=True,  # DuckDB's BIGINT, and what Arrow infers from Python ints
        )
        for b in range(bands)
    ]


#: A candidate near-duplicate of a new document: its id, and its story and ingest
#: time when it is stored already (both None when it is new in the same batch).
Candidate = tuple[str, str | None, dt.datetime | None]


def stories(batch: Sequence[str], near: Mapping[str, Iterable[Candidate]]) -> dict[str, str]:
    """The story of each new document of ``batch`` (in ingest order), given the
    documents it shares a band key with: the story of the earliest stored one, else
    of the earliest one before it in the batch, else a story of its own."""
    position = {doc: i for i, doc in enumerate(batch)}
    story: dict[str, str] = {}
    for doc in batch:
        stored: list[tuple[dt.datetime, str, str]] = []
        earlier: list[str] = []
        for other, other_story, ingested in near.get(doc, ()):
            if other_story is not None and ingested is not None:
                stored.append((ingested, other, other_story))
            elif position.get(other, len(batch)) < position[doc]:
                earlier.append(other)
        if stored:
            story[doc] = min(stored)[2]
        elif earlier:
            story[doc] = story[min(earlier, key=position.__getitem__)]
        else:
            story[doc] = doc
    return story
