"""What the readers of paged formats (PDF, plain text) do alike with a page's furniture and foot.

Both read a fiche page by page: a page number in the margin is dropped; a running
header or footer, a line that stands at the same edge of most pages, is taken out
and kept once as unplaced text; the footnotes at a page's foot are gathered per
number ("1 text", continued on the lines after it) and kept with where they stood.
How a reader finds a line's text, its margin and the start of the foot is its own
(positions and type sizes in a PDF, blank lines in text); what it does with them is here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from fichebuilder.readers.blocks import Note, SourceDocument, clean, join_lines

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–]\s*)?\d{1,4}(?:\s*[-–])?\s*$|^\s*(?:pagina|page|blz\.?)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?\s*$"
    r"|^\s*\d{1,4}\s*(?:/|van)\s*\d{1,4}\s*$",
    re.IGNORECASE,
)

L = TypeVar("L")  # a line, as the reader keeps it


@dataclass
class FootNote:
    """A footnote as found at a page's foot: its number, its lines, where it stood, and its id
    ("n1", "n2" … in the order the notes were met: numbers start again in each fiche of a batch)."""

    number: str
    lines: list[str]
    where: str
    id: str = ""


@dataclass
class NoteNumbers:
    """The footnote numbers a paged reader meets: the number it looks for next, and an id per note.

    Notes are numbered on from page to page; in a batch (a letter followed by fiches) each
    fiche's notes start again at 1, so once a new fiche's title has been seen a 1 is taken too.
    """

    expected: int = 1
    count: int = 0
    restart: bool = False  # a new fiche began since the last note: its notes may start again at 1

    def accepts(self, number: int) -> bool:
        return number == self.expected or (self.restart and number == 1)

    def take(self, number: int) -> str:
        """The id of note ``number``, now met; the next one expected is the number after it."""
        self.count += 1
        self.expected = number + 1
        self.restart = False
        return f"n{self.count}"

    def see_title(self, line: str) -> None:
        """A line of running text: a new fiche's title ("Fiche: …") lets its notes start again at 1."""
        if TITLE_LINE.match(line) and self.count:
            self.restart = True


TITLE_LINE = re.compile(r"^\s*Fiche(?:\s+\d+)?\s*:")


@dataclass
class Page(Generic[L]):
    """A page of a paged source: its lines (as the reader keeps them) and the notes at its foot."""

    number: int
    lines: list[L]
    notes: list[FootNote] = field(default_factory=list)


P = TypeVar("P", bound="Page[Any]")


def drop_page_furniture(
    pages: Sequence[P],
    document: SourceDocument,
    *,
    text: Callable[[Any], str],
    number_in_margin: Callable[[P, int], bool],
    at_edge: Callable[[P, Any, int], bool],
) -> None:
    """Page numbers are dropped; a header or footer on most pages is taken out and kept once, unplaced.

    ``text(line)`` is a line's text, ``number_in_margin(page, index)`` whether a line
    stands where a page number would, ``at_edge(page, line, edge)`` whether a page's first
    (edge 0) or last (edge -1) line stands where a header or footer would.
    """
    for page in pages:
        page.lines = [
            line
            for i, line in enumerate(page.lines)
            if not (PAGE_NUMBER.match(text(line)) and number_in_margin(page, i))
        ]
        while page.lines and not text(page.lines[-1]).strip():
            page.lines.pop()  # the blank line that stood above the page number
    _take_running_text(pages, document, text, at_edge)


def _take_running_text(
    pages: Sequence[P], document: SourceDocument, text: Callable[[Any], str], in_margin: Callable[[P, Any, int], bool]
) -> None:
    """A header or footer on most pages (its numbers aside) is taken out, and kept once as unplaced text."""
    if len(pages) < 3:
        return
    for edge in (0, -1):
        seen: dict[str, list[P]] = {}
        for page in pages:
            if page.lines and in_margin(page, page.lines[edge], edge):
                seen.setdefault(_furniture_key(text(page.lines[edge])), []).append(page)
        for key, found in seen.items():
            if key and len(found) >= max(3, len(pages) // 2):
                kept = text(found[0].lines[edge]).strip()
                for page in found:
                    page.lines.pop(edge)
                where = "top" if edge == 0 else "foot"
                document.unplaced.append(
                    (kept, f"the running text at the {where} of pages {found[0].number}–{found[-1].number}")
                )


def _furniture_key(line: str) -> str:
    """What a running header or footer has alike on every page: its words, its numbers aside."""
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def add_foot_line(
    page: Page[L],
    line: str,
    *,
    note: tuple[str, str] | None,
    numbers: NoteNumbers,
    where: str,
    document: SourceDocument,
) -> None:
    """A line of a page's foot: the start of the footnote ``numbers`` expects (``note`` is the
    number the line starts with and the text after it), else the continuation of the note
    before it, else unplaced text."""
    if note is not None and numbers.accepts(int(note[0])):
        page.notes.append(FootNote(note[0], [note[1]], where, numbers.take(int(note[0]))))
    elif page.notes:
        page.notes[-1].lines.append(line)
    else:
        document.unplaced.append((line, where))


def keep_notes(pages: Sequence[Page[Any]], document: SourceDocument, words: set[str]) -> None:
    """The footnotes of every page into the document, by id ("n1"), their lines joined."""
    for page in pages:
        for note in page.notes:
            where = f"{note.where}, footnote {note.number}"
            document.notes[note.id] = Note(clean(join_lines(note.lines, words)), where)


def ends_paragraph(last: str, first: str) -> bool:
    """Across a page break: whether the last line of a page ended its paragraph, given the next page's first."""
    return bool(re.search(r"[.!?:][)’”\"]*\s*$", last)) and first.strip()[:1].isupper()
