"""Changing values in a position file's text in place: every character outside the changed
values stays as it was, and each value reads back as given."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from fichebuilder.errors import PositionError
from fichebuilder.source.yamledit import set_values

TEXT = """\
# kopregel
essence: |   # de kern
  Eerste regel
  tweede regel.

areas:
  - {number: 1, text: Kort}   # in een regel
actions:
  - number: 1
    text:
      nl: Tekst   # nl
      en: Text
      en_of: "0000"
footnotes:
  a: Noot
"""


def test_a_block_text_is_replaced_and_its_comment_kept():
    edited = set_values(TEXT, {("essence",): ("Nieuwe kern\nover twee regels.\n", None)}, file="x.yaml")
    assert edited == TEXT.replace("  Eerste regel\n  tweede regel.\n", "  Nieuwe kern\n  over twee regels.\n")


@pytest.mark.parametrize(
    ("path", "value", "lang", "old", "new"),
    [
        (("areas", 0, "text"), "Kort: met dubbele punt", None, "text: Kort}", 'text: "Kort: met dubbele punt"}'),
        (("actions", 0, "text"), "Nieuwe tekst", "nl", "nl: Tekst   # nl", "nl: Nieuwe tekst   # nl"),
        (("footnotes", "a"), "Noot, nu langer", None, "a: Noot", "a: Noot, nu langer"),
    ],
    ids=["in-a-flow-mapping", "the-dutch-of-a-translated-text", "a-footnote"],
)
def test_a_one_line_value_is_set_where_it_stands(path, value, lang, old, new):
    assert set_values(TEXT, {path: (value, lang)}, file="x.yaml") == TEXT.replace(old, new)


def test_a_language_the_text_lacks_is_one_error():
    with pytest.raises(PositionError, match=r"actions\[0\]\.text: has no text in 'de'"):
        set_values(TEXT, {("actions", 0, "text"): ("Text", "de")}, file="x.yaml")


ANY_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"])
    | st.sampled_from("\n\t\r\x85\u2028\u2029\u00a0\u200b\ufeff\u0301\u200f #:'\"|>-"),
    max_size=40,
)


@given(ANY_TEXT)
def test_any_text_reads_back_as_given(value):
    edited = set_values(TEXT, {("essence",): (value, None), ("areas", 0, "text"): (value, None)}, file="x.yaml")
    data = yaml.safe_load(edited)
    assert data["essence"] == value and data["areas"][0]["text"] == value
    assert data["actions"] == yaml.safe_load(TEXT)["actions"]


# a value as a drafter may have written it, and what may follow it: the new text replaces it
# whatever its style, and never takes in a line after it
WRITTEN = [
    'text: "a\\nb"  # c\n',
    "text: >\n  gevouwen\n  tekst\n\n",
    "text: |+\n  bewaard\n\n\n",
    "text: |2-\n    ingesprongen\n  x\n",
    "text:\n  gewoon\n  over twee regels  # c\n",
    "text: 'enkel'  # c\n",
    "text: ''\n",
    "text:\n",
    "text: |  # c\n\n  laat\n",
]
AFTER = ["next: 1\n", "\nnext: 1\n", "  # een toelichting\nnext: 1\n", "\n  \n  # c\nnext: 1\n", "", "\n\n"]


@given(ANY_TEXT, st.sampled_from(WRITTEN), st.sampled_from(AFTER), st.booleans())
def test_any_text_replaces_a_value_however_written_and_keeps_the_lines_after_it(value, written, after, in_a_list):
    text = "# kop\n" + written + after
    path: tuple[str | int, ...] = ("text",)
    if in_a_list:  # the same, a list item's field
        text = "actions:\n  - number: 1\n" + "".join(
            f"    {line}" if line else "" for line in (written + after).splitlines(True)
        )
        path = ("actions", 0, "text")
    before = yaml.safe_load(text)
    holder_before = before["actions"][0] if in_a_list else before
    assume(holder_before["text"] == yaml.safe_load(written)["text"])  # the lines after are not the value's
    edited = set_values(text, {path: (value, None)}, file="x.yaml")
    assert edited.endswith(after.replace("\n", "\n    ").rstrip(" ") if in_a_list else after)
    now = yaml.safe_load(edited)
    assert (now["actions"][0] if in_a_list else now) == {**holder_before, "text": value}


@pytest.mark.parametrize(
    "value",
    [
        "Off",
        "y",
        "0b101",
        "1_000",
        "\n ",
        "\n x",
        " a\n  b\n",
        "a\n \nb",
        "\x85",
        "a\u2028b\nc",
        "a\r\nb",
        "\x7f\n",
        "\ufeffa\nb",
    ],
    ids=[
        "yaml-1.1-false",
        "yaml-1.1-yes",
        "yaml-1.1-binary",
        "yaml-1.1-underscored-number",
        "space-line-last",
        "first-text-line-indented",
        "indented-lines",
        "space-line-inside",
        "next-line",
        "line-separator",
        "carriage-return",
        "delete",
        "byte-order-mark",
    ],
)
def test_texts_yaml_could_misread_read_back_as_given(value):
    edited = set_values(TEXT, {("essence",): (value, None)}, file="x.yaml")
    assert yaml.safe_load(edited)["essence"] == value


@pytest.mark.parametrize(
    ("text", "path", "value", "kept"),
    [
        ("essence: |+\n  kept\n\n\nnext: 1\n", ("essence",), "", "\nnext: 1\n"),
        ("actions:\n  - number: 1\n    text: |+\n      kept\n\n    title: x\n", ("actions", 0, "text"), "Nieuw",
         "\n    title: x\n"),
        ("essence: Oud\n  # een toelichting onder de tekst\nnext: 1\n", ("essence",), "0\n",
         "\n  # een toelichting onder de tekst\nnext: 1\n"),
        ("essence: Oud\n\n  # na een witregel\nnext: 1\n", ("essence",), "Twee\nregels\n",
         "\n\n  # na een witregel\nnext: 1\n"),
        ("essence: Oud\n\nnext: 1\n", ("essence",), "Twee\nregels\n\n", "\n\nnext: 1\n"),
        ("essence: Oud\n\n", ("essence",), "Twee\nregels\n\n", "\n\n"),
    ],
    ids=[
        "a-block-that-keeps-its-line-breaks",
        "the-same-in-a-list",
        "a-comment-indented-under-it",
        "the-same-after-a-blank-line",
        "blank-lines-after-a-text-that-ends-in-them",
        "the-same-at-the-file-s-end",
    ],
)  # fmt: skip
def test_the_lines_after_a_value_stay_as_they_were(text, path, value, kept):
    """A new text never takes in the lines after it: a comment indented under its key, the blank
    lines a literal block that keeps its line breaks (|+) would read as its own."""
    edited = set_values(text, {path: (value, None)}, file="x.yaml")
    assert edited.endswith(kept)
    found = yaml.safe_load(edited)
    for part in path:
        found = found[part]
    assert found == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "general:\n  eurlex:\n    url: https://x.eu/a  # the link\n  # next\n  council: Raad\n",
            'general:\n  eurlex:\n    url: https://x.eu/a  # the link\n    label: "EUR-Lex: het voorstel"\n'
            "  # next\n  council: Raad\n",
        ),
        (
            "general:\n  eurlex: {url: 'https://x.eu/a'}\n",
            "general:\n  eurlex: {url: 'https://x.eu/a', label: \"EUR-Lex: het voorstel\"}\n",
        ),
        (
            "general:\n  eurlex:\n    url: https://x.eu/a",
            'general:\n  eurlex:\n    url: https://x.eu/a\n    label: "EUR-Lex: het voorstel"\n',
        ),
    ],
    ids=["block, a comment after it", "flow", "the file's last line"],
)
def test_a_key_the_mapping_lacks_is_added_after_its_last_entry(text, expected):
    assert set_values(text, {("general", "eurlex", "label"): ("EUR-Lex: het voorstel", None)}, file="x") == expected
