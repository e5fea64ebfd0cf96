"""Word-by-word comparison of a built fiche with a published fiche's text.

The project's own version of the check drafters use: both sides normalised the
same way (Unicode NFC, white space folded), compared as word sequences.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fichebuilder.ooxml.reading import read_docx


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


@dataclass
class Fidelity:
    body: float
    notes_found: list[bool]
    missing: list[str]


def compare(docx: Path, body: Path, notes: Path) -> Fidelity:
    """Body similarity and, per reference footnote, whether a native footnote carries it."""
    built = read_docx(docx)
    ref = words(body.read_text(encoding="utf-8"))
    got = words(built.text)
    matcher = difflib.SequenceMatcher(None, ref, got, autojunk=False)
    missing = []
    pos = 0
    for block in matcher.get_matching_blocks():
        if block.a > pos:
            missing.append(" ".join(ref[pos : block.a]))
        pos = block.a + block.size
    found = []
    for line in notes.read_text(encoding="utf-8").splitlines():
        number, _, text = line.partition(" ")
        if not number.isdigit():
            continue
        want = " ".join(words(text))
        best = max(
            (difflib.SequenceMatcher(None, want, " ".join(words(n))).ratio() for n in built.footnotes), default=0
        )
        found.append(best >= 0.9)
    return Fidelity(matcher.ratio(), found, sorted(missing, key=len, reverse=True))
