"""Bytes to text: accord.text.decode (and the size guard of accord.text.read_path)."""

from __future__ import annotations

import codecs
import random
import warnings
from pathlib import Path

import pytest

from accord.errors import BinaryInputError, InputTooLargeError, InputWarning
from accord.text import read_path
from accord.text.decode import check_size, decode_bytes

LIMIT = 10_000_000

ENGLISH = (
    "The foreign ministers met in Geneva on Tuesday and agreed to resume talks on a "
    "ceasefire, officials said. “We are closer than ever,” one envoy told reporters — "
    "but no date was set for the next round.\n"
)

CP1252_BUG = (
    "charset-normalizer's best guess for short Western European text in cp1252/latin-1 is "
    "often a Baltic or Central European code page (cp775, cp852, cp1250), and decode_bytes "
    "takes it without preferring cp1252"
)


def _decode_quietly(data: bytes) -> str:
    """Decode and fail the test if an InputWarning is raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        return decode_bytes(data, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"), ENGLISH),
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH),
        (codecs.BOM_UTF32_LE + ENGLISH.encode("utf-32-le"), ENGLISH),
        (b"Plain ASCII: the summit ended on Friday.", "Plain ASCII: the summit ended on Friday."),
        ("Zürich, São Paulo, Kraków".encode(), "Zürich, São Paulo, Kraków"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-32-le-bom",
        "ascii",
        "accents",
    ],
)
def test_decode_unicode_with_or_without_bom(data: bytes, expected: str) -> None:
    assert _decode_quietly(data) == expected


UTF16_ASCII_BUG = (
    "UTF-16 without a BOM whose code units are all below 0x80 per byte (ASCII text, and "
    "punctuation such as U+201C) is valid UTF-8 with NUL bytes: decode_bytes accepts the "
    "UTF-8 reading first, then _refuse_binary refuses it for its NULs"
)
ACCENTED = "Café owners in Zürich and Malmö said the résumé of the talks was “naïve”.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ACCENTED, "utf-16-le"),
        (ACCENTED, "utf-16-be"),
        pytest.param(ENGLISH, "utf-16-le"),
        pytest.param(ENGLISH, "utf-16-be"),
        pytest.param(
            "The summit ended on Friday, officials said.",
            "utf-16-le",
        ),
    ],
    ids=["accented-le", "accented-be", "english-le", "english-be", "ascii-le"],
)
def test_decode_utf16_without_bom_is_detected(text: str, encoding: str) -> None:
    assert _decode_quietly(text.encode(encoding)) == text


def test_bom_is_not_kept_in_the_text() -> None:
    assert not _decode_quietly(codecs.BOM_UTF8 + b"Hello there.").startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("José said the café in Zürich was closed.", "cp1252"),
        ("José said the café in Zürich was closed.", "latin-1"),
        (
            "Officials said the talks had gone well. “We are close,” the envoy said on "
            "Monday – but gave no date.",
            "cp1252",
        ),
        (
            "In Zürich, the minister said that the talks with the delegation from Malmö had "
            "been productive and that a joint statement would follow.",
            "latin-1",
        ),
        pytest.param(
            "Café résumé naïve, the minister said in Zürich on Monday.",
            "latin-1",
        ),
        pytest.param(
            "Prices rose 5% to €120 in Paris, officials said on Monday. The minister’s "
            "office declined to comment.",
            "cp1252",
        ),
        pytest.param(
            "The French president met the German chancellor in Zürich on Monday. The café "
            "owner, José Núñez, said the talks were “constructive” — a word he repeated.",
            "cp1252",
        ),
    ],
    ids=[
        "cp1252-short",
        "latin-1-short",
        "cp1252-quotes",
        "latin-1-sentence",
        "latin-1-accents",
        "cp1252-euro",
        "cp1252-names",
    ],
)
def test_decode_legacy_western_encodings(text: str, encoding: str) -> None:
    assert _decode_quietly(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "n_bad"),
    [
        (ENGLISH.encode() * 3 + b"\xff" + ENGLISH.encode() * 3, 1),
        (ENGLISH.encode() * 5 + b"\xc3\x28 and \xfe here " + ENGLISH.encode() * 5, 2),
        (b"\x80" + ENGLISH.encode() * 4, 1),
    ],
    ids=["one-bad-byte", "two-bad-sequences", "bad-first-byte"],
)
def test_decode_mostly_utf8_replaces_bad_bytes_and_warns(data: bytes, n_bad: int) -> None:
    with pytest.warns(InputWarning, match="invalid byte sequence"):
        text = decode_bytes(data, max_bytes=LIMIT)
    assert text.count("\ufffd") == n_bad
    assert "The foreign ministers met in Geneva" in text


def test_decode_bom_with_bad_bytes_warns() -> None:
    data = codecs.BOM_UTF8 + ENGLISH.encode() + b"\xff" + ENGLISH.encode()
    with pytest.warns(InputWarning):
        text = decode_bytes(data, max_bytes=LIMIT)
    assert text.count("\ufffd") == 1


def test_decode_clean_utf8_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decode_bytes(ENGLISH.encode(), max_bytes=LIMIT)


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 100,
        ENGLISH.encode() + b"\x00" + ENGLISH.encode(),
        random.Random(1234).randbytes(4096),
        random.Random(42).randbytes(64),
        PNG_HEADER + random.Random(7).randbytes(512),
        b"\x7fELF\x02\x01\x01" + bytes(9) + random.Random(3).randbytes(300),
        bytes(random.Random(5).choices(range(1, 32), k=500)),
        codecs.BOM_UTF8 + b"text\x00with a NUL",
    ],
    ids=["nul", "text-with-nul", "random-4k", "random-64", "png", "elf", "control", "bom-nul"],
)
def test_decode_refuses_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match=r"\[A102\]"):
        decode_bytes(data, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("size", "limit", "too_large"),
    [(0, 0, False), (999, 1000, False), (1000, 1000, False), (1001, 1000, True)],
)
def test_check_size(size: int, limit: int, too_large: bool) -> None:
    if too_large:
        with pytest.raises(InputTooLargeError, match=r"\[A103\]"):
            check_size(size, limit)
    else:
        check_size(size, limit)


def test_decode_refuses_50_mb_in_memory() -> None:
    data = b"The talks went on. " * (50_000_000 // 19 + 1)
    assert len(data) > 50_000_000
    with pytest.raises(InputTooLargeError, match="over the limit"):
        decode_bytes(data, max_bytes=LIMIT)


def test_read_path_refuses_large_file_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("read_path opened the file before checking its size")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputTooLargeError, match="50,000,000 bytes"):
        read_path(big)


@pytest.mark.parametrize(("size", "limit"), [(10, 10), (10, 100)])
def test_read_path_reads_files_within_the_limit(tmp_path: Path, size: int, limit: int) -> None:
    path = tmp_path / "ok.txt"
    path.write_bytes(b"x" * size)
    assert read_path(path, max_bytes=limit) == b"x" * size


def test_read_path_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"y" * 2000)
    monkeypatch.setenv("ACCORD_MAX_BYTES", "1000")
    with pytest.raises(InputTooLargeError):
        read_path(path)
