"""Carry gold offsets from a raw text onto the text accord cleaned from it.

The input cleaning (see :func:`accord.text.formats.clean_text`) normalises newlines,
drops invisible characters and collapses runs of blank lines; it never reorders or
rewrites words. Walking both texts side by side, skipping what the cleaning removed,
maps every offset of the raw text to the cleaned one, so a gold file scores the same
whether or not its texts needed cleaning.
"""

from __future__ import annotations

import unicodedata

# What the cleaning may drop or turn into a space: whitespace, format characters
# (zero-width spaces, byte-order marks, direction marks) and control characters.
_DROPPABLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})


def _droppable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _DROPPABLE_CATEGORIES


def offset_map(raw: str, clean: str) -> list[int] | None:
    """``m[i]`` is the offset in ``clean`` of offset ``i`` of ``raw`` (``len(raw) + 1``
    entries), or None when the texts differ by more than the cleaning does."""
    if raw == clean:
        return list(range(len(raw) + 1))
    mapping = [0] * (len(raw) + 1)
    i = j = 0
    while i < len(raw):
        if j < len(clean) and raw[i] == clean[j]:
            mapping[i] = j
            i, j = i + 1, j + 1
        elif _droppable(raw[i]) and j < len(clean) and clean[j] == " " and raw[i] != "\n":
            mapping[i] = j  # a control character the cleaning turned into a space
            i, j = i + 1, j + 1
        elif _droppable(raw[i]):
            mapping[i] = j
            i += 1
        elif j < len(clean) and _droppable(clean[j]):
            j += 1
        else:
            # NFC composes a letter and its combining mark into one character
            k = i + 1
            while k < len(raw) and unicodedata.combining(raw[k]):
                k += 1
            composed = unicodedata.normalize("NFC", raw[i:k])
            if k == i + 1 or clean[j : j + len(composed)] != composed:
                return None
            for n in range(i, k):
                mapping[n] = j
            i, j = k, j + len(composed)
    mapping[len(raw)] = len(clean)
    return mapping


def move_spans(
    items: list[dict[str, object]], mapping: list[int], keys: tuple[tuple[str, str], ...]
) -> list[dict[str, object]]:
    """Copies of gold items with each (start, end) key pair moved through ``mapping``."""
    moved = []
    for item in items:
        new = dict(item)
        for start_key, end_key in keys:
            start, end = item.get(start_key), item.get(end_key)
            if isinstance(start, int) and isinstance(end, int):
                new[start_key], new[end_key] = mapping[start], mapping[end]
        moved.append(new)
    return moved
