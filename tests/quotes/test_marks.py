"""Direct quotations by their marks: tables of sentences written for these tests.

Each row gives a text and the quotations it must yield, written as they appear in
the text (marks included); the expected offsets are found with ``str.index`` and the
content is the quotation without its outer marks and spaces.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.quotes.marks import MAX_UNCLOSED, Quotation, find_quotations, looks_like_speech

MARK_CHARS = "\"'`“”„‘’«»‹›"

Span = tuple[int, int, int, int, bool]


def _expected(text: str, quoted: list[str], closed: list[bool] | None = None) -> list[Span]:
    """(start, end, inner_start, inner_end, closed) of each quoted string, in order."""
    spans = []
    after = 0
    for k, q in enumerate(quoted):
        start = text.index(q, after)
        inner = q.strip(MARK_CHARS).strip()
        inner_start = text.index(inner, start)
        flag = True if closed is None else closed[k]
        spans.append((start, start + len(q), inner_start, inner_start + len(inner), flag))
        after = start + len(q)
    return spans


def _found(text: str) -> list[Span]:
    return [(q.start, q.end, q.inner_start, q.inner_end, q.closed) for q in find_quotations(text)]


STYLES = [
    ('The mayor said "the bridge will reopen" on Friday.', ['"the bridge will reopen"']),
    ("The mayor said “the bridge will reopen” on Friday.", ["“the bridge will reopen”"]),
    ("‘The bridge will reopen,’ the mayor told reporters.", ["‘The bridge will reopen,’"]),
    ("Le maire a dit « le pont rouvrira » vendredi.", ["« le pont rouvrira »"]),
    ("Le maire a dit «\u00a0le pont rouvrira\u00a0» vendredi.", ["«\u00a0le pont rouvrira\u00a0»"]),
    ("Der Bürgermeister sagte »die Brücke öffnet« am Freitag.", ["»die Brücke öffnet«"]),
    ("Der Bürgermeister sagte: „Die Brücke öffnet bald“, und ging.", ["„Die Brücke öffnet bald“"]),
    ("Burmistrz powiedział: „Most zostanie otwarty”.", ["„Most zostanie otwarty”"]),
    ("Er sagte ‹ja› und ging.", ["‹ja›"]),
    ("The mayor said ``the bridge will reopen'' on Friday.", ["``the bridge will reopen''"]),
    ("The mayor said ''the bridge will reopen'' on Friday.", ["''the bridge will reopen''"]),
    ('"One," she counted, "two," and then "three."', ['"One,"', '"two,"', '"three."']),
    ('He said"yes"and left.', ['"yes"']),
    ("A: “Ready?” B: “Always.”", ["“Ready?”", "“Always.”"]),
]

APOSTROPHES = [
    ("Don't say the council won't act, O'Brien warned.", []),
    ("Exports from Côte d’Ivoire rose in the ’90s and the '80s.", []),
    ("The students' union and the teachers’ union met.", []),
    ("The students' union voted 'yes' on Tuesday.", ["'yes'"]),
    ("She said 'the workers' pay must rise' today.", ["'the workers' pay must rise'"]),
    ("He called them ‘the protesters’ and moved on.", ["‘the protesters’"]),
    (
        "‘We can’t wait for the ’90s to return,’ she joked.",
        ["‘We can’t wait for the ’90s to return,’"],
    ),
    ("He likes rock 'n' roll and said 'enough'.", ["'enough'"]),
    ("(‘Maybe,’ he said) and left.", ["‘Maybe,’"]),
    ("The score was 'close'—too close.", ["'close'"]),
    ('He stands 6\'2" tall and said "fine".', ['"fine"']),
    ("It's 'a test', the coach's aide said.", ["'a test'"]),
]

CUES = [
    ('"We will win," he said, "and soon."', ['"We will win,"', '"and soon."']),
    (
        "“Rates will fall,” the governor said. “Not this month, though.”",
        ["“Rates will fall,”", "“Not this month, though.”"],
    ),
    ("‘It is over,’ she said, ‘for now.’", ["‘It is over,’", "‘for now.’"]),
    ("« Nous partons, » a-t-il dit, « demain. »", ["« Nous partons, »", "« demain. »"]),
]

NESTED = [
    ("“He told me ‘never again’ twice,” she said.", ["“He told me ‘never again’ twice,”"]),
    ("‘He said “no” to the deal,’ the aide recalled.", ["‘He said “no” to the deal,’"]),
    ("\"I heard 'not today' from him,\" she said.", ["\"I heard 'not today' from him,\""]),
    ('“The word "freedom" matters,” he wrote.', ['“The word "freedom" matters,”']),
    ('"The word “freedom” matters," he wrote.', ['"The word “freedom” matters,"']),
    ("»Er sagte ›nein‹ dazu«, erzählte sie.", ["»Er sagte ›nein‹ dazu«"]),
    ("« Il a crié “assez” hier », dit-elle.", ["« Il a crié “assez” hier »"]),
    # a quote inside a quote in the same marks, when enough closers follow for both
    ("“The sign read “Stay home” all week,” she said.", ["“The sign read “Stay home” all week,”"]),
    ('"He shouted "Go!" and ran," she said.', ['"He shouted "Go!" and ran,"']),
]

MISMATCHED = [
    ('“We will win," he said.', ['“We will win,"']),
    ('"We will win,” he said.', ['"We will win,”']),
    ("He said “yes“ and left.", ["“yes“"]),
    ("The ”official” figure was wrong.", ["”official”"]),
    ("She said ‘fine' and hung up.", ["‘fine'"]),
]

EMPTY = [
    'He said "" and left.',
    "The sign read “...” and nothing else.",
    "A pause: “ — ” then silence.",
    "Quotes « » around nothing.",
    "Breadcrumbs: Home » News » World",
    "No marks at all here.",
    "",
]

UNBALANCED = [
    ("He said “we will go and left.", ["“we will go and left."], [False]),
    (
        "He said “we will go. She said “no” and left.",
        ["“we will go. She said", "“no”"],
        [False, True],
    ),
    (
        "The 'Big Apple's mayor said \"we will win\" today.",
        ["'Big Apple's mayor said", '"we will win"'],
        [False, True],
    ),
    ("A stray ” closer and then “a real one” here.", ["“a real one”"], [True]),
    ('Two "pairs" and "one stray', ['"pairs"', '"one stray'], [True, False]),
    # one closer for two openers of a style: the first is the stray
    ("He said “we will go and “no” was all.", ["“we will go and", "“no”"], [False, True]),
]


@pytest.mark.parametrize(("text", "quoted"), STYLES + APOSTROPHES + CUES + NESTED + MISMATCHED)
def test_balanced_quotations(text: str, quoted: list[str]) -> None:
    assert _found(text) == _expected(text, quoted)


@pytest.mark.parametrize("text", EMPTY)
def test_no_quotation(text: str) -> None:
    assert find_quotations(text) == []


@pytest.mark.parametrize(("text", "quoted", "closed"), UNBALANCED)
def test_unbalanced_marks_are_cut(text: str, quoted: list[str], closed: list[bool]) -> None:
    assert _found(text) == _expected(text, quoted, closed)


# (text, [(quoted, group, part, paragraphs, closed)])
PARAGRAPHS = [
    (
        "“The bridge will reopen in May.\n“The tunnel will follow,” the mayor said.",
        [
            ("“The bridge will reopen in May.", 0, 0, 2, True),
            ("“The tunnel will follow,”", 0, 1, 2, True),
        ],
    ),
    (
        "The mayor said: “We will rebuild.\n\n“It will take time.”\n\nShe left.",
        [("“We will rebuild.", 0, 0, 2, True), ("“It will take time.”", 0, 1, 2, True)],
    ),
    (
        "“One.\n\n“Two.\n\n“Three,” she said. “Four.”",
        [
            ("“One.", 0, 0, 3, True),
            ("“Two.", 0, 1, 3, True),
            ("“Three,”", 0, 2, 3, True),
            ("“Four.”", 1, 0, 1, True),
        ],
    ),
    (
        "“The bridge will reopen in May.\nThe mayor spoke on Monday.",
        [("“The bridge will reopen in May.", 0, 0, 1, False)],
    ),
    (
        "“One piece.\n“Another piece.\nPlain text.",
        [("“One piece.", 0, 0, 2, False), ("“Another piece.", 0, 1, 2, False)],
    ),
    (
        "“Double opens.\n‘Single closes,’ she said.",
        [("“Double opens.", 0, 0, 1, False), ("‘Single closes,’", 1, 0, 1, True)],
    ),
    (
        "« Nous partons.\r\n« Demain, » dit-il.",
        [("« Nous partons.", 0, 0, 2, True), ("« Demain, »", 0, 1, 2, True)],
    ),
    (
        '"Straight opens.\n  "and closes," she said.',
        [('"Straight opens.', 0, 0, 2, True), ('"and closes,"', 0, 1, 2, True)],
    ),
]


@pytest.mark.parametrize(("text", "pieces"), PARAGRAPHS)
def test_multi_paragraph_quotes(text: str, pieces: list[tuple[str, int, int, int, bool]]) -> None:
    quoted = [p[0] for p in pieces]
    spans = _expected(text, quoted, [p[4] for p in pieces])
    expected = [
        (*span[:4], closed, paragraphs, part, group)
        for span, (_, group, part, paragraphs, closed) in zip(spans, pieces, strict=True)
    ]
    found = [
        (q.start, q.end, q.inner_start, q.inner_end, q.closed, q.paragraphs, q.part, q.group)
        for q in find_quotations(text)
    ]
    assert found == expected


@pytest.mark.parametrize("separator", ["\n", "\n\n", "\r\n\r\n"])
def test_a_stray_mark_loses_no_other_paragraph(separator: str) -> None:
    paragraphs = [
        "“First,” said the mayor.",
        'The council replied: "Second."',
        "Then a stray “ mark appeared in the third paragraph without a partner",
        "A reporter asked ‘Fourth?’ and waited.",
        "“Fifth,” said the clerk.",
    ]
    text = separator.join(paragraphs)
    quoted = [
        "“First,”",
        '"Second."',
        "“ mark appeared in the third paragraph without a partner",
        "‘Fourth?’",
        "“Fifth,”",
    ]
    assert _found(text) == _expected(text, quoted, [True, True, False, True, True])


FILLER = "The committee then turned to other business. " * 20


@pytest.mark.parametrize(
    ("text", "quoted", "closed"),
    [
        # long and unclosed: cut after its first sentence; later quotes still found
        (
            "She wrote: “The plan is ready. " + FILLER + "The chair said “we are done” later.",
            ["“The plan is ready.", "“we are done”"],
            [False, True],
        ),
        ("She wrote: “The plan is ready. " + FILLER.strip(), ["“The plan is ready."], [False]),
        # long but with no capitalised sentence after it: cut at the paragraph end
        (
            "She wrote: “the plan is ready " + "and more " * 80 + "end",
            ["“the plan is ready " + "and more " * 80 + "end"],
            [False],
        ),
        # short enough: cut at the paragraph end
        (
            "She wrote: “The plan is ready. Nothing else.",
            ["“The plan is ready. Nothing else."],
            [False],
        ),
    ],
)
def test_long_unclosed_quotes(text: str, quoted: list[str], closed: list[bool]) -> None:
    assert len(FILLER) > MAX_UNCLOSED
    assert _found(text) == _expected(text, quoted, closed)


SPEECH = [
    ("the so-called “peace dividend” never came", False),
    ("“We will not back down,” she said.", True),
    ("He read “War and Peace” twice.", False),
    ("They call it “the new normal” now.", False),
    ("The plan, dubbed “Operation Dawn”, began.", False),
    ("It was “unacceptable”.", False),
    # one word or a title is no sentence, even with the sentence's period inside
    ("It was “unacceptable.”", False),
    ("Their slogan is “Build It Now.”", False),
    ("He told the board, “We lost.”", True),
    # a comma at the very end is the sentence's: “Dawn,” the plan, began
    ("The plan, “Operation Dawn,” began in May.", False),
    ("“Slowly, carefully,” she said.", True),
    # a paragraph of one quotation in single marks is a subheading
    ("The talks ended.\n\n'A tough decision.'\n\nThe vote is next.", False),
    ("The talks ended.\n\n“A tough decision.”\n\nThe vote is next.", True),
    ("The minister said: “Enough.”", True),
    ("He answered: “no” without pause.", True),
    ("He said “we are ready to talk” again.", True),
    ("She asked “why?” and left.", True),
    ("Critics called it “too little, too late” for many.", True),
    ("He only said “wait…” and left.", False),
    ("He only said “We will wait…” and left.", True),
    ("“Stay calm.\n“It ends,” he said.", True),
]


@pytest.mark.parametrize(("text", "expected"), SPEECH)
def test_looks_like_speech(text: str, expected: bool) -> None:
    quote = find_quotations(text)[0]
    assert looks_like_speech(text, quote) is expected


def test_quotation_is_frozen() -> None:
    quote = Quotation(0, 4, 1, 3, True, 1, 0, 0)
    with pytest.raises(AttributeError):
        quote.start = 1  # type: ignore[misc]


PIECES = [
    "the", "minister", "Said", "we", "don't", "O'Brien", "students'", "'90s", "’n’", "d’Ivoire",
    " ", " ", " ", "\n", "\n\n", "\r\n", ",", ".", "?", "—", "(", ")", "\u00a0",
    *MARK_CHARS, "``", "''",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.text(alphabet=st.sampled_from([*MARK_CHARS, "a", "B", " ", "\n", ".", "9"])),
)


@given(text=texts)
def test_quotations_are_well_formed(text: str) -> None:
    quotes = find_quotations(text)
    previous_end = 0
    for q in quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
        assert previous_end <= q.start
        assert "\n" not in text[q.start : q.end]
        assert any(c.isalnum() for c in text[q.inner_start : q.inner_end])
        previous_end = q.end
    groups: dict[int, list[Quotation]] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    assert sorted(groups) == list(range(len(groups)))
    for pieces in groups.values():
        assert [q.part for q in pieces] == list(range(len(pieces)))
        assert {(q.paragraphs, q.closed) for q in pieces} == {(len(pieces), pieces[0].closed)}
