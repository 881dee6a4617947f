"""Is this English? A bundled, offline language identifier (py3langid)."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version
from typing import Any

from ..cache import cache_key, cached
from ..errors import NotEnglishError

# Shorter texts are too short for a reliable call: they pass.
_MIN_LETTERS = 40
_SAMPLE_CHARS = 5_000
_MIN_ENGLISH_PROB = 0.01
# English function words: prose with this share of them is English whatever the
# identifier says (lists of names and acronyms confuse it).
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "that",
        "for",
        "with",
        "said",
        "says",
        "has",
        "have",
        "were",
        "which",
        "this",
        "from",
        "would",
        "their",
        "been",
        "by",
        "its",
        "will",
        "not",
    ]
)
_MIN_FUNCTION_SHARE = 0.12


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier. Its model file is compressed: unpacking it takes 0.7 s
    of the first check, reading it back from the start-up cache (:mod:`accord.cache`,
    a 70 MB file) 0.07 s."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    def build() -> Any:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    key = cache_key([version("py3langid"), MODEL_FILE])  # the model ships with the package
    return cached("langid", key, build, LanguageIdentifier)


def check_english(text: str) -> None:
    """Raise :class:`NotEnglishError` when the text is confidently not English."""
    sample = text[:_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < _MIN_LETTERS:
        return
    identifier = _identifier()
    lang, _ = identifier.classify(sample)
    if lang == "en":
        return
    ranked = dict(identifier.rank(sample))
    if ranked.get("en", 0.0) >= _MIN_ENGLISH_PROB:
        return
    words = sample.lower().split()
    if sum(w in _FUNCTION_WORDS for w in words) >= _MIN_FUNCTION_SHARE * len(words):
        return
    raise NotEnglishError(
        f"The text looks like language '{lang}', not English; accord analyses English only."
    )
