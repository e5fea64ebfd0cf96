"""The diff report as a reviewer sees it: the HTML opened in a headless Chromium, on screen
and in its print view (a PDF Chromium prints, read back with pdfplumber)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import DATA, POSITIONS, write_tree

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def report_pdf(chromium, run_cli, tmp_path: Path, old: Path, new: Path, *args: str) -> Path:
    page = tmp_path / "report.html"
    result = run_cli("diff", old, new, "--format", "html", "-o", page, *args)
    assert result.exit_code == 1, result.stderr  # 1: the fiches differ, as diff(1) says
    return chromium.print_pdf(page, tmp_path / "report.pdf")


def printed_text(pdf_path: Path) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.mark.parametrize(
    ("args", "present", "absent"),
    [
        (
            (),
            ["Samenvatting", "Standpunten", "oud nieuw titel standpunt status", "steunt onder voorwaarden",
             "Legenda: ingevoegde woorden zijn onderstreept", "voorwaarde", "Voetnoten"],
            ["Summary", "changed", "condition removed", "conditional"],
        ),
        (
            ("--lang", "en"),
            ["Summary", "Stances", "supports under conditions", "Footnotes"],
            ["Samenvatting", "Standpunten", "steunt onder voorwaarden"],
        ),
    ],
    ids=["dutch", "english"],
)  # fmt: skip
def test_the_printed_report_of_the_examples_is_in_the_reviewer_s_language(
    chromium, run_cli, tmp_path, args, present, absent
):
    old, new = POSITIONS / "com-2023-641.yaml", POSITIONS / "com-2025-744.yaml"
    text = printed_text(report_pdf(chromium, run_cli, tmp_path, old, new, *args))
    assert [words for words in present if words not in text] == []
    assert [words for words in absent if f" {words} " in f" {text} "] == []


def decoration(page, word: dict) -> str | None:
    """How a word is marked on the page: 'through' a line across its middle (struck through),
    'under' a line at its foot (underlined), in the word's own colour; None when neither."""
    colour = word["non_stroking_color"]
    for rect in page.rects:
        if rect["height"] > 2 or rect["x0"] > word["x0"] + 1 or rect["x1"] < word["x1"] - 1:
            continue
        if rect["non_stroking_color"] != colour:
            continue
        middle = (rect["top"] + rect["bottom"]) / 2
        height = word["bottom"] - word["top"]
        if word["top"] + 0.3 * height < middle < word["top"] + 0.7 * height:
            return "through"
        if word["top"] + 0.8 * height < middle < word["bottom"] + 0.3 * height:
            return "under"
    return None


def test_insertions_and_deletions_are_told_apart_in_print_without_colour(chromium, run_cli, tmp_path):
    new = MINIMAL.replace("Het kabinet voert een breed beleid.", "Het kabinet voert een smal beleid.")
    assert new != MINIMAL
    write_tree(tmp_path, {"old.yaml": MINIMAL, "new.yaml": new})
    pdf_path = report_pdf(chromium, run_cli, tmp_path, tmp_path / "old.yaml", tmp_path / "new.yaml")
    with pdfplumber.open(pdf_path) as pdf:
        marks = {}
        for page in pdf.pages:
            for word in page.extract_words(extra_attrs=["non_stroking_color"]):
                if word["text"] in ("breed", "smal", "beleid."):
                    marks.setdefault(word["text"], set()).add(decoration(page, word))
    assert marks == {"breed": {"through"}, "smal": {"under"}, "beleid.": {None}}
