"""The published look, measured as it was measured on a published fiche: in a PDF, with pdfplumber.

The figures are those of the ministry's own PDF of a published fiche (Verdana embedded): body
text 16.4 pt from line to line, 32.9 pt from a block's last line to the next block's first (one
empty line), and the text of a numbered or lettered heading 18 pt from the left margin, after a
tab. LibreOffice sets the example in whatever font stands in for Verdana on this machine; the
exact line spacing and the tab stop must give the same figures in any font.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from fichebuilder.writers.building import build_fiche
from tests.conftest import POSITIONS, docx_to_pdf

LEFT_MARGIN = 70.8  # 2.5 cm
LINE_PITCH = 16.4
BLOCK_PITCH = 32.9
HEADING_TEXT = 18.0
TOLERANCE = 0.5

_NUMBERED = re.compile(r"^(\d{1,2}\.|[a-j]\))$")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("look")
    [built] = build_fiche(POSITIONS / "com-2025-744.yaml", output=folder / "com-2025-744.docx")
    return built.path


def _lines(pdf: Path) -> list[list[dict]]:
    """Per page, its lines of 9 pt text (body and headings; footnotes are 8 pt), top to bottom."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines = [
                line for line in page.extract_text_lines(return_chars=True) if round(line["chars"][0]["size"], 1) == 9.0
            ]
            pages.append(sorted(lines, key=lambda line: line["top"]))
    return pages


def _pitches(pages: list[list[dict]]) -> Counter[float]:
    """How often each distance from one 9 pt line to the next on its page occurs (to 0.1 pt)."""
    return Counter(round(b["top"] - a["top"], 1) for lines in pages for a, b in itertools.pairwise(lines))


def _heading_text_offsets(pdf: Path) -> dict[str, float]:
    """Per numbered or lettered heading ("1.", "a)" …), where its text starts, from the left margin."""
    offsets: dict[str, float] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"])
            for first, second in itertools.pairwise(words):
                styled = "Bold" in first["fontname"] or "Oblique" in first["fontname"] or "Italic" in first["fontname"]
                same_line = abs(first["top"] - second["top"]) < 1
                at_margin = abs(first["x0"] - LEFT_MARGIN) < 2
                if styled and same_line and at_margin and _NUMBERED.match(first["text"]):
                    offsets[f"p{number} {first['text']} {second['text']}"] = second["x0"] - LEFT_MARGIN
    return offsets


def test_body_text_has_the_published_line_pitch(example, soffice, tmp_path):
    pdf = docx_to_pdf(soffice, example, tmp_path)
    pitches = _pitches(_lines(pdf))
    line_pitch = pitches.most_common(1)[0][0]
    assert line_pitch == pytest.approx(LINE_PITCH, abs=TOLERANCE)
    # one empty line between blocks: the commonest distance of more than a line and a half
    block_pitch = Counter({p: n for p, n in pitches.items() if p > 1.5 * line_pitch}).most_common(1)[0][0]
    assert block_pitch == pytest.approx(BLOCK_PITCH, abs=TOLERANCE)


def test_heading_text_stands_18_pt_from_the_margin(example, soffice, tmp_path):
    pdf = docx_to_pdf(soffice, example, tmp_path)
    offsets = _heading_text_offsets(pdf)
    # the communication's 4 sections and 15 lettered sub-items
    assert len(offsets) == 19, sorted(offsets)
    assert {where: x for where, x in offsets.items() if abs(x - HEADING_TEXT) > TOLERANCE} == {}
