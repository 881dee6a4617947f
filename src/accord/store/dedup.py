"""Near-duplicate articles: syndicated copies of one story.

Wire copy is reprinted with a new headline, a trimmed last paragraph or an outlet's
boilerplate; those copies should count as one story, reported by several sources.
Each document gets a MinHash signature of its word 5-shingles (datasketch); a
locality-sensitive index finds the stored documents whose estimated Jaccard
similarity reaches :data:`THRESHOLD`, and the new document joins the story of the
earliest of them. A document with no such neighbour starts a story of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

#: Estimated Jaccard similarity of shingles above which two texts are one story.
THRESHOLD = 0.7
NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch's hashing scheme, named so stored values read back
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of ``text``'s lower-cased word 5-shingles (single words when the
    text is shorter)."""
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
    values = np.array(list(values), dtype=np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme=SCHEME)


class StoryIndex:
    """Which story a document belongs to, given the documents seen before it."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._story: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._story)

    def add(self, doc_id: str, sig: MinHash, story_id: str | None = None) -> str:
        """Index ``doc_id`` and return its story: the given one (when read back from
        the store), else the story of its earliest near-duplicate, else its own id."""
        if doc_id in self._story:
            return self._story[doc_id]
        if story_id is None:
            near = [d for d in self._lsh.query(sig) if d in self._story]
            story_id = self._story[min(near, key=self._order.__getitem__)] if near else doc_id
        self._lsh.insert(doc_id, sig)
        self._story[doc_id] = story_id
        self._order[doc_id] = len(self._order)
        return story_id
