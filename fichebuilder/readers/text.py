"""Reading a fiche from plain text, such as the text a PDF reader gives of a published fiche.

Such text keeps the pages: a page break is a form feed or two empty lines in a row,
a paragraph ends at a blank line, and each page's footnotes stand at its foot as
"N text" lines (continuing on the lines after) with their marks glued to words in
the running text ("drugsstrategie1", "2025,4"). A footnote is taken as one only
when its mark is found on the same page, so a paragraph that happens to start with
a number stays text. Page numbers are dropped; a running header is kept once, as
unplaced text; a URL printed alone at a page foot (a link's address) is kept as a
link.
"""

from __future__ import annotations

import re
from pathlib import Path

from fichebuilder.errors import SourceError
from fichebuilder.readers.blocks import (
    Line,
    SourceDocument,
    blocks_from_lines,
    clean,
    glued_mark,
    note_ref,
    vocabulary,
)
from fichebuilder.readers.pages import Page, add_foot_line, drop_page_furniture, ends_paragraph, keep_notes

_NOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_URL_LINE = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")

_Page = Page[tuple[int, str]]  # a page's lines: (line number in the file, text)


def decode(data: bytes, path: Path) -> str:
    """The text of a file: UTF-8 (with or without BOM), else Windows-1252; never binary."""
    if b"\x00" in data[:4096]:
        raise SourceError("is not a text file (it holds binary data); import a .docx, .pdf or .txt", file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path, data: bytes) -> SourceDocument:
    """A plain-text fiche as blocks and footnotes."""
    text = decode(data, path)
    if not text.strip():
        raise SourceError("is empty: there is no text to import", file=path)
    document = SourceDocument(path=path, format="text")
    pages = _pages(text)
    words = vocabulary(text.splitlines())
    _drop_page_furniture(pages, document)
    next_note = 1
    lines: list[Line] = []
    previous_last = ""
    for page in pages:
        next_note = _split_foot(page, next_note, document)
        _mark_notes(page)
        blank = True
        for index, (number, content) in enumerate(page.lines):
            if not content.strip():
                blank = True
                continue
            starts = blank
            if index == 0 or not any(c.strip() for _, c in page.lines[:index]):
                # the first line of a page continues the last one's paragraph unless that one ended
                starts = not lines or ends_paragraph(previous_last, content)
            lines.append(Line(clean(content.strip()), f"line {number}", starts_paragraph=starts))
            blank = False
            previous_last = content
    keep_notes(pages, document, words)
    document.blocks = blocks_from_lines(lines)
    return document


def _pages(text: str) -> list[_Page]:
    pages: list[_Page] = []
    current: list[tuple[int, str]] = []
    empty_run = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                pages.append(Page(len(pages) + 1, current))
                current, empty_run = [], 0
            if part == "":
                empty_run += 1
                if empty_run == 2 and any(c.strip() for _, c in current):
                    pages.append(Page(len(pages) + 1, current))
                    current = []
                continue
            if empty_run == 1:
                current.append((number - 1, ""))
            empty_run = 0
            current.append((number, part.rstrip()))
    pages.append(Page(len(pages) + 1, current))
    for page in pages:
        while page.lines and not page.lines[-1][1].strip():
            page.lines.pop()
        while page.lines and not page.lines[0][1].strip():
            page.lines.pop(0)
    return [page for page in pages if page.lines]


def _drop_page_furniture(pages: list[_Page], document: SourceDocument) -> None:
    """Take out page numbers (dropped) and running headers and footers (kept once, unplaced)."""
    drop_page_furniture(
        pages,
        document,
        text=lambda line: line[1],
        number_in_margin=lambda page, index: index in (0, len(page.lines) - 1),
        at_edge=lambda page, line, edge: True,
    )


def _split_foot(page: _Page, next_note: int, document: SourceDocument) -> int:
    """Move the footnotes at a page's foot (and a URL printed alone there) out of its lines."""
    lines = page.lines
    start = None
    for i in range(1, len(lines)):
        m = _NOTE_START.match(lines[i][1])
        if m and int(m.group(1)) == next_note and not lines[i - 1][1].strip():
            body = "\n".join(content for _, content in lines[:i])
            if glued_mark(body, m.group(1)):
                start = i
                break
    if start is None:
        _take_trailing_urls(page, document)
        return next_note
    foot = lines[start:]
    page.lines = lines[:start]
    after_blank = False
    for number, content in foot:
        if not content.strip():
            after_blank = True
            continue
        url = _URL_LINE.match(content)
        if url and after_blank and "eur-lex.europa.eu" in url.group(1) and page.notes:
            # a link's address printed at the foot (the EUR-Lex link of section 1 d), not part of a note
            document.links.append((url.group(1), f"line {number}"))
        else:
            m = _NOTE_START.match(content)
            note = (m.group(1), m.group(2)) if m else None
            next_note = add_foot_line(
                page, content.strip(), note=note, next_note=next_note, where=f"line {number}", document=document
            )
        after_blank = False
    while page.lines and not page.lines[-1][1].strip():
        page.lines.pop()
    return next_note


def _take_trailing_urls(page: _Page, document: SourceDocument) -> None:
    """A URL alone at the end of a page, after a blank line, is a link's address printed at its foot."""
    lines = page.lines
    while len(lines) >= 3 and _URL_LINE.match(lines[-1][1]) and not lines[-2][1].strip():
        number, content = lines.pop()
        url = _URL_LINE.match(content)
        assert url is not None
        document.links.append((url.group(1), f"line {number}"))
        while lines and not lines[-1][1].strip():
            lines.pop()


def _mark_notes(page: _Page) -> None:
    """Put a footnote reference where each of the page's notes has its mark."""
    line_index, offset = 0, 0
    for note in page.notes:
        found = None
        for i in range(line_index, len(page.lines)):
            position = glued_mark(page.lines[i][1], note.number, offset if i == line_index else 0)
            if position:
                found = (i, position)
                break
        if found is None:
            continue  # the note stays without a reference: the import reports it as unplaced
        i, (begin, end) = found
        line_number, content = page.lines[i]
        reference = note_ref(f"n{note.number}")
        page.lines[i] = (line_number, content[:begin] + reference + content[end:])
        line_index, offset = i, begin + len(reference)
