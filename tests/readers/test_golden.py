"""Golden tests: the blocks each reader yields for a few small fiches, against committed dumps.

A change to a reader shows as a readable diff of ``tests/readers/golden/*.txt``. After a
change that is meant, rewrite the dumps and read the diff before committing it:

    FICHE_UPDATE_GOLDEN=1 python -m pytest -q tests/readers/test_golden.py
    git diff tests/readers/golden/

The inputs are committed, so that only a reader's change moves a dump (not a change of
the writer, python-docx or LibreOffice):

- ``data/golden.yaml``: a small communication's fiche with a list, emphasis, a link and
  footnotes; ``data/golden.docx`` and ``data/golden.pdf`` are its build, made with
  ``fiche build tests/readers/data/golden.yaml -o tests/readers/data/golden.docx --pdf``
  (the PDF through LibreOffice);
- ``data/golden.txt``: a legislative fiche typed as a PDF's text: three pages apart by
  form feeds, a running header, page numbers, footnotes at the page foot and a link's
  address printed there;
- ``tests/data/fiche-com-2025-744.pdftext.txt``: the text of the published fiche's PDF;
- a hand-made Word fiche, written with python-docx (``handmade.py``): section 1 as a
  table, Word's own list numbering, headings by style;
- ``tests/data/kamerstuk-22112-3791-opening.txt``: the opening of a published batch, the
  minister's letter and the start of a fiche, with bullets before section 1's letters;
- ``data/kst-22112-3791.html``: the same as the official publications site marks up a
  Kamerstuk (classes ``stuk``, ``stuktitel``, ``expliciet``, ``nootnum``, ``noot``), inside
  the site's navigation, with one footnote added.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fichebuilder.readers.blocks import EM, LINK_CLOSE, LINK_MID, LINK_OPEN, NOTE_CLOSE, NOTE_OPEN, STRONG, Block
from fichebuilder.readers.reading import read_source
from tests.conftest import DATA
from tests.readers.handmade import hand_made_docx

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
INPUTS = HERE / "data"
UPDATE = os.environ.get("FICHE_UPDATE_GOLDEN") == "1"

# the stand-ins of an inline text, shown as the Markdown they become
_SHOWN = str.maketrans({NOTE_OPEN: "[^", NOTE_CLOSE: "]", LINK_OPEN: "[", LINK_MID: "](", LINK_CLOSE: ")", EM: "*"})


def _inline(text: str) -> str:
    return text.replace(STRONG, "**").translate(_SHOWN)


def _block_line(block: Block) -> str:
    heading = block.heading
    if heading is not None:
        what = f"heading {heading.level} {heading.number or '-'} {heading.key}"
    elif block.kind == "item":
        what = f"item {block.marker}"
    else:
        what = block.kind
    return f"{block.where:<14} {what:<36} | {_inline(block.text)}"


def dump(path: Path) -> str:
    """What a reader makes of a source, one line per block, footnote, link or unplaced text."""
    document = read_source(path)
    lines = [f"format: {document.format}", "", "blocks:"]
    lines += [_block_line(block) for block in document.blocks]
    lines += ["", "notes:"]
    lines += [f"{note_id:<5} {note.where:<18} | {_inline(note.text)}" for note_id, note in document.notes.items()]
    lines += ["", "links:"]
    lines += [f"{where:<14} | {url}" for url, where in document.links]
    lines += ["", "unplaced:"]
    lines += [f"{where} | {_inline(text)}" for text, where in document.unplaced]
    return "\n".join(line.rstrip() for line in lines) + "\n"


SOURCES = {
    "golden-docx": lambda folder: INPUTS / "golden.docx",
    "golden-pdf": lambda folder: INPUTS / "golden.pdf",
    "golden-text": lambda folder: INPUTS / "golden.txt",
    "published-text": lambda folder: DATA / "fiche-com-2025-744.pdftext.txt",
    "hand-made-docx": hand_made_docx,
    "publication-text": lambda folder: DATA / "kamerstuk-22112-3791-opening.txt",
    "publication-html": lambda folder: INPUTS / "kst-22112-3791.html",
}


@pytest.mark.parametrize("name", list(SOURCES), ids=list(SOURCES))
def test_a_reader_yields_the_blocks_of_its_golden_dump(name, tmp_path):
    found = dump(SOURCES[name](tmp_path))
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(found, encoding="utf-8")
    assert golden.is_file(), f"no dump yet: run with FICHE_UPDATE_GOLDEN=1 to write {golden.name}"
    assert found == golden.read_text(encoding="utf-8")
