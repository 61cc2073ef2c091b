"""The term finder finds glossary terms in inflected Finnish and English text, and
nothing that only looks like a term."""

from __future__ import annotations

import pytest

from handbook.terminology import Term, TermIndex

TERMS = [
    Term("palkkatuki", "fi", "palkkatuki", "preferred"),
    Term("tyokokeilu", "fi", "työkokeilu", "preferred"),
    Term("tyovalmentaja", "fi", "työvalmentaja", "preferred"),
    Term("tyohonvalmentaja", "fi", "työhönvalmentaja", "preferred"),
    Term("tyohonvalmennus", "fi", "työhönvalmennus", "preferred"),
    Term("tyovalmennus", "fi", "työvalmennus", "preferred"),
    Term("kuntouttava-tyotoiminta", "fi", "kuntouttava työtoiminta", "preferred"),
    Term("tyotoiminta", "fi", "työtoiminta", "preferred"),
    Term("avotyotoiminta", "fi", "avotyötoiminta", "preferred"),
    Term("palkkatuettu-tyo", "fi", "palkkatuettu työ", "preferred"),
    Term("tuettu-tyo", "fi", "tuettu työ", "preferred"),
    Term("b-lausunto", "fi", "B-lausunto", "preferred"),
    Term("shl", "fi", "SHL", "accepted"),
    Term("tyohonvalmentaja", "en", "job coach", "preferred"),
    Term("tyohonvalmennus", "en", "job coaching", "preferred"),
    Term("tyovalmentaja", "en", "work coach", "preferred"),
]


@pytest.fixture(scope="module")
def index() -> TermIndex:
    return TermIndex(TERMS)


def found(index: TermIndex, text: str, lang: str = "fi") -> list[tuple[str, str]]:
    return [(m.form, m.concept) for m in index.find(text, lang)]


def test_inflected_and_capitalised_forms(index: TermIndex) -> None:
    text = "Työvalmentajalle soitetaan. Palkkatuella palkattu; palkkatuen määrä. Työkokeiluun."
    assert found(index, text) == [
        ("Työvalmentajalle", "tyovalmentaja"),
        ("Palkkatuella", "palkkatuki"),
        ("palkkatuen", "palkkatuki"),
        ("Työkokeiluun", "tyokokeilu"),
    ]


def test_offsets_point_at_the_form(index: TermIndex) -> None:
    text = "Asiakas on kuntouttavassa työtoiminnassa."
    (match,) = index.find(text, "fi")
    assert text[match.start : match.end] == match.form == "kuntouttavassa työtoiminnassa"
    assert match.term == "kuntouttava työtoiminta" and match.kind == "preferred"


def test_longest_match_wins(index: TermIndex) -> None:
    assert found(index, "palkkatuettuun työhön ja avotyötoimintaan") == [
        ("palkkatuettuun työhön", "palkkatuettu-tyo"),
        ("avotyötoimintaan", "avotyotoiminta"),
    ]


def test_abbreviations_and_hyphenated_terms(index: TermIndex) -> None:
    assert found(index, "B-lausunnon ja SHL:n mukaan; shl ei ole lyhenne") == [
        ("B-lausunnon", "b-lausunto"),
        ("SHL:n", "shl"),
    ]


def test_compound_term_inside_longer_compound(index: TermIndex) -> None:
    (match,) = index.find("Työkokeilupaikka löytyi.", "fi")
    assert match.concept == "tyokokeilu" and match.partial


def test_look_alikes_are_not_terms(index: TermIndex) -> None:
    text = "Työkokeilija sai palkkaa ja tukea; valmentaja ja kokeilu; työhön valmentaminen."
    assert found(index, text) == []


def test_english_plural_and_look_alike(index: TermIndex) -> None:
    assert found(index, "Job coaches and job coaching; a work coach's tasks.", "en") == [
        ("Job coaches", "tyohonvalmentaja"),
        ("job coaching", "tyohonvalmennus"),
        ("work coach", "tyovalmentaja"),
    ]


def test_hyphens_in_and_between_words() -> None:
    index = TermIndex(
        [
            Term("tyo-ja-paivatoiminta", "fi", "kehitysvammaisten työ- ja päivätoiminta", "preferred"),
            Term("hanke", "fi", "Työkykyisempi Stadi -hanke", "preferred"),
            Term("tyotoiminta", "fi", "työtoiminta", "preferred"),
        ]
    )
    text = "Kehitysvammaisten työ- ja päivätoimintaan; Työkykyisempi Stadi -hankkeen; työ-toimintaan."
    assert [m.form for m in index.find(text, "fi")] == [
        "Kehitysvammaisten työ- ja päivätoimintaan",
        "Työkykyisempi Stadi -hankkeen",
        "työ-toimintaan",
    ]
