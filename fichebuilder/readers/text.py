"""Reading a fiche from plain text, such as the text a PDF reader gives of a published fiche.

Such text keeps the pages: a page break is a form feed (where the text has any, as
pdftotext writes it) or else two empty lines in a row, a paragraph ends at a blank line,
and each page's footnotes stand at its foot. Two layouts of the foot are read:

- "N text" lines (continuing on the lines after), the marks glued to words in the
  running text ("drugsstrategie1", "2025,4");
- as pdftotext writes a PDF made from Word or LibreOffice: each note's number alone on
  its line and its text on the lines after it, the marks apart from their words
  ("drugsstrategie 1 zich"). Without ``-layout`` pdftotext puts the first note's number
  of a page after the texts of all its notes, and writes no blank line between
  paragraphs: a short line ends its paragraph there.

A footnote is taken as one only when its mark is found on the same page, so a
paragraph that happens to start with a number stays text. Page numbers are dropped; a
running header is kept once, as unplaced text; a URL printed alone at a page foot (a
link's address) is kept as a link.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

from fichebuilder.errors import SourceError
from fichebuilder.readers.blocks import (
    Line,
    SourceDocument,
    blocks_from_lines,
    clean,
    footnote_mark,
    glued_mark,
    note_ref,
    vocabulary,
)
from fichebuilder.readers.pages import (
    FootNote,
    NoteNumbers,
    Page,
    add_foot_line,
    drop_page_furniture,
    ends_paragraph,
    keep_notes,
)

_NOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_URL_LINE = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")
# how a footnote's text starts: a capital, a digit, a quote or bracket before one, an address
_NOTE_LIKE = re.compile(r"^[\"'“‘(\[]?[A-ZÀ-Ý0-9]|^https?://")
_ENDS_SENTENCE = re.compile(r"[.!?:;][)’”\"']*$")

_Page = Page[tuple[int, str]]  # a page's lines: (line number in the file, text)


def decode(data: bytes, path: Path) -> str:
    """The text of a file: UTF-8 (with or without BOM), else Windows-1252; never binary."""
    if b"\x00" in data[:4096]:
        raise SourceError("is not a text file (it holds binary data); import a .docx, .pdf or .txt", file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path, data: bytes, *, fmt: str = "text") -> SourceDocument:
    """A plain-text fiche as blocks and footnotes."""
    return read_text_of(path, decode(data, path), fmt=fmt)


def read_text_of(path: Path, text: str, *, fmt: str = "text") -> SourceDocument:
    """A fiche's text (decoded, or extracted from another format ``fmt``) as blocks and footnotes."""
    if not text.strip():
        raise SourceError("is empty: there is no text to import", file=path)
    document = SourceDocument(path=path, format=fmt)
    paged = "\f" in text
    pages = _pages(text, by_form_feed=paged)
    words = vocabulary(text.splitlines())
    _drop_page_furniture(pages, document)
    numbers = NoteNumbers()
    for index, page in enumerate(pages):
        for _, content in page.lines:
            numbers.see_title(content)
        if _split_foot(page, numbers, document):
            _mark_notes(page, spaced=False)
        elif _split_bare_foot(page, numbers, _first_text(pages[index + 1 :])):
            _mark_notes(page, spaced=True)
        else:
            _take_trailing_urls(page, document)
    measure = _measure(pages) if paged else 0
    if measure:
        _restore_hyphens(pages, measure)
        for page in pages:
            _rejoin_list_numbers(page)
    document.blocks = blocks_from_lines(_running_lines(pages, measure))
    keep_notes(pages, document, words)
    return document


def _running_lines(pages: list[_Page], measure: int) -> list[Line]:
    """The pages' lines of running text, with where paragraphs start: after a blank line, or
    (in text without blank lines between paragraphs, ``measure`` > 0) after a short line."""
    lines: list[Line] = []
    previous_last = ""
    for page in pages:
        blank = True
        for index, (number, content) in enumerate(page.lines):
            if not content.strip():
                blank = True
                continue
            starts = blank or (measure > 0 and _ends_short(previous_last, content, measure))
            if index == 0 or not any(c.strip() for _, c in page.lines[:index]):
                # the first line of a page continues the last one's paragraph unless that one ended
                starts = not lines or ends_paragraph(previous_last, content)
            lines.append(Line(clean(content.strip()), f"line {number}", starts_paragraph=starts))
            blank = False
            previous_last = content
    return lines


def _measure(pages: list[_Page]) -> int:
    """The length of a full line of running text: most lines are about as long (the last line of
    a paragraph is shorter, a line pdftotext joined with the next longer)."""
    lengths = sorted(len(c.strip()) for page in pages for _, c in page.lines if c.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _restore_hyphens(pages: list[_Page], measure: int) -> None:
    """pdftotext without -layout joins a line that ends in a hyphen with the next and drops the
    hyphen ("EUdouanesamenwerking tegen …"); fiches are not hyphenated, so such a hyphen is a
    real one ("EU-douanesamenwerking"): put it back where the joined word shows it stood. In a
    line longer than a full one two lines were surely joined; in another, only a sure sign counts."""
    counts = Counter(
        w.strip(_PUNCTUATION).casefold()
        for page in pages
        for _, c in page.lines
        if len(c.strip()) <= measure
        for w in c.split()
    )
    for page in pages:
        for i, (number, content) in enumerate(page.lines):
            joined = len(content.strip()) > 1.1 * measure
            page.lines[i] = (number, _with_hyphen(content, measure, counts, least=1 if joined else 2))


_PUNCTUATION = ".,;:()[]“”‘’\"'!?"


def _with_hyphen(line: str, measure: int, counts: Counter[str], *, least: int) -> str:
    """``line`` with the hyphen back in the word that spans the end of the first line it was made
    of, where the split scores at least ``least``."""
    best: tuple[int, int] | None = None  # (score, where the hyphen goes)
    for m in re.finditer(r"\S+", line):
        core = m.group().strip(_PUNCTUATION)
        if not re.fullmatch(r"[^\W_]+", core) or counts[core.casefold()] > (1 if least > 1 else 0):
            continue  # a word the document has elsewhere was not made by joining two lines
        offset = m.start() + m.group().index(core)
        for k in range(2, len(core) - 1):
            if 0.55 * measure <= offset + k <= measure + 1:
                score = _hyphen_score(core[:k], core[k:], counts)
                if score >= least and (best is None or score > best[0]):
                    best = (score, offset + k)
    return line if best is None else line[: best[1]] + "-" + line[best[1] :]


def _hyphen_score(head: str, tail: str, counts: Counter[str]) -> int:
    """How sure it is that ``head`` and ``tail`` stood apart by a hyphen: the document writes
    them so elsewhere (3); an abbreviation or a year before a word or year (2); two words of the
    document (1); not at all (0)."""
    if counts[f"{head}-{tail}".casefold()]:
        return 3
    if (len(head) >= 2 and head.isupper() and len(tail) >= 3 and tail.islower()) or (
        re.fullmatch(r"(?:19|20)\d\d", head) and re.fullmatch(r"(?:19|20)\d\d\W*", tail)
    ):
        return 2
    if len(head) >= 3 and len(tail) >= 3 and counts[head.casefold()] and counts[tail.casefold()]:
        return 1
    return 0


_LIST_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s*$")


def _rejoin_list_numbers(page: _Page) -> None:
    """pdftotext without -layout may write a list's numbers ("1.", "2.") on lines of their own
    before its items: each number goes back before its item, an item starting after one that
    ends in ";" or "." (where the items and numbers do not tally, the lines are left as they are)."""
    lines = page.lines
    i = 0
    while i < len(lines):
        numbers = []
        run = i
        while run < len(lines) and (m := _LIST_NUMBER.match(lines[run][1])):
            numbers.append(m.group(1))
            run += 1
        text = run
        while numbers and text < len(lines) and not lines[text][1].strip():
            text += 1
        starts = _item_starts(lines, text, len(numbers)) if numbers else []
        if numbers and len(starts) == len(numbers):
            for number, k in zip(numbers, starts, strict=True):
                lines[k] = (lines[k][0], f"{number}. {lines[k][1].strip()}")
            del lines[i:text]
            run = i
        i = max(run, i + 1)


def _item_starts(lines: list[tuple[int, str]], start: int, count: int) -> list[int]:
    """Where ``count`` list items begin from line ``start``: there, and after each line that ends in ";" or "."."""
    starts: list[int] = []
    previous = ";"
    for k in range(start, len(lines)):
        content = lines[k][1].strip()
        if not content:
            continue
        if _LIST_NUMBER.match(content) or re.match(r"\d{1,2}[.)]\s", content):
            break
        if previous.endswith((";", ".")):
            starts.append(k)
            if len(starts) == count:
                break
        previous = content
    return starts


def _ends_short(previous: str, line: str, measure: int) -> bool:
    """Whether ``previous`` ended its paragraph: it stops well before the line's end (of a line
    pdftotext joined with the next, after a hyphen, the second part counts) and ``line`` starts
    as a paragraph does. Running text fills its lines; a short one ends a paragraph, a heading
    or a line of a letter ("Den Haag, 1 april 2026")."""
    previous = previous.strip()
    length = len(previous) - measure if len(previous) > 1.1 * measure else len(previous)
    return length < 0.8 * measure and bool(re.match(r"[\"'“‘(•]?[A-ZÀ-Ý0-9]", line.strip()))


def _pages(text: str, *, by_form_feed: bool) -> list[_Page]:
    """The text's pages: apart by form feeds, or (where it has none) by two empty lines in a row;
    within a page a run of empty lines is one blank line."""
    pages: list[_Page] = []
    current: list[tuple[int, str]] = []
    empty_run = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                pages.append(Page(len(pages) + 1, current))
                current, empty_run = [], 0
            if part.strip() == "" and (by_form_feed or part == ""):
                empty_run += 1
                if not by_form_feed and empty_run == 2 and any(c.strip() for _, c in current):
                    pages.append(Page(len(pages) + 1, current))
                    current = []
                continue
            if empty_run == 1 or (by_form_feed and empty_run):
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


def _first_text(pages: list[_Page]) -> str:
    """The first line of text of the pages that follow ("" after the last page)."""
    return next((c.strip() for page in pages for _, c in page.lines if c.strip()), "")


def _drop_page_furniture(pages: list[_Page], document: SourceDocument) -> None:
    """Take out page numbers (dropped) and running headers and footers (kept once, unplaced)."""
    drop_page_furniture(
        pages,
        document,
        text=lambda line: line[1],
        number_in_margin=lambda page, index: index in (0, len(page.lines) - 1),
        at_edge=lambda page, line, edge: True,
    )


def _split_foot(page: _Page, numbers: NoteNumbers, document: SourceDocument) -> bool:
    """Move the "N text" footnotes at a page's foot (and a URL printed alone there) out of its
    lines; whether the page had such a foot."""
    lines = page.lines
    start = None
    for i in range(1, len(lines)):
        m = _NOTE_START.match(lines[i][1])
        if m and numbers.accepts(int(m.group(1))) and not lines[i - 1][1].strip():
            body = "\n".join(content for _, content in lines[:i])
            if glued_mark(body, m.group(1)):
                start = i
                break
    if start is None:
        return False
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
            add_foot_line(page, content.strip(), note=note, numbers=numbers, where=f"line {number}", document=document)
        after_blank = False
    while page.lines and not page.lines[-1][1].strip():
        page.lines.pop()
    return True


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


def _mark_notes(page: _Page, *, spaced: bool) -> None:
    """Put a footnote reference where each of the page's notes has its mark (glued to its word,
    or with ``spaced`` also apart from it, as pdftotext writes a raised digit)."""
    line_index, offset = 0, 0
    for note in page.notes:
        found = None
        for i in range(line_index, len(page.lines)):
            start = offset if i == line_index else 0
            text = page.lines[i][1]
            position = footnote_mark(text, note.number, start) if spaced else glued_mark(text, note.number, start)
            if position:
                found = (i, position)
                break
        if found is None:
            continue  # the note stays without a reference: the import reports it as unplaced
        i, (begin, end) = found
        line_number, content = page.lines[i]
        reference = note_ref(note.id)
        page.lines[i] = (line_number, content[:begin] + reference + content[end:])
        line_index, offset = i, begin + len(reference)


# --- the foot as pdftotext writes it: each note's number alone on its line --------------


def _split_bare_foot(page: _Page, numbers: NoteNumbers, next_text: str) -> bool:
    """Move the footnotes of a page whose note numbers stand alone on their lines out of its lines;
    whether it had such a foot. ``next_text`` is the next page's first line."""
    found = _bare_numbers(page, numbers)
    if not found:
        return False
    lines = page.lines
    top = min(found.values())
    items = _foot_items(lines, top, set(found))
    texts = _pair_numbers(items, found)
    start = top
    unpaired = sorted(n for n, t in texts.items() if not t)
    if unpaired:
        # pdftotext without -layout: the text of the page's first note (or of its first notes)
        # stands before the other notes, their numbers after them
        start = _foot_start(lines, top, continues=next_text[:1].islower())
        leftover = [(n, content) for n, content in lines[start:top] if content.strip()]
        longest = max((len(content.strip()) for _, content in lines[start:]), default=0)
        for number, piece in zip(unpaired, _split_notes(leftover, len(unpaired), longest), strict=False):
            texts[number] = piece
    for number in sorted(texts):
        if texts[number]:
            first_line = texts[number][0][0]
            lines_of = [content.strip() for _, content in texts[number]]
            page.notes.append(FootNote(str(number), lines_of, f"line {first_line}", numbers.take(number)))
    page.lines = lines[:start]
    while page.lines and not page.lines[-1][1].strip():
        page.lines.pop()
    return bool(page.notes)


def _split_notes(lines: list[tuple[int, str]], count: int, longest: int) -> list[list[tuple[int, str]]]:
    """The lines of ``count`` notes written one after another, split where a line that starts like
    a note follows one that ends short of a full line (``longest``) or ends a sentence."""
    ends = [
        j
        for j in range(1, len(lines))
        if _NOTE_LIKE.match(lines[j][1].strip())
        and (len(lines[j - 1][1].strip()) < 0.85 * longest or _ENDS_SENTENCE.search(lines[j - 1][1].strip()))
    ]
    # the surest splits first: after the shortest lines
    chosen = sorted(sorted(ends, key=lambda j: len(lines[j - 1][1].strip()))[: count - 1])
    bounds = [0, *chosen, len(lines)]
    return [lines[a:b] for a, b in itertools.pairwise(bounds)]


def _bare_numbers(page: _Page, numbers: NoteNumbers) -> dict[int, int]:
    """The page's footnote numbers that stand alone on a line, by number: the line each is on.

    The numbers run on from the one expected (or from 1, where a new fiche began), each
    with its mark in the lines above the first of them."""
    for first in [numbers.expected, 1] if numbers.restart else [numbers.expected]:
        where: dict[int, int] = {}
        for i, (_, content) in enumerate(page.lines):
            m = _BARE_NUMBER.match(content)
            if m and int(m.group(1)) >= first and i > 0:
                where[int(m.group(1))] = i  # the last of a number: a page number stands lower
        found: dict[int, int] = {}
        number = first
        while number in where:
            found[number] = where[number]
            number += 1
        if not found:
            continue
        body = "\n".join(content for _, content in page.lines[: min(found.values())])
        marked = {n: i for n, i in found.items() if footnote_mark(body, str(n))}
        if first in marked:
            return {n: i for n, i in marked.items() if all(k in marked for k in range(first, n))}
    return {}


_Item = tuple[str, int, list[tuple[int, str]]]  # ("number", number, []) or ("text", 0, its lines)


def _foot_items(lines: list[tuple[int, str]], top: int, numbers: set[int]) -> list[_Item]:
    """The foot from line ``top`` as numbers and runs of text between them."""
    items: list[_Item] = []
    run: list[tuple[int, str]] = []
    for number, content in lines[top:]:
        m = _BARE_NUMBER.match(content)
        if (m and int(m.group(1)) in numbers) or not content.strip():
            if run:
                items.append(("text", 0, run))
                run = []
            if m and int(m.group(1)) in numbers:
                items.append(("number", int(m.group(1)), []))
        else:
            run.append((number, content))
    if run:
        items.append(("text", 0, run))
    return items


def _pair_numbers(items: list[_Item], found: dict[int, int]) -> dict[int, list[tuple[int, str]]]:
    """Each number with the text after it; a number with none (put after the texts) gets the
    text left over after the others, and [] where none is left."""
    texts: dict[int, list[tuple[int, str]]] = {n: [] for n in found}
    left: list[list[tuple[int, str]]] = []
    for k, (kind, number, run) in enumerate(items):
        if kind == "number" and k + 1 < len(items) and items[k + 1][0] == "text":
            texts[number] = items[k + 1][2]
        elif kind == "text" and not (k > 0 and items[k - 1][0] == "number"):
            left.append(run)
    for number in sorted(n for n, t in texts.items() if not t):
        if left:
            texts[number] = left.pop(0)
    return texts


def _foot_start(lines: list[tuple[int, str]], end: int, *, continues: bool) -> int:
    """Where the text of a page's first note begins, above line ``end``: after the nearest blank
    line (pdftotext sets the foot apart with one where the body's last paragraph ended), else
    at a line that starts like a note after the body's last line, which ends a sentence unless
    the body's paragraph goes on on the next page (``continues``)."""
    window = range(end - 1, max(0, end - 12), -1)
    for j in window:
        if not lines[j - 1][1].strip():
            return j
    for j in window:
        above, text = lines[j - 1][1].strip(), lines[j][1].strip()
        starts_note = _NOTE_LIKE.match(text) and not text.startswith("http")
        if starts_note and (continues or _ENDS_SENTENCE.search(above)):
            return j
    return end
