"""Comparing position files: alignment of actions, the exact JSON of typical changes, the reports."""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from fichebuilder.compare import diff
from fichebuilder.compare import words as word_runs
from fichebuilder.compare.diff import align_actions, compare_fiches, compare_marks
from fichebuilder.compare.report import REPORT_FORMATS, render_report
from fichebuilder.compare.report_json import diff_to_json
from fichebuilder.compare.rows import load_wording
from fichebuilder.compare.words import word_diff
from fichebuilder.source.loading import Loaded, load_position
from tests.conftest import POSITIONS, write_tree
from tests.writers.test_proposals import SINGLE as SINGLE_PROPOSAL

HEAD = """\
kind: communication
title: Mededeling over een proefvoorstel
{follows}general:
  proposal_title: MEDEDELING VAN DE COMMISSIE over een proefvoorstel
  received: 2025-12-04
  com_number: {com}
  eurlex:
    url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999
    label: EUR-Lex - 52025DC0999 - NL - EUR-Lex
  impact_assessment: Niet opgesteld.
  council: Raad Justitie en Binnenlandse Zaken
  ministry: Ministerie van Justitie en Veiligheid.
essence: De Commissie stelt vier acties voor[^bron].
position:
  policy: Het kabinet voert een breed beleid.
  assessment: Het kabinet is positief over het voorstel.
  balance: De lidstaten zijn verdeeld.
areas:
  - number: 1
    title: Samenwerking
grounds:
  competence: {{verdict: positive, text: De Commissie is bevoegd.}}
  subsidiarity: {{verdict: positive, text: Optreden op EU-niveau is gerechtvaardigd.}}
  proportionality: {{verdict: positive, text: Het voorstel gaat niet verder dan nodig.}}
  financial: {{text: Geen directe gevolgen.}}
  burden: {{text: Geen gevolgen voor regeldruk.}}
footnotes:
  bron: Zie de mededeling zelf.
actions:
"""

ONE = """\
  - number: 1
    area: 1
    title: Informatie delen
    stance: support
    text: Het kabinet steunt het delen van informatie tussen de douane en de politie in alle lidstaten.
"""
TWO = """\
  - number: 2
    area: 1
    title: Een nieuw agentschap
    stance: conditional
    text: |
      Het kabinet steunt de oprichting van een klein agentschap. [Dit mag niet ten koste gaan van
      bestaande samenwerking.]{.condition} [Het is onduidelijk wat het agentschap gaat kosten.]{.concern}
"""
THREE = """\
  - number: 3
    area: 1
    title: Opleiding van rechters
    stance: neutral
    text: Het kabinet staat neutraal tegenover een gezamenlijk opleidingsprogramma voor rechters en officieren.
"""
FOUR = """\
  - number: 4
    area: 1
    title: Register van drugslabs
    stance: critical
    text: Het kabinet is kritisch over een Europees register van drugslabs, omdat de politie die kennis al verzamelt.
"""
BASE = [ONE, TWO, THREE, FOUR]


def fiche(*actions: str, com: str = "COM(2025) 999", follows: str | None = None) -> str:
    return HEAD.format(com=com, follows=f"follows: {follows}\n" if follows else "") + "".join(actions)


def load_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> tuple[Loaded, Loaded]:
    write_tree(tmp_path, {"old.yaml": old, "new.yaml": new})
    monkeypatch.chdir(tmp_path)
    return load_position("old.yaml"), load_position("new.yaml")


def diff_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> dict:
    return diff_to_json(compare_fiches(*load_pair(tmp_path, monkeypatch, old, new)))


NO_MARKS = {"added": [], "removed": [], "changed": []}
TITLES = {1: "Informatie delen", 2: "Een nieuw agentschap", 3: "Opleiding van rechters", 4: "Register van drugslabs"}
STANCES = {1: "support", 2: "conditional", 3: "neutral", 4: "critical"}


def unchanged(number: int) -> dict:
    return {
        "old": number,
        "new": number,
        "also_continues": [],
        "status": "unchanged",
        "match": "number",
        "score": 1.0,
        "renumbered": False,
        "title": {"old": TITLES[number], "new": TITLES[number]},
        "area": {"old": 1, "new": 1},
        "stance": {"old": STANCES[number], "new": STANCES[number]},
        "conditions": NO_MARKS,
        "concerns": NO_MARKS,
        "summary": [],
        "text": [],
    }


def summary(**changes: object) -> dict:
    """The JSON summary of two versions with four actions each, with ``changes`` applied."""
    out: dict = {
        "actions": {
            "old": 4, "new": 4, "matched": 4, "unchanged": 4, "changed": 0, "added": 0, "removed": 0,
            "renumbered": 0, "linked": 0, "fuzzy": 0,
        },
        "stances_changed": 0,
        "conditions": {"added": 0, "removed": 0, "changed": 0},
        "concerns": {"added": 0, "removed": 0, "changed": 0},
        "general": 0, "texts": 0, "areas": 0, "grounds": 0, "footnotes": 0,
    }  # fmt: skip
    for key, value in changes.items():
        if isinstance(value, dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def versions(actions: list[dict], summary: dict) -> dict:
    """The whole JSON of two versions of the test fiche that differ only in their actions."""
    return {
        "format": "fiche-diff/1",
        "old": {"file": "old.yaml", "com_number": "COM(2025) 999", "title": "Mededeling over een proefvoorstel",
                "actions": summary["actions"]["old"]},
        "new": {"file": "new.yaml", "com_number": "COM(2025) 999", "title": "Mededeling over een proefvoorstel",
                "actions": summary["actions"]["new"]},
        "relation": "versions",
        "summary": summary,
        "general": [],
        "texts": [],
        "areas": [],
        "actions": actions,
        "grounds": [],
        "footnotes": [],
        "warnings": [],
    }  # fmt: skip


# --- exact JSON of version pairs -----------------------------------------------------


def test_same_file_has_no_differences(tmp_path, monkeypatch):
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), fiche(*BASE))
    assert result == versions([unchanged(n) for n in (1, 2, 3, 4)], summary())


def test_stance_changed(tmp_path, monkeypatch):
    new = fiche(ONE.replace("stance: support", "stance: neutral"), TWO, THREE, FOUR)
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), new)
    changed = {**unchanged(1), "status": "changed", "stance": {"old": "support", "new": "neutral"}}
    assert result == versions(
        [changed, unchanged(2), unchanged(3), unchanged(4)],
        summary(actions={"unchanged": 3, "changed": 1}, stances_changed=1),
    )


def test_conditions_added_and_removed(tmp_path, monkeypatch):
    two = """\
  - number: 2
    area: 1
    title: Een nieuw agentschap
    stance: conditional
    text: |
      Het kabinet steunt de oprichting van een klein agentschap. [Het agentschap moet binnen vijf jaar
      worden geëvalueerd.]{.condition} [Het is onduidelijk wat het agentschap gaat kosten.]{.concern}
"""
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), fiche(ONE, two, THREE, FOUR))
    changed = {
        **unchanged(2),
        "status": "changed",
        "score": 0.702,
        "conditions": {
            "added": ["Het agentschap moet binnen vijf jaar worden geëvalueerd."],
            "removed": ["Dit mag niet ten koste gaan van bestaande samenwerking."],
            "changed": [],
        },
        "text": [
            {"op": "equal", "old": "Het kabinet steunt de oprichting van een klein agentschap.",
             "new": "Het kabinet steunt de oprichting van een klein agentschap."},
            {"op": "replace", "old": "Dit mag niet ten koste gaan van bestaande samenwerking.",
             "new": "Het agentschap moet binnen vijf jaar worden geëvalueerd."},
            {"op": "equal", "old": "Het is onduidelijk wat het agentschap gaat kosten.",
             "new": "Het is onduidelijk wat het agentschap gaat kosten."},
        ],
    }  # fmt: skip
    assert result == versions(
        [unchanged(1), changed, unchanged(3), unchanged(4)],
        summary(actions={"unchanged": 3, "changed": 1}, conditions={"added": 1, "removed": 1}),
    )


def test_sentence_reworded(tmp_path, monkeypatch):
    reworded = TWO.replace(
        "van\n      bestaande samenwerking.", "van\n      de bestaande samenwerking tussen lidstaten."
    )
    new = fiche(ONE, reworded, THREE, FOUR)
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), new)
    changed = {
        **unchanged(2),
        "status": "changed",
        "score": 0.951,
        "conditions": {
            "added": [],
            "removed": [],
            "changed": [
                {
                    "old": "Dit mag niet ten koste gaan van bestaande samenwerking.",
                    "new": "Dit mag niet ten koste gaan van de bestaande samenwerking tussen lidstaten.",
                    "score": 0.857,
                    "words": [
                        {"op": "equal", "old": "Dit mag niet ten koste gaan van",
                         "new": "Dit mag niet ten koste gaan van"},
                        {"op": "insert", "old": "", "new": "de"},
                        {"op": "equal", "old": "bestaande", "new": "bestaande"},
                        {"op": "replace", "old": "samenwerking.", "new": "samenwerking tussen lidstaten."},
                    ],
                }
            ],
        },
        "text": [
            {"op": "equal",
             "old": "Het kabinet steunt de oprichting van een klein agentschap. Dit mag niet ten koste gaan van",
             "new": "Het kabinet steunt de oprichting van een klein agentschap. Dit mag niet ten koste gaan van"},
            {"op": "insert", "old": "", "new": "de"},
            {"op": "equal", "old": "bestaande", "new": "bestaande"},
            {"op": "replace", "old": "samenwerking.", "new": "samenwerking tussen lidstaten."},
            {"op": "equal", "old": "Het is onduidelijk wat het agentschap gaat kosten.",
             "new": "Het is onduidelijk wat het agentschap gaat kosten."},
        ],
    }  # fmt: skip
    assert result == versions(
        [unchanged(1), changed, unchanged(3), unchanged(4)],
        summary(actions={"unchanged": 3, "changed": 1}, conditions={"changed": 1}),
    )


def test_action_deleted(tmp_path, monkeypatch):
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), fiche(ONE, TWO, FOUR))
    removed = {
        **unchanged(3),
        "new": None,
        "status": "removed",
        "match": None,
        "score": None,
        "title": {"old": TITLES[3], "new": None},
        "area": {"old": 1, "new": None},
        "stance": {"old": "neutral", "new": None},
    }
    assert result == versions(
        [unchanged(1), unchanged(2), removed, unchanged(4)],
        summary(actions={"new": 3, "matched": 3, "unchanged": 3, "removed": 1}),
    )


def test_actions_reordered_and_renumbered(tmp_path, monkeypatch):
    # actions 3 and 4 change places and take each other's numbers
    new = fiche(ONE, TWO, FOUR.replace("number: 4", "number: 3"), THREE.replace("number: 3", "number: 4"))
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), new)
    four_now_three = {**unchanged(4), "new": 3, "status": "changed", "match": "fuzzy", "renumbered": True}
    three_now_four = {**unchanged(3), "new": 4, "status": "changed", "match": "fuzzy", "renumbered": True}
    assert result == versions(
        [unchanged(1), unchanged(2), four_now_three, three_now_four],
        summary(actions={"unchanged": 2, "changed": 2, "renumbered": 2, "fuzzy": 2}),
    )


def test_deleted_action_with_the_rest_renumbered(tmp_path, monkeypatch):
    new = fiche(ONE, THREE.replace("number: 3", "number: 2"), FOUR.replace("number: 4", "number: 3"))
    pairs = align_actions(*(loaded.fiche for loaded in load_pair(tmp_path, monkeypatch, fiche(*BASE), new)))
    assert [([a.number for a in p.old], p.new.number if p.new else None, p.match) for p in pairs] == [
        ([1], 1, "number"),
        ([2], None, None),
        ([3], 2, "fuzzy"),
        ([4], 3, "fuzzy"),
    ]


def test_rewritten_action_keeps_its_number(tmp_path, monkeypatch):
    rewritten = FOUR.replace("is kritisch over een Europees register", "wijst een Europese databank af")
    pairs = align_actions(
        *(loaded.fiche for loaded in load_pair(tmp_path, monkeypatch, fiche(*BASE), fiche(ONE, TWO, THREE, rewritten)))
    )
    assert [(p.old[0].number, p.new.number if p.new else None, p.match) for p in pairs][-1] == (4, 4, "number")


# --- another proposal: links, suggestions, new and dropped --------------------------------


def test_follow_up_uses_links_then_similarity(tmp_path, monkeypatch):
    old = fiche(*BASE, com="COM(2023) 111")
    new = fiche(
        ONE.replace("number: 1", "number: 10"),
        TWO.replace("number: 2", "number: 11").replace("    stance:", "    continues: [2, 3]\n    stance:"),
        """\
  - number: 12
    area: 1
    title: Iets heel anders
    stance: support
    text: Het kabinet steunt een campagne over de gevaren van synthetische drugs voor jongeren.
""",
        com="COM(2025) 222",
        follows="COM(2023) 111",
    )
    result = diff_json(tmp_path, monkeypatch, old, new)
    assert result["relation"] == "follow-up"
    assert [(a["old"], a["new"], a["status"], a["match"], a["score"]) for a in result["actions"]] == [
        (1, 10, "unchanged", "fuzzy", 1.0),  # another proposal numbers its actions afresh
        (2, 11, "changed", "link", 0.795),
        (None, 12, "added", None, None),
        (4, None, "removed", None, None),
    ]
    assert result["actions"][1]["also_continues"] == [{"number": 3, "title": TITLES[3], "stance": "neutral"}]
    assert result["actions"][1]["stance"] == {"old": "conditional", "new": "conditional"}
    assert result["summary"]["actions"] == {
        "old": 4, "new": 3, "matched": 2, "unchanged": 1, "changed": 1, "added": 1, "removed": 1,
        "renumbered": 0, "linked": 1, "fuzzy": 1,
    }  # fmt: skip
    assert result["warnings"] == []


def test_link_to_a_missing_action_is_a_warning(tmp_path, monkeypatch):
    old = fiche(*BASE, com="COM(2023) 111")
    new = fiche(
        ONE.replace("    stance:", "    continues: [9]\n    stance:"), com="COM(2025) 222", follows="COM(2023) 111"
    )
    result = diff_json(tmp_path, monkeypatch, old, new)
    assert result["warnings"] == ["action 1 continues action 9, but COM(2023) 111 has no action 9"]
    assert result["actions"][0]["status"] == "added"


def test_links_to_another_proposal_are_not_used(tmp_path, monkeypatch):
    old = fiche(*BASE, com="COM(2023) 111")
    new = fiche(
        TWO.replace("    stance:", "    continues: [1]\n    stance:"), com="COM(2025) 222", follows="COM(2024) 5"
    )
    result = diff_json(tmp_path, monkeypatch, old, new)
    assert result["relation"] == "unrelated"
    assert result["warnings"] == [
        "COM(2025) 222 follows COM(2024) 5, not COM(2023) 111: its continues links are not used"
    ]
    assert (result["actions"][0]["old"], result["actions"][0]["match"]) == (2, "fuzzy")


def test_general_data_grounds_and_footnotes(tmp_path, monkeypatch):
    new = (
        fiche(*BASE)
        .replace("received: 2025-12-04", "received: 2025-12-05")
        .replace("competence: {verdict: positive", "competence: {verdict: mixed")
        .replace("bron: Zie de mededeling zelf.", "bron: Zie de mededeling zelf, blz. 3.")
    )
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), new)
    assert result["general"] == [{"field": "general.received", "old": "2025-12-04", "new": "2025-12-05"}]
    assert result["grounds"] == [
        {"field": "grounds.competence", "verdict": {"old": "positive", "new": "mixed"}, "words": []}
    ]
    assert result["footnotes"] == [
        {
            "key": "bron",
            "status": "changed",
            "old": "Zie de mededeling zelf.",
            "new": "Zie de mededeling zelf, blz. 3.",
            "words": [
                {"op": "equal", "old": "Zie de mededeling", "new": "Zie de mededeling"},
                {"op": "replace", "old": "zelf.", "new": "zelf, blz. 3."},
            ],
        }
    ]
    assert result["summary"]["general"] == result["summary"]["grounds"] == result["summary"]["footnotes"] == 1


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c", "a b c", []),
        ("a b c", "a x c", [("equal", "a", "a"), ("replace", "b", "x"), ("equal", "c", "c")]),
        ("", "a b", [("insert", "", "a b")]),
        (
            "a b c d e",
            "a x c y e",
            [
                ("equal", "a", "a"),
                ("replace", "b", "x"),
                ("equal", "c", "c"),
                ("replace", "d", "y"),
                ("equal", "e", "e"),
            ],
        ),
        # a shared word between two longer changes is folded into them, not shown as a match
        ("p q de r s", "w x de y z", [("replace", "p q de r s", "w x de y z")]),
    ],
    ids=["same", "one-word", "all-new", "two-small-changes", "confetti"],
)
def test_word_diff(old, new, expected):
    assert [(o.op, o.old, o.new) for o in word_diff(old.split(), new.split())] == expected


SOME_WORDS = ["de", "het", "van", "kabinet", "steunt", "actie", "niet", "wel"]


@given(st.lists(st.sampled_from(SOME_WORDS), max_size=30), st.lists(st.sampled_from(SOME_WORDS), max_size=30))
def test_word_ops_spell_out_both_texts(old, new):
    ops = word_diff(old, new)
    assert " ".join(o.old for o in ops if o.old).split() == (old if ops else [])
    assert " ".join(o.new for o in ops if o.new).split() == (new if ops else [])
    assert all(o.old == o.new for o in ops if o.op == "equal")
    assert all(not o.old and o.new for o in ops if o.op == "insert")
    assert all(o.old and not o.new for o in ops if o.op == "delete")


def test_marks_matched_by_similarity_not_only_exact_text():
    result = compare_marks(
        ["Het kabinet wil een evaluatie na drie jaar.", "Dit moet goedkoop."],
        ["Het kabinet wil een evaluatie na vijf jaar.", "Geheel nieuw punt over iets anders."],
    )
    assert [(r.old, r.new) for r in result.changed] == [
        ("Het kabinet wil een evaluatie na drie jaar.", "Het kabinet wil een evaluatie na vijf jaar.")
    ]
    assert result.added == ["Geheel nieuw punt over iets anders."]
    assert result.removed == ["Dit moet goedkoop."]


SENTENCES = st.lists(
    st.lists(st.sampled_from(SOME_WORDS), min_size=1, max_size=6).map(lambda words: [*words[:-1], words[-1] + "."]),
    max_size=12,
).map(lambda sentences: [word for sentence in sentences for word in sentence])


@given(SENTENCES, SENTENCES, st.sampled_from([1, 40]))
def test_long_texts_compared_sentences_first_still_spell_out_both_texts(old, new, block):
    """With a small BLOCK these short texts take the way of long ones: sentences first, rapidfuzz for big changes."""
    with mock.patch.object(word_runs, "BLOCK", block):
        ops = word_diff(old, new)
    assert " ".join(o.old for o in ops if o.old).split() == (old if ops else [])
    assert " ".join(o.new for o in ops if o.new).split() == (new if ops else [])
    assert all(o.old == o.new for o in ops if o.op == "equal")
    assert all((a.op == "equal") != (b.op == "equal") for a, b in itertools.pairwise(ops))


def test_a_long_text_with_a_few_changed_sentences_is_compared_in_time():
    """50,000 words, 1 % of the sentences changed: difflib over all the words took 4 s; the target is 1 s."""
    rng = random.Random(14)
    sentences = [
        " ".join(rng.choices(SOME_WORDS + ["drugs", "lidstaten", "Commissie"], k=20)) + "." for _ in range(2500)
    ]
    changed = list(sentences)
    for k in rng.sample(range(len(changed)), 25):
        changed[k] = changed[k].replace(" ", " nieuw ", 1)
    start = time.perf_counter()
    ops = word_diff(" ".join(sentences).split(), " ".join(changed).split())
    assert time.perf_counter() - start < 1.0
    assert [o.op for o in ops].count("insert") == 25 and " ".join(o.new for o in ops if o.op == "insert") == " ".join(
        ["nieuw"] * 25
    )


TOKENS = st.lists(st.lists(st.sampled_from("abc"), max_size=10), max_size=7)


@given(TOKENS, TOKENS, st.sampled_from([diff.RENUMBERED, diff.SIMILAR]), st.booleans(), st.randoms())
def test_blocking_chooses_the_pairs_that_scoring_all_against_all_chooses(old, new, threshold, numbered, rng):
    """Pairs under one number and identical actions settled first give the very pairs of the full matrix."""
    numbers = (rng.sample(range(1, 10), len(old)), rng.sample(range(1, 10), len(new))) if numbered else None
    blocked = diff._pairs_above(old, new, set(range(len(old))), set(range(len(new))), threshold, numbers=numbers)
    expected = []
    if old and new:
        scores = process.cdist(old, new, scorer=fuzz.ratio, dtype=np.float64) / 100.0
        prefer = np.equal.outer(*numbers) if numbers else None
        expected = diff._assign(scores, threshold, prefer=prefer)
    assert sorted(blocked) == sorted(expected)


# --- reports --------------------------------------------------------------------------------


def test_text_report_starts_with_the_summary(tmp_path, monkeypatch):
    new = fiche(ONE.replace("stance: support", "stance: neutral"), TWO, FOUR)
    report = render_report(compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), new)), "text", lang="en")
    assert report.splitlines()[:11] == [
        "--- old.yaml (COM(2025) 999, 4 actions)",
        "+++ new.yaml (COM(2025) 999, 3 actions)",
        "two versions of COM(2025) 999: actions aligned by number, renumbered ones by their words.",
        "",
        "Summary",
        "  actions: 1 changed, 0 added, 1 removed, 2 unchanged",
        "  stances changed: 1",
        "  conditions: 0 added, 0 removed, 0 reworded",
        "  concerns: 0 added, 0 removed, 0 reworded",
        "  also changed: nothing else",
        "",
    ]
    assert "  changed 1: Informatie delen\n    stance: supports → neutral\n" in report
    assert "  removed 3: Opleiding van rechters (neutral)\n" in report
    assert "\x1b[" not in report


def test_text_report_in_colour(tmp_path, monkeypatch):
    new = fiche(ONE.replace("stance: support", "stance: neutral"), TWO, THREE, FOUR)
    report = render_report(compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), new)), "text", color=True)
    assert "\x1b[" in report
    assert "Informatie delen" in report


def test_html_report_is_self_contained(tmp_path, monkeypatch):
    new = fiche(ONE.replace("stance: support", "stance: neutral"), TWO.replace("klein", "<klein>"), THREE, FOUR)
    page = render_report(compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), new)), "html", lang="en")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"(src|href)=|https?://|@import|<script", page)
    assert '<span class="stance support">supports</span> → <span class="stance neutral">neutral</span>' in page
    assert "<ins>&lt;klein&gt;</ins>" in page
    assert '<table class="side">' in page


def test_markdown_report_has_a_stance_table(tmp_path, monkeypatch):
    new = fiche(ONE.replace("stance: support", "stance: neutral"), TWO, THREE, FOUR)
    md = render_report(compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), new)), "md", lang="en")
    assert "| 1 | 1 | Informatie delen | supports → **neutral** | changed |" in md
    assert "| 2 | 2 | Een nieuw agentschap | supports under conditions | unchanged |" in md


def every_section_changed() -> str:
    return (
        fiche(ONE.replace("stance: support", "stance: neutral"), TWO, THREE, FOUR)
        .replace("received: 2025-12-04", "received: 2025-12-05")
        .replace("vier acties", "vijf acties")
        .replace("title: Samenwerking", "title: Nauwe samenwerking")
        .replace("competence: {verdict: positive", "competence: {verdict: mixed")
        .replace("bron: Zie de mededeling zelf.", "bron: Zie de mededeling zelf, blz. 3.")
    )


@pytest.mark.parametrize(
    ("fmt", "heading"),
    [("text", "\n{}\n"), ("md", "\n## {}\n"), ("html", "\n<h2>{}</h2>")],
    ids=["text", "md", "html"],
)
def test_every_format_shows_the_sections_in_one_order(tmp_path, monkeypatch, fmt, heading):
    report = render_report(
        compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), every_section_changed())), fmt, lang="en"
    )
    names = ["General data", "Texts", "Areas", "Actions", "Section 4", "Footnotes"]
    places = [report.find(heading.format(name)) for name in names]
    assert -1 not in places and places == sorted(places), dict(zip(names, places, strict=True))


def test_json_lists_the_sections_in_the_same_order(tmp_path, monkeypatch):
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), every_section_changed())
    assert list(result) == [
        "format", "old", "new", "relation", "summary",
        "general", "texts", "areas", "actions", "grounds", "footnotes", "warnings",
    ]  # fmt: skip
    assert [len(result[key]) for key in ("general", "texts", "areas", "grounds", "footnotes")] == [1, 1, 1, 1, 1]
    assert [a["status"] for a in result["actions"]] == ["changed", "unchanged", "unchanged", "unchanged"]


def test_cli_starts_without_loading_the_comparison_or_the_model():
    """The CLI reads the report formats and the kinds when it starts: it must load neither comparing nor the model."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, fichebuilder.cli; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [m for m in loaded if m.split(".")[0] in ("numpy", "rapidfuzz", "rich", "markdown_it", "msgspec")] == []
    assert "fichebuilder.compare.report" in loaded


# --- the example pair ---------------------------------------------------------------------

EXAMPLE_OLD = POSITIONS / "com-2023-641.yaml"
EXAMPLE_NEW = POSITIONS / "com-2025-744.yaml"


@pytest.mark.skipif(not (EXAMPLE_OLD.exists() and EXAMPLE_NEW.exists()), reason="the example pair is not there yet")
def test_example_pair_json_agrees_with_text(run_cli):
    text = run_cli("diff", "--lang", "en", EXAMPLE_OLD, EXAMPLE_NEW)
    as_json = run_cli("diff", "--format", "json", EXAMPLE_OLD, EXAMPLE_NEW)
    assert (text.exit_code, as_json.exit_code) == (1, 1), text.stderr + as_json.stderr
    data = json.loads(as_json.stdout)
    actions = data["summary"]["actions"]
    statuses = [a["status"] for a in data["actions"]]
    assert actions["matched"] == statuses.count("changed") + statuses.count("unchanged")
    assert actions["added"] == statuses.count("added") and actions["removed"] == statuses.count("removed")
    assert (
        f"  actions: {actions['matched']} continued ({actions['linked']} linked, {actions['fuzzy']} suggested by "
        f"similarity), {actions['added']} new, {actions['removed']} dropped\n"
    ) in text.stdout
    assert text.stdout.count("\n  continued ") == actions["matched"]
    assert text.stdout.count("\n  new ") == actions["added"]
    assert text.stdout.count("\n  dropped ") == actions["removed"]
    assert f"  stances changed: {data['summary']['stances_changed']}\n" in text.stdout
    assert (actions["old"], actions["new"]) == (17, 19)


@pytest.mark.skipif(not EXAMPLE_NEW.exists(), reason="the example is not there yet")
def test_example_follows_the_roadmap_with_continued_new_and_dropped_actions():
    data = diff_to_json(compare_fiches(load_position(EXAMPLE_OLD), load_position(EXAMPLE_NEW)))
    if data["relation"] != "follow-up":
        pytest.skip("com-2025-744.yaml does not name COM(2023) 641 in follows: yet")
    actions = data["summary"]["actions"]
    assert actions["matched"] > 0 and actions["added"] > 0 and actions["removed"] > 0
    assert actions["linked"] > 0
    assert data["warnings"] == []


# --- the command ----------------------------------------------------------------------------


def test_cli_exit_status_is_that_of_diff(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE), "b.yaml": fiche(*BASE), "c.yaml": fiche(ONE, TWO, THREE)})
    monkeypatch.chdir(tmp_path)
    assert run_cli("diff", "a.yaml", "b.yaml").exit_code == 0
    assert run_cli("diff", "a.yaml", "c.yaml").exit_code == 1


def test_cli_colours_only_when_asked_or_on_a_terminal(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE), "b.yaml": fiche(ONE, TWO, THREE)})
    monkeypatch.chdir(tmp_path)
    assert "\x1b[" not in run_cli("diff", "a.yaml", "b.yaml").stdout  # not a terminal
    assert "\x1b[" in run_cli("diff", "--color", "a.yaml", "b.yaml").stdout


def test_cli_bad_position_file_exits_2(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE), "b.yaml": fiche(ONE.replace("support", "suport"))})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "a.yaml", "b.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: b.yaml:33:13: actions[0].stance: 'suport' is not one of support, conditional, neutral, "
        "critical, oppose, unknown (did you mean 'support'?)\n"
    )


def test_cli_missing_file_exits_2(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE)})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "a.yaml", "nothere.yaml")
    assert (result.exit_code, result.stderr) == (2, "Error: nothere.yaml: no such file\n")


def test_cli_docx_needs_an_output_file(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE)})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "--format", "docx", "a.yaml", "a.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Error: --format docx writes a Word document: name it with -o FILE.docx\n"


@pytest.mark.parametrize("fmt", list(REPORT_FORMATS))
def test_cli_writes_the_report_to_a_file(tmp_path, run_cli, monkeypatch, fmt):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE), "b.yaml": fiche(ONE, TWO, THREE)})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "--format", fmt, "-o", f"out.{fmt}", "a.yaml", "b.yaml")
    assert (result.exit_code, result.stdout) == (1, f"wrote out.{fmt}\n")
    written = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    compare = compare_fiches(load_position("a.yaml"), load_position("b.yaml"))
    assert written == render_report(compare, fmt)


def test_cli_will_not_write_over_a_position_file(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"a.yaml": fiche(*BASE)})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "-o", "a.yaml", "a.yaml", "a.yaml")
    assert (result.exit_code, result.stderr) == (2, "Error: a.yaml: will not write a document over a .yaml file\n")
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == fiche(*BASE)


def test_cli_warnings_go_to_standard_error(tmp_path, run_cli, monkeypatch):
    old = fiche(*BASE, com="COM(2023) 111")
    new = fiche(
        ONE.replace("    stance:", "    continues: [9]\n    stance:"), com="COM(2025) 222", follows="COM(2023) 111"
    )
    write_tree(tmp_path, {"a.yaml": old, "b.yaml": new})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "--format", "json", "a.yaml", "b.yaml")
    assert result.stderr == (
        "Warning: b.yaml:34:16: actions[0].continues: action 1 continues action 9, but COM(2023) 111 has no action 9\n"
    )
    assert json.loads(result.stdout)["warnings"] == ["action 1 continues action 9, but COM(2023) 111 has no action 9"]


def test_cli_docx_redline(tmp_path, run_cli, monkeypatch):
    pytest.importorskip("fichebuilder.compare.redline")
    from fichebuilder.ooxml.reading import read_docx

    write_tree(tmp_path, {"a.yaml": fiche(*BASE), "b.yaml": fiche(ONE.replace("stance: support", "stance: neutral"))})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "--format", "docx", "-o", "redline.docx", "a.yaml", "b.yaml")
    assert (result.exit_code, result.stdout) == (1, "wrote redline.docx\n"), result.stderr
    assert read_docx(tmp_path / "redline.docx").paragraphs


# --- fiches on several proposals ----------------------------------------------------------


def on_two_proposals(text: str, *, second_title: str = "MEDEDELING over een tweede proefvoorstel") -> str:
    """The fiche ``text`` on COM(2025) 999 and a second proposal, COM(2025) 1000."""
    assert SINGLE_PROPOSAL in text
    return text.replace(
        SINGLE_PROPOSAL,
        "  proposals:\n"
        "    - title: MEDEDELING VAN DE COMMISSIE over een proefvoorstel\n"
        "      com_number: COM(2025) 999\n"
        "      eurlex:\n"
        "        url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999\n"
        "        label: EUR-Lex - 52025DC0999 - NL - EUR-Lex\n"
        f"    - title: {second_title}\n"
        "      com_number: COM(2025) 1000\n"
        "      eurlex: {url: 'https://eur-lex.europa.eu/1000'}\n"
        "  received: 2025-12-04\n",
    )


def test_a_changed_title_of_the_second_proposal(tmp_path, monkeypatch):
    old = on_two_proposals(fiche(*BASE))
    new = on_two_proposals(fiche(*BASE), second_title="MEDEDELING over een derde proefvoorstel")
    result = diff_json(tmp_path, monkeypatch, old, new)
    assert result["relation"] == "versions"
    assert result["old"]["com_number"] == "COM(2025) 999, COM(2025) 1000"
    assert result["general"] == [
        {
            "field": "general.proposals[1].title",
            "old": "MEDEDELING over een tweede proefvoorstel",
            "new": "MEDEDELING over een derde proefvoorstel",
        }
    ]


def test_a_proposal_added_to_a_single_proposal_fiche(tmp_path, monkeypatch):
    result = diff_json(tmp_path, monkeypatch, fiche(*BASE), on_two_proposals(fiche(*BASE)))
    assert result["relation"] == "versions"  # they share COM(2025) 999
    assert result["general"] == [
        {"field": "general.proposals[1].title", "old": None, "new": "MEDEDELING over een tweede proefvoorstel"},
        {"field": "general.proposals[1].com_number", "old": None, "new": "COM(2025) 1000"},
        {"field": "general.proposals[1].eurlex.url", "old": None, "new": "https://eur-lex.europa.eu/1000"},
    ]
    assert [a["status"] for a in result["actions"]] == ["unchanged"] * 4


def test_fiche_diff_of_the_same_fiche_on_two_proposals_finds_nothing(run_cli, tmp_path):
    write_tree(tmp_path, {"a.yaml": on_two_proposals(fiche(*BASE)), "b.yaml": on_two_proposals(fiche(*BASE))})
    result = run_cli("diff", tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert result.exit_code == 0, result.stderr


# --- the report's language ------------------------------------------------------------------


@pytest.mark.skipif(not EXAMPLE_NEW.exists(), reason="the example is not there yet")
def test_example_report_is_dutch_by_default_and_english_on_request(run_cli):
    page = run_cli("diff", "--format", "html", EXAMPLE_OLD, EXAMPLE_NEW).stdout
    text = run_cli("diff", EXAMPLE_OLD, EXAMPLE_NEW).stdout
    english = run_cli("diff", "--format", "html", "--lang", "en", EXAMPLE_OLD, EXAMPLE_NEW).stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    for words in ("<h2>Samenvatting</h2>", "<h2>Standpunten</h2>", "<h2>Voetnoten</h2>", "voortgezet", "vervallen"):
        assert words in page, words
    assert "<tr><th>oud</th><th>nieuw</th></tr>" in page
    assert ">steunt onder voorwaarden</span>" in page and ">steunt</span>" in page
    assert "voorwaarde toegevoegd: " in page
    for words in ("Samenvatting", "standpunten gewijzigd:", "voortgezet", "\n    + voorwaarde: "):
        assert words in text, words
    for english_words in ("Summary", "continued", "condition added", ">conditional<", ">critical<"):
        assert english_words not in page and english_words not in text, english_words
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    for words in ("<h2>Summary</h2>", "<tr><th>old</th><th>new</th></tr>", ">supports under conditions</span>"):
        assert words in english, words
    assert "Samenvatting" not in english and "steunt onder voorwaarden" not in english


@pytest.mark.skipif(not EXAMPLE_NEW.exists(), reason="the example is not there yet")
@pytest.mark.parametrize(
    ("lang", "fields", "verdict"),
    [
        (
            "nl",
            ["Bevoegdheid (grounds.competence)", "Essentie voorstel (essence)",
             "Datum ontvangst Commissiedocument (general.received)"],
            "oordeel: (geen) → positief",
        ),
        (
            "en",
            ["Competence (grounds.competence)", "Essence of the proposal (essence)",
             "Date of receipt of the Commission document (general.received)"],
            "verdict: (none) → positive",
        ),
    ],
)  # fmt: skip
def test_fields_are_named_by_the_fiche_s_headings_and_verdicts_in_words(run_cli, lang, fields, verdict):
    for fmt in ("text", "md", "html"):
        report = run_cli("diff", "--format", fmt, "--lang", lang, EXAMPLE_OLD, EXAMPLE_NEW).stdout
        report = re.sub(r"</?(?:del|ins)>", "", report) if fmt != "text" else report
        assert [field for field in fields if field not in report] == [], fmt
        assert verdict in report, fmt
        assert "positive → " not in report.replace("(none) → positive", ""), fmt


@pytest.mark.skipif(not EXAMPLE_NEW.exists(), reason="the example is not there yet")
def test_example_json_has_codes_in_any_language(run_cli):
    dutch = run_cli("diff", "--format", "json", EXAMPLE_OLD, EXAMPLE_NEW).stdout
    english = run_cli("diff", "--format", "json", "--lang", "en", EXAMPLE_OLD, EXAMPLE_NEW).stdout
    assert dutch == english
    data = json.loads(dutch)
    assert {a["status"] for a in data["actions"]} <= {"changed", "unchanged", "added", "removed"}
    assert "conditional" in {a["stance"]["new"] for a in data["actions"]}


def test_html_marks_insertions_and_deletions_without_colour(tmp_path, monkeypatch):
    new = fiche(ONE, TWO.replace("klein", "groot"), THREE, FOUR)
    page = render_report(compare_fiches(*load_pair(tmp_path, monkeypatch, fiche(*BASE), new)), "html")
    # the style sheet strikes deletions through and underlines insertions, whatever the colours
    assert re.search(r"\bdel \{[^}]*text-decoration: line-through", page)
    assert re.search(r"\bins \{[^}]*text-decoration: underline", page)
    assert "<del>klein</del>" in page and "<ins>groot</ins>" in page
    assert '<p class="legend">Legenda: <ins>ingevoegde woorden</ins> zijn onderstreept' in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_report_word_is_in_the_catalogue(lang):
    say = load_wording(lang)
    for key in ("headings.general", "status.dropped", "marks.reworded", "counts.follow_up", "legend", "old", "new"):
        assert say(key, kind="k", score="0.5", matched=1, linked=1, fuzzy=0, added=0, removed=0)
    assert say.stance("critical") == {"nl": "heeft zorgen", "en": "has concerns"}[lang]
