"""Reading a fiche from a PDF: the published fiches, or a build printed to PDF.

pdfplumber gives each word with its position, size and font. Words are gathered
into lines by their baselines; a digit set smaller and raised is a footnote mark.
The footnotes are the lines in smaller type at a page's foot (below the footnote
rule where there is one), each starting with its number; a mark in the running
text becomes a reference to the note of the same number on its page. Page numbers
are dropped; a running header or footer is kept once, as unplaced text. A new
paragraph starts where the space between lines grows, a line is indented, or the
type changes (headings are bold or italic); a page's first line continues the
paragraph of the page before unless that one ended. Link annotations become links,
words in an italic font emphasis; words stand apart where the PDF has a space.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fichebuilder.errors import SourceError
from fichebuilder.readers.blocks import (
    EM,
    Line,
    SourceDocument,
    blocks_from_lines,
    clean,
    glued_mark,
    link,
    note_ref,
    url_goes_on,
    vocabulary,
)
from fichebuilder.readers.pages import (
    NoteNumbers,
    Page,
    add_foot_line,
    drop_page_furniture,
    ends_paragraph,
    keep_notes,
)

# a fiche has a few dozen pages, a published batch of fiches a few hundred
MAX_PAGES = 500
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    url: str | None = None
    raised: bool = False  # set smaller and above the baseline: a footnote mark (or other superscript)


@dataclass
class _PdfLine:
    words: list[_Word]
    page: int

    @property
    def main(self) -> list[_Word]:
        return [w for w in self.words if not w.raised] or self.words

    @property
    def top(self) -> float:
        return min(w.top for w in self.main)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.main)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        sizes = Counter()  # type: Counter[float]
        for w in self.main:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def styled(self, pattern: re.Pattern[str]) -> bool:
        letters = sum(len(w.text) for w in self.main)
        return sum(len(w.text) for w in self.main if pattern.search(w.font)) > letters / 2


@dataclass(kw_only=True)
class _Page(Page[_PdfLine]):
    width: float
    height: float
    rule: float | None  # the top of the footnote rule, if the page has one


def _open(path: Path, data: bytes) -> Any:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # pdfminer reads the document (and meets its encryption) here
        return pdf
    except Exception as e:  # pdfminer raises many kinds for an unreadable file
        causes = [e, e.__cause__, e.__context__, *e.args]
        reason = " ".join(f"{type(c).__name__} {c}" for c in causes if c is not None).casefold()
        if "password" in reason or "encrypt" in reason:
            raise SourceError(
                "is encrypted (password-protected): remove the protection, e.g. print it to a new PDF, and import that",
                file=path,
            ) from None
        raise SourceError("is not a readable PDF (the file is damaged or not a PDF)", file=path) from None


def read_pdf(path: Path, data: bytes) -> SourceDocument:
    """A PDF fiche as blocks and footnotes."""
    pdf = _open(path, data)
    document = SourceDocument(path=path, format="pdf")
    try:
        pages, images = _read_pages(pdf, document)
    except SourceError:
        raise
    except Exception as e:
        raise SourceError(f"cannot be read as a PDF: {type(e).__name__}", file=path) from None
    finally:
        pdf.close()
    words = [w for page in pages for line in page.lines for w in line.words]
    if not words:
        if images:
            raise SourceError(
                "has no text to read: it is a scanned or image-only PDF (run it through OCR first, "
                "or import the Word document)",
                file=path,
            )
        raise SourceError("is empty: the PDF holds no text", file=path)
    unreadable = sum(1 for w in words if "(cid:" in w.text)
    if unreadable > len(words) / 4:
        raise SourceError("has no usable text: its fonts do not say which letters they show", file=path)
    body_size = _body_size(pages)
    _drop_page_furniture(pages, document)
    numbers = NoteNumbers()
    for page in pages:
        for line in page.lines:
            numbers.see_title(line.text)
        _split_foot(page, body_size, numbers, document)
    lines = _running_lines(pages, body_size, document)
    all_text = [line.text for line in lines] + [text for page in pages for note in page.notes for text in note.lines]
    keep_notes(pages, document, vocabulary(all_text))
    document.blocks = blocks_from_lines(lines)
    return document


def _read_pages(pdf: Any, document: SourceDocument) -> tuple[list[_Page], int]:
    if len(pdf.pages) > MAX_PAGES:
        raise SourceError(
            f"has {len(pdf.pages)} pages; a fiche, or a published batch of fiches, has at most {MAX_PAGES}",
            file=document.path,
        )
    pages: list[_Page] = []
    images = 0
    for index, page in enumerate(pdf.pages):
        try:
            images += _read_page(page, index, pages, document)
        finally:
            page.close()  # pdfplumber keeps a page's objects until told: memory would grow with every page
    return pages, images


def _read_page(page: Any, index: int, pages: list[_Page], document: SourceDocument) -> int:
    """Add ``page``'s words (as ``_Page``) to ``pages``; returns how many images it has."""
    images = len(page.images)
    raw = page.extract_words(
        extra_attrs=["size", "fontname"], x_tolerance_ratio=0.2, keep_blank_chars=False, use_text_flow=False
    )
    words: list[_Word] = []
    rotated: list[str] = []
    for w in raw:
        if not w.get("upright", True):
            rotated.append(w["text"])
            continue
        if w["x1"] < 0 or w["x0"] > page.width or w["bottom"] < 0 or w["top"] > page.height:
            continue
        words.append(_Word(clean(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"], w["size"], w["fontname"]))
    if rotated:
        document.unplaced.append((" ".join(rotated), f"page {index + 1}, text set sideways"))
    _link_words(words, page)
    lines = _lines(words, index + 1)
    pages.append(_Page(index + 1, lines, width=page.width, height=page.height, rule=_footnote_rule(page)))
    return images


def _link_words(words: list[_Word], page: Any) -> None:
    try:
        links = [h for h in page.hyperlinks if h.get("uri")]
    except Exception:  # a damaged annotation is no reason to lose the text
        return
    for h in links:
        uri = h["uri"].decode("latin-1") if isinstance(h["uri"], bytes) else str(h["uri"])
        for w in words:
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if h["x0"] - 1 <= cx <= h["x1"] + 1 and h["top"] - 1 <= cy <= h["bottom"] + 1:
                w.url = uri


def _footnote_rule(page: Any) -> float | None:
    """The top of the short rule above the footnotes, where the page has one."""
    found = None
    for shape in list(page.rects) + list(page.lines):
        width = shape["x1"] - shape["x0"]
        height = shape["bottom"] - shape["top"]
        if height <= 1.5 and page.width * 0.1 <= width <= page.width * 0.5 and shape["top"] > page.height * 0.4:
            found = shape["top"] if found is None else min(found, shape["top"])
    return found


def _lines(words: list[_Word], page: int) -> list[_PdfLine]:
    """Words gathered into lines by their baselines; small raised words join the line they overlap."""
    if not words:
        return []
    typical = statistics.median(w.size for w in words)
    main = sorted((w for w in words if w.size >= 0.75 * typical), key=lambda w: (round(w.bottom, 1), w.x0))
    small = [w for w in words if w.size < 0.75 * typical]
    lines: list[_PdfLine] = []
    for w in main:
        line = next((ln for ln in reversed(lines[-3:]) if abs(ln.bottom - w.bottom) <= 0.35 * w.size), None)
        if line is None:
            lines.append(_PdfLine([w], page))
        else:
            line.words.append(w)
    for w in small:
        best, overlap = None, 0.0
        for line in lines:
            common = min(line.bottom, w.bottom) - max(line.top, w.top)
            if common > overlap:
                best, overlap = line, common
        if best is not None and overlap > 0.3 * (w.bottom - w.top):
            w.raised = w.bottom < best.bottom - 0.1 * best.size
            best.words.append(w)
        else:
            lines.append(_PdfLine([w], page))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _body_size(pages: list[_Page]) -> float:
    """The size most of the running text is set in: of the words above the footnote rule, where a
    page has one (a page of long footnotes has more letters in them than in its text)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if page.rule is None or line.bottom <= page.rule:
                for w in line.words:
                    if not w.raised:
                        sizes[round(w.size, 1)] += len(w.text)
    if not sizes:  # every line below a rule: take them all
        sizes.update(round(w.size, 1) for page in pages for line in page.lines for w in line.words)
    return sizes.most_common(1)[0][0]


def _drop_page_furniture(pages: list[_Page], document: SourceDocument) -> None:
    """Page numbers in the margins are dropped; a header or footer on most pages is kept once, unplaced."""

    def number_in_margin(page: _Page, index: int) -> bool:
        line = page.lines[index]
        return line.bottom > page.height * 0.88 or line.top < page.height * 0.12

    def at_edge(page: _Page, line: _PdfLine, edge: int) -> bool:
        return line.top < page.height * 0.12 if edge == 0 else line.bottom > page.height * 0.88

    drop_page_furniture(
        pages, document, text=lambda line: line.text, number_in_margin=number_in_margin, at_edge=at_edge
    )


def _split_foot(page: _Page, body_size: float, numbers: NoteNumbers, document: SourceDocument) -> None:
    """Move the footnotes at the page's foot out of its lines."""
    lines = page.lines
    start = len(lines)
    if page.rule is not None:
        start = next((i for i, line in enumerate(lines) if line.top > page.rule), len(lines))
    else:
        while start > 0 and lines[start - 1].size < body_size - 0.4:
            start -= 1
    while start < len(lines) and _note_number(lines[start]) is None:
        start += 1  # the foot starts at its first numbered note
    first = _note_number(lines[start]) if start < len(lines) else None
    if first is None or not numbers.accepts(first):
        return
    foot, page.lines = lines[start:], lines[:start]
    for line in foot:
        number = _note_number(line)
        text = _line_text(line, notes={})
        note = (str(number), text.split(" ", 1)[1] if " " in text else "") if number is not None else None
        add_foot_line(page, text, note=note, numbers=numbers, where=f"page {page.number}, foot", document=document)


def _note_number(line: _PdfLine) -> int | None:
    first = line.words[0]
    if first.text.isdigit() and len(first.text) <= 3 and (first.raised or len(line.words) > 1):
        return int(first.text)
    return None


def _line_text(line: _PdfLine, *, notes: dict[str, str]) -> str:
    """A line's text: a raised number that is one of ``notes`` (number -> id) becomes a reference
    glued to its word; words of one link become the link; words in an italic font are emphasised.

    Words stand apart where the PDF has a space between them, and together where it has none
    (a mark and the quote or stop after it, an italic word and the comma after it): pdfplumber
    splits a word where its type changes."""
    out = ""
    italic = False
    previous: _Word | None = None
    i = 0
    words = line.words
    while i < len(words):
        w = words[i]
        if w.raised and w.text in notes:
            out, previous, i = out.rstrip() + note_ref(notes[w.text]), w, i + 1
            continue
        group = [w]
        while w.url and i + len(group) < len(words) and words[i + len(group)].url == w.url:
            following = words[i + len(group)]
            if following.raised and following.text in notes:
                break
            group.append(following)
        emphasis = bool(_ITALIC.search(w.font)) and not w.url
        if italic and not emphasis:
            out, italic = out + EM, False
        out += _space_before(previous, w)
        if emphasis and not italic:
            out, italic = out + EM, True
        out += link(_joined(group), w.url) if w.url else w.text
        previous, i = group[-1], i + len(group)
    return (out + EM if italic else out).strip()


def _space_before(previous: _Word | None, word: _Word) -> str:
    """A space between two words where the PDF leaves one (none before a raised word: a superscript)."""
    if previous is None or word.raised:
        return ""
    return " " if word.x0 - previous.x1 > 0.1 * min(word.size, previous.size) else ""


def _joined(words: list[_Word]) -> str:
    """The words of a link's label on one line, apart where the PDF has a space between them."""
    return words[0].text + "".join(_space_before(a, b) + b.text for a, b in itertools.pairwise(words))


def _goes_on(previous: _PdfLine, line: _PdfLine) -> bool:
    """Whether a line goes on with the link or URL the line before ended with (a URL breaks where
    it may, and its next part need not fit on the line before)."""
    last, first = previous.words[-1], line.words[0]
    return (last.url is not None and last.url == first.url) or url_goes_on(last.text, first.text)


def _running_lines(pages: list[_Page], body_size: float, document: SourceDocument) -> list[Line]:
    """The running text as lines, with where paragraphs start."""
    pitches = [
        round(b.bottom - a.bottom, 1)
        for page in pages
        for a, b in zip(page.lines, page.lines[1:], strict=False)
        if abs(a.size - body_size) < 0.5 and abs(b.size - body_size) < 0.5 and b.bottom > a.bottom
    ]
    pitch = Counter(pitches).most_common(1)[0][0] if pitches else body_size * 1.4
    ends = sorted(line.x1 for page in pages for line in page.lines if abs(line.size - body_size) < 0.5)
    right = ends[int(len(ends) * 0.95)] if ends else 0.0
    left = min((line.x0 for page in pages for line in page.lines), default=0.0)
    out: list[Line] = []
    previous: _PdfLine | None = None
    for page in pages:
        notes = {note.number: note.id for note in page.notes}
        texts = [_line_text(line, notes=notes) for line in page.lines]
        _mark_unraised_notes(page, texts, notes)
        for line, text in zip(page.lines, texts, strict=True):
            styled = line.styled(_BOLD) or line.styled(_ITALIC)
            if previous is None:
                starts = True
            else:
                # the line's first word would have fitted on the line before: that one ended its paragraph
                first = line.words[0]
                fits = previous.x1 + 0.3 * body_size + (first.x1 - first.x0) < right
                fits = fits and not previous.text.endswith("-") and not _goes_on(previous, line)
                style_change = styled != (previous.styled(_BOLD) or previous.styled(_ITALIC))
                if previous.page != line.page:
                    starts = fits or style_change or ends_paragraph(previous.text, text)
                else:
                    gap = line.bottom - previous.bottom
                    indented = line.x0 > left + body_size and line.x0 > previous.x0 + body_size
                    starts = gap > pitch * 1.3 or indented or style_change or fits
                    starts = starts or abs(line.size - previous.size) > 0.5
            out.append(Line(text, f"page {line.page}", starts_paragraph=starts, heading_hint=styled))
            previous = line
    return out


def _mark_unraised_notes(page: _Page, texts: list[str], notes: dict[str, str]) -> None:
    """Notes whose mark was not set raised: look for the number glued to a word, as in plain text."""
    for number in sorted(notes, key=int):
        reference = note_ref(notes[number])
        if any(reference in text for text in texts):
            continue
        for i, text in enumerate(texts):
            found = glued_mark(text, number)
            if found:
                texts[i] = text[: found[0]] + reference + text[found[1] :]
                break
