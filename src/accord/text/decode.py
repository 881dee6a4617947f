"""Bytes to text: byte-order marks, encoding detection, binary detection.

Invalid bytes in otherwise readable text are replaced (U+FFFD) with an
:class:`~accord.errors.InputWarning`; input that is not text at all is refused.
"""

from __future__ import annotations

import codecs
import warnings

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, InputTooLargeError, InputWarning

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of replaced characters above which "mostly UTF-8" is not a fair reading.
_MAX_REPLACED = 0.01
# Share of control characters (other than whitespace) that marks binary data.
_MAX_CONTROL = 0.005


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputTooLargeError(
            f"The input is {size:,} bytes, over the limit of {max_bytes:,} bytes. "
            "Split it, or raise the limit (--max-bytes, ACCORD_MAX_BYTES)."
        )


def decode_bytes(data: bytes, *, max_bytes: int) -> str:
    """Decode raw input to ``str``, refusing binary data and oversized input."""
    check_size(len(data), max_bytes)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _refuse_binary(_warn_replaced(text, encoding))
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return _refuse_binary(_warn_replaced(data.decode(utf16, errors="replace"), utf16))
    try:
        return _refuse_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= _MAX_REPLACED * max(len(text), 1) and _looks_utf8(data):
            return _refuse_binary(_warn_replaced(text, "utf-8"))
        # accord reads English: Windows-1252 (the web's "latin-1") is the likeliest
        # single-byte encoding, and guessers often mistake short texts for others.
        try:
            return _refuse_binary(data.decode("cp1252"))
        except (UnicodeDecodeError, BinaryInputError):
            pass
        # Not Windows-1252 either: if half its non-ASCII bytes form valid UTF-8
        # sequences (which other encodings rarely do by chance), it is damaged UTF-8,
        # not text in an encoding a guesser would pick (mojibake, silently).
        if text.count("\ufffd") <= _MAX_REPLACED * max(len(text), 1) and _looks_utf8(
            data, share=0.5
        ):
            return _refuse_binary(_warn_replaced(text, "utf-8"))
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BinaryInputError("The input is not text (no character encoding fits it).")
    return _refuse_binary(str(best))


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: text with every other byte NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    odd_nul = data[1::2].count(0)
    even_nul = data[0::2].count(0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_utf8(data: bytes, share: float = 0.9) -> bool:
    """True when at least ``share`` of the non-ASCII bytes form valid UTF-8 sequences."""
    high = sum(1 for b in data if b >= 0x80)
    if high == 0:
        return True
    valid = len(data.decode("utf-8", errors="ignore").encode("utf-8")) - sum(
        1 for b in data if b < 0x80
    )
    return valid >= share * high


def _warn_replaced(text: str, encoding: str) -> str:
    bad = text.count("\ufffd")
    if bad:
        warnings.warn(
            f"{bad} invalid byte sequence(s) in {encoding} input replaced with U+FFFD",
            InputWarning,
            stacklevel=3,
        )
    return text


def _refuse_binary(text: str) -> str:
    if "\x00" in text:
        raise BinaryInputError("The input contains NUL bytes: it looks like a binary file.")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if control > _MAX_CONTROL * max(len(text), 1) + 2:
        raise BinaryInputError(
            f"The input has {control} control characters: it looks like a binary file."
        )
    return text
