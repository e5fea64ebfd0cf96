"""Editing a Markdown text by its plain words keeps its markup (conditions, notes, links, emphasis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fichebuilder.model import walk_texts
from fichebuilder.source import markup
from fichebuilder.source.loading import load_position
from fichebuilder.source.textedit import edit_words, merge_words, visible_text
from tests.conftest import POSITIONS

TEXT = (
    "Het kabinet steunt dit. [Een uitbreiding mag *niet* ten koste gaan van de effectiviteit.]{.condition} "
    "Zie [EUR-Lex](https://eur-lex.europa.eu/x)[^noot] verder.\n\nTweede alinea."
)


def _edit(old: str, new: str) -> str:
    plain = visible_text(TEXT).plain
    assert old in plain
    return edit_words(TEXT, plain.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("mag niet", "mag nooit", "[Een uitbreiding mag *nooit* ten koste gaan van de effectiviteit.]{.condition}"),
        ("van de effectiviteit", "van effectiviteit", "ten koste gaan van effectiviteit.]{.condition} Zie"),
        ("Zie EUR-Lex", "Zie Eurlex", "Zie [Eurlex](https://eur-lex.europa.eu/x)[^noot] verder."),
        (". Zie", ". Nieuwe zin. Zie", "effectiviteit.]{.condition} Nieuwe zin. Zie [EUR-Lex]"),
        ("verder.\n\nTweede", "verder. Tweede", "[^noot] verder. Tweede alinea."),
        ("dit. Een", "dit.\n\nEen", "Het kabinet steunt dit.\n\n[Een uitbreiding"),
        ("alinea.", "alinea. Slot.", "\n\nTweede alinea. Slot."),
    ],
    ids=[
        "inside-emphasis-in-a-condition",
        "deletion-inside-a-condition",
        "replaced-link-label",
        "new-sentence-after-a-condition",
        "paragraphs-joined",
        "paragraph-split",
        "appended-sentence",
    ],
)
def test_a_word_edit_lands_in_the_markdown(old, new, expected):
    edited = _edit(old, new)
    assert expected in edited
    assert markup.plain(edited) == visible_text(TEXT).plain.replace(old, new, 1)


def test_unchanged_words_give_the_text_unchanged():
    assert edit_words(TEXT, visible_text(TEXT).plain) == TEXT


def _prose_texts() -> list[str]:
    fiche = load_position(POSITIONS / "com-2025-744.yaml").fiche
    return [text for field in walk_texts(fiche) if field.kind == "prose" for _, text in field.languages()]


PROSE = _prose_texts()


def test_every_example_text_maps_to_its_plain_words():
    for text in PROSE:
        assert visible_text(text).plain == markup.plain(text)


# texts with characters written as escapes, as an import from Word or a translation writes them
ESCAPED = ["Kosten \\* baten \\[PM\\] en R\\&amp; D.", "1\\. Geen lijst, maar \\_onderstreept\\_ en a\\\\b."]
# what a reviewer types in Word: any character (Markdown's marks too), and the spaces, marks and
# line breaks a Word document or a translator's tool brings in
TYPED = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(["\t", "\r", "\u00a0", "\u200b", "\u2028", "\ufeff", "\u0301", "\u200f", "*", "[", "]", "_"]),
    max_size=8,
)


def _words(text: str) -> str:
    # the plain words, their spaces and line breaks as a reader sees them: one space (a
    # non-breaking space, a zero-width space, a line separator stay as they are)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# as many examples as the profile gives (see conftest.py): 2,000 take 3 s
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_random_word_edit_keeps_notes_and_marks(data):
    text = data.draw(st.sampled_from(PROSE + ESCAPED))
    words = visible_text(text).plain.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    new_word = data.draw(st.sampled_from(["", "nieuw", "twee woorden"]) | TYPED)
    words[i] = new_word if new_word or len(words) == 1 else words[i][:0]
    new_plain = " ".join(w for w in words if w)
    edited = edit_words(text, new_plain)
    assert _words(markup.plain(edited)) == _words(new_plain)
    assert markup.footnote_labels(edited) == markup.footnote_labels(text)
    assert [m.kind for m in markup.marked(edited)] == [m.kind for m in markup.marked(text)]


@pytest.mark.parametrize(
    ("text", "new_plain", "expected"),
    [
        ("[Het kabinet steunt dit.]{.condition} Slot.", "Het kabinet steunt [dit. Slot.",
         r"[Het kabinet steunt \[dit.]{.condition} Slot."),
        ("Zie art. 5.", "Zie art. 5 * 3.", r"Zie art. 5 \* 3."),
        ("Mededeling over drugs.", "__0__ over drugs.", r"\_\_0\_\_ over drugs."),
        ("Zie COM 2025.", "Zie COM_2025.", "Zie COM_2025."),
        ("Slot.", "1. Slot.", r"1\. Slot."),
        ("Een. Twee.", "Een.\n\n- Twee.", "Een.\n\n\\- Twee."),
        ("- Een\n- Twee", "Een\n\n+ Twee", "- Een\n- \\+ Twee"),
        ("Kosten \\* baten.", "Kosten x baten.", "Kosten x baten."),
        ("Kosten \\* baten.", "Kosten baten.", "Kosten baten."),
        ("Kosten \\*baten.", "Kosten x*baten.", r"Kosten x\*baten."),
        ("a\\\\b en c.", "ab en c.", "ab en c."),
        ("Mededeling over drugs.", "<> over drugs.", r"\<> over drugs."),
        ("Mededeling over drugs.", "-\r over drugs.", "\\-\r over drugs."),
    ],
    ids=[
        "bracket-in-a-condition",
        "asterisk",
        "underscores-around-a-word",
        "underscore-inside-a-word",
        "number-at-a-paragraph-start",
        "dash-at-a-paragraph-start",
        "plus-at-a-list-item-start",
        "escaped-character-replaced",
        "escaped-character-deleted",
        "insertion-before-an-escaped-character",
        "escaped-backslash-deleted",
        "angle-brackets",
        "dash-before-a-carriage-return",
    ],
)  # fmt: skip
def test_typed_marks_are_characters_and_escapes_go_with_theirs(text, new_plain, expected):
    """Words a reviewer types are written escaped where Markdown would take them for a mark, and a
    backslash escape in the text is changed or deleted with the character it stands for."""
    edited = edit_words(text, new_plain)
    assert edited == expected
    assert _words(markup.plain(edited)) == _words(new_plain)


BASE = "Het kabinet steunt dit. Het is goed. Slot."


@pytest.mark.parametrize(
    ("ours", "theirs", "merged", "conflicts"),
    [
        ("Het kabinet steunt dat. Het is goed. Slot.", {"a": "Het kabinet steunt dit. Het is heel goed. Slot."},
         "Het kabinet steunt dat. Het is heel goed. Slot.", []),
        (BASE, {"a": "Het kabinet steunt dit. Het is heel goed. Slot.",
                "b": "Het kabinet steunt dit. Het is heel goed. Slot."},
         "Het kabinet steunt dit. Het is heel goed. Slot.", []),
        ("Het kabinet steunt dit. Het is slecht. Slot.", {"a": "Het kabinet steunt dit. Het is heel goed. Slot."},
         "Het kabinet steunt dit. Het is slecht. Slot.", [("a", "heel ", "", "slecht")]),
        (BASE, {"a": "Het kabinet steunt dit. Het is heel goed. Slot.",
                "b": "Het kabinet steunt dit. Het is zeer goed. Slot. Nog een zin."},
         "Het kabinet steunt dit. Het is goed. Slot. Nog een zin.", [("a", "heel ", "b", "zeer ")]),
    ],
    ids=["apart-in-one-text", "the-same-change-twice", "bordering-our-change", "two-of-theirs-at-one-place"],
)  # fmt: skip
def test_merging_words_three_ways(ours, theirs, merged, conflicts):
    result = merge_words(BASE, ours, theirs)
    assert result.text == merged
    assert [(a.side, a.new, b.side, b.new) for a, b in result.conflicts] == conflicts


def test_a_word_changed_in_a_long_text_is_quick():
    import time

    # some 14,000 words: difflib's matcher alone takes some ten seconds on them (a space is every other word)
    text = "\n\n".join(PROSE[:40])
    plain = visible_text(text).plain
    start = time.perf_counter()
    edit_words(text, plain.replace("kabinet", "Kabinet", 1))
    assert time.perf_counter() - start < 1.0
