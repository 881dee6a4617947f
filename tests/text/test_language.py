"""Is this English? accord.text.language.check_english."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import NotEnglishError
from accord.text.language import _identifier, check_english

FUNCTION_WORD_BUG = (
    "the function-word override counts words shared with other languages ('a' in French, "
    "Spanish and Portuguese; 'in', 'is', 'was' in German and Dutch), so ordinary non-English "
    "prose reaches the 8% share and passes although py3langid is confident it is not English"
)


@pytest.mark.parametrize(
    "text",
    [
        "The foreign ministers of the two countries met in Geneva on Tuesday and agreed to "
        "resume talks on a ceasefire, officials said after the meeting.",
        "Japan and Australia sign defence pact",
        "EU, NATO agree new sanctions",
        "NATO and EU officials met Blinken, Lavrov, Wang Yi and Borrell in Brussels; "
        "Stoltenberg said the G7, IMF and WTO would join.",
        "Blinken (USA), Lavrov (RUS), Wang Yi (CHN), Borrell (EU), Stoltenberg (NATO), "
        "Guterres (UN), Kishida (JPN), Yoon (KOR) and Albanese (AUS) attended the G20 in "
        "New Delhi with IAEA, WHO, IMF and WTO chiefs.",
        'The president said on Monday that the talks would continue. "Nous allons continuer '
        'les négociations avec nos partenaires," he told reporters in Paris, adding that a '
        "deal was close.",
        "",
        "12345 67890 !!!",
    ],
    ids=[
        "prose",
        "headline",
        "acronym-headline",
        "names",
        "names-and-codes",
        "french-quote",
        "empty",
        "no-letters",
    ],
)
def test_english_passes(text: str) -> None:
    check_english(text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Les ministres des affaires étrangères des deux pays se sont réunis mardi à Genève "
            "et ont convenu de reprendre les négociations sur un cessez-le-feu.",
            "fr",
        ),
        (
            "Die Außenminister der beiden Länder trafen sich am Dienstag in Genf und "
            "vereinbarten, die Gespräche über einen Waffenstillstand wieder aufzunehmen.",
            "de",
        ),
        (
            "Los ministros de asuntos exteriores de los dos países se reunieron el martes en "
            "Ginebra y acordaron reanudar las conversaciones sobre un alto el fuego.",
            "es",
        ),
        (
            "Министры иностранных дел двух стран встретились во вторник в Женеве и "
            "договорились возобновить переговоры о прекращении огня.",
            "ru",
        ),
        (
            "两国外交部长周二在日内瓦会晤，同意恢复有关停火的谈判。官员们在会后表示，"
            "会谈气氛积极，双方将于下个月再次会面，讨论剩余的技术问题。",
            "zh",
        ),
        (
            "I ministri degli esteri dei due paesi si sono incontrati martedì a Ginevra e hanno "
            "concordato di riprendere i negoziati su un cessate il fuoco.",
            "it",
        ),
        pytest.param(
            "Le ministre a déclaré mardi que le gouvernement a reçu une lettre de Bruxelles. "
            "Il a précisé que la commission a demandé des explications sur le budget. Selon "
            "lui, le pays a respecté ses engagements et la situation a évolué depuis le "
            "printemps.",
            "fr",
        ),
        pytest.param(
            "Der Minister sagte, das Treffen in Berlin sei ein Erfolg gewesen. In der "
            "Erklärung heißt es, die Gespräche würden im Herbst in Wien fortgesetzt. Was die "
            "Sanktionen betrifft, gebe es in der Regierung noch keine Einigung.",
            "de",
        ),
        pytest.param(
            "El ministro dijo que el gobierno va a presentar la propuesta a la comisión la "
            "próxima semana. La delegación viajará a Bruselas para explicar a los socios "
            "europeos por qué el país no puede aceptar las condiciones.",
            "es",
        ),
    ],
    ids=["fr", "de", "es", "ru", "zh", "it", "fr-passe-compose", "de-in-was", "es-a"],
)
def test_other_languages_are_refused(text: str, lang: str) -> None:
    with pytest.raises(NotEnglishError, match=rf"\[A104\].*'{lang}'"):
        check_english(text)


def test_only_the_start_of_a_long_text_is_sampled() -> None:
    english = "The ministers met in Geneva and agreed to resume the talks, officials said. "
    french = "Les ministres se sont réunis à Genève et ont convenu de reprendre les discussions. "
    check_english(english * 100 + french * 100)
    with pytest.raises(NotEnglishError):
        check_english(french * 100 + english * 100)


def test_the_identifier_read_from_the_cache_ranks_as_the_unpacked_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = "Die Minister trafen sich am Montag in Berlin, um über die Lage zu sprechen."
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    _identifier.cache_clear()
    try:
        unpacked = _identifier()
        assert len(list(tmp_path.glob("langid-*.pickle"))) == 1
        _identifier.cache_clear()
        read_back = _identifier()
        assert read_back is not unpacked
        assert read_back.rank(sample)[:5] == unpacked.rank(sample)[:5]
        assert read_back.classify(sample)[0] == "de"
    finally:
        _identifier.cache_clear()
