"""A text's Markdown as XLIFF inline content: sentences, codes, and the Markdown rebuilt."""

from __future__ import annotations

import pytest

from fichebuilder.model import text_in
from fichebuilder.source.languages import text_fields
from fichebuilder.source.loading import load_position
from fichebuilder.source.markup import to_markup
from fichebuilder.translate.codes import Pc, Ph, to_markdown, to_segments
from tests.conftest import DATA, POSITIONS


def words(segment) -> str:
    return "".join(p if isinstance(p, str) else f"<{p.id}>" for p in segment)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Een zin. Nog een.", ["Een zin. ", "Nog een."]),
        (
            "Dit geldt o.a. voor bijv. art. 5 van de wet. Klaar.",
            ["Dit geldt o.a. voor bijv. art. 5 van de wet. ", "Klaar."],
        ),
        ("Zoals J. Jansen schreef. Klaar!", ["Zoals J. Jansen schreef. ", "Klaar!"]),
        ("Het beleid.[^a] Daarna meer.", ["Het beleid.<1> ", "Daarna meer."]),
        ("Een [zin. Met twee]{.condition} delen.", ["Een <1> delen."]),
        ("zie p. 4. en verder", ["zie p. 4. en verder"]),
    ],
    ids=["two", "abbreviations", "initial", "after-a-note", "not-inside-a-mark", "no-capital-after"],
)
def test_a_text_is_cut_into_sentences(text, sentences):
    assert [words(s) for s in to_segments(text)] == sentences


def test_marks_become_codes_holding_their_markdown():
    (segment,) = to_segments("Zie [**de** site](https://x.eu/a_b)[^n] en [dit]{.concern}.")
    assert segment == [
        "Zie ",
        Pc("1", "[", "](https://x.eu/a_b)", [Pc("2", "**", "**", ["de"]), " site"]),
        Ph("3", "[^n]"),
        " en ",
        Pc("4", "[", "]{.concern}", ["dit"]),
        ".",
    ]


@pytest.mark.parametrize(
    ("typed", "markdown"),
    [
        ("a * b [c] d_e _f_", r"a \* b \[c\] d_e \_f\_"),
        ("x __init__ y", r"x \_\_init\_\_ y"),
        ("- no list", r"\- no list"),
        ("1. no list", r"1\. no list"),
    ],
    ids=["marks", "double-underscores", "bullet", "number"],
)
def test_what_a_translator_types_is_text(typed, markdown):
    assert to_markdown([[typed]]) == markdown
    assert to_segments(markdown) == [[typed]]


def test_every_text_of_the_examples_comes_back_as_it_was():
    texts = [
        text_in(value, lang)
        for path in [DATA / "minimal.yaml", *sorted(POSITIONS.glob("*.yaml"))]
        for _, value in text_fields(load_position(path).fiche)
        for lang in ("nl", "en")
    ]
    texts = [t for t in texts if t]
    assert len(texts) > 100
    for text in texts:
        rebuilt = to_markdown(to_segments(text))
        assert to_markup(rebuilt, lambda key: key) == to_markup(text, lambda key: key), text
