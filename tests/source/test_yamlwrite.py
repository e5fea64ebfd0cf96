"""Writing a position file: readable YAML that reads back as what was written."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from fichebuilder.source.loading import load_position, load_position_bytes
from fichebuilder.source.yamlsource import parse_bytes
from fichebuilder.source.yamlwrite import Commented, FieldNote, dump_fiche, dump_position
from tests.conftest import DATA, POSITIONS, ROOT, fiche_words


@pytest.mark.parametrize(
    "value",
    [
        *(
            "no",
            "12:30",
            "2025-12-04",
            "- a list?",
            "# a comment?",
            "a: b",
            "'quoted'",
            "@at",
            "x #y",
            "tab\there",
            "~",
        ),
        *("Off", "a\u2028b", "next\x85line", "\ufeffbom", "del\x7f"),
    ],
    ids=lambda v: repr(v),
)
def test_a_scalar_reads_back_as_written(value):
    text = dump_position({"title": value, "footnotes": {"no": value}, "actions": [{"number": 1, "title": value}]})
    data, _ = parse_bytes(text.encode("utf-8"), file="x.yaml")
    assert data == {"title": value, "footnotes": {"no": value}, "actions": [{"number": 1, "title": value}]}


def test_a_long_text_is_a_wrapped_block_that_starts_no_list():
    text = ("woord " * 15 + "- streepje " + "woord " * 14 + "1. nummer").strip()
    written = dump_position({"essence": text, "kind": Commented("communication", "een toelichting")})
    assert written.splitlines()[0] == "essence: |"
    assert all(len(line) <= 100 for line in written.splitlines())
    assert not any(re.match(r"\s+(-|\d+\.) ", line) for line in written.splitlines())
    assert "kind: communication  # een toelichting" in written
    data, _ = parse_bytes(written.encode("utf-8"), file="x.yaml")
    assert " ".join(data["essence"].split()) == text


EXAMPLES = [
    DATA / "minimal.yaml",
    ROOT / "templates" / "samples" / "communication.yaml",
    ROOT / "templates" / "samples" / "legislative.yaml",
    *sorted(POSITIONS.glob("*.yaml")),
]


@pytest.mark.parametrize("position", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_written_fiche_loads_as_the_fiche_it_was_written_from(position: Path):
    fiche = load_position(position).fiche
    written = dump_fiche(fiche, {})
    assert fiche_words(load_position_bytes(written.encode("utf-8"), name="x.yaml").fiche) == fiche_words(fiche)


def test_a_field_with_a_blank_note_is_written_empty_with_its_comment():
    fiche = load_position(DATA / "minimal.yaml").fiche
    notes = {
        "general.received": FieldNote("vul de datum in", blank=True),
        "actions.1.stance": FieldNote("voorgesteld"),
        "areas.0.text": FieldNote("geen tekst gevonden", blank=True),
    }
    lines = dump_fiche(fiche, notes).splitlines()
    assert "  received:  # vul de datum in" in lines
    assert "    stance: conditional  # voorgesteld" in lines
    # a field left out at its default is written where it has a note
    assert "    text:  # geen tekst gevonden" in lines


def test_fields_are_written_in_a_drafter_s_order_and_defaults_left_out():
    fiche = load_position(DATA / "minimal.yaml").fiche
    written = dump_fiche(fiche, {})
    keys = [line.split(":")[0] for line in written.splitlines() if re.match(r"^[a-z]", line)]
    assert keys == ["kind", "title", "general", "essence", "position", "areas", "actions", "grounds", "footnotes"]
    action = written[written.index("  - number: 2") :].split("\n")[:5]
    assert [line.split(":")[0].strip(" -") for line in action] == ["number", "area", "title", "stance", "text"]
    assert "stance_proposed" not in written and "same_paragraph" not in written
    assert "  competence:\n    verdict: positive\n    text: De Commissie is bevoegd.\n" in written
    assert fiche.general.received == datetime.date(2025, 12, 4)
    assert "  received: 2025-12-04\n" in written
