"""Reading a fiche from a Word document (.docx), made by ``fiche build`` or by hand in Word.

The package is read by ``fichebuilder.ooxml.reading``: body paragraphs in order (also
those in tables, content controls and text boxes), tracked changes as accepted (a
deleted paragraph mark joins two paragraphs), a drop cap joined to its word, footnote
references where they stand, endnotes read as footnotes (with a warning), hyperlinks
with their addresses (relationship links and HYPERLINK fields, also around other
fields), bold and italic runs, and list items (the "1.<tab>" a build writes, or Word's
own numbering). Headings are recognised by their wording, whatever their style; a
paragraph in a heading style may omit the letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fichebuilder.errors import SourceError
from fichebuilder.ooxml.aside import Story, comments, equations, images, page_headers_and_footers
from fichebuilder.ooxml.numbering import ListLabels
from fichebuilder.ooxml.reading import (
    WordPackage,
    WordParagraph,
    body_paragraphs,
    endnotes,
    footnotes,
    list_labels,
    style_names,
)
from fichebuilder.ooxml.runs import (
    BREAK,
    COMMENT_REFERENCE,
    COMMENT_START,
    ENDNOTE,
    HYPHEN,
    NOTE,
    SYMBOL,
    TAB,
    TEXT,
    Item,
    is_on,
    vertical_alignment,
)
from fichebuilder.readers.blocks import (
    EM,
    STRONG,
    Block,
    Note,
    SetAside,
    SourceDocument,
    aside_summary,
    clean,
    link,
    note_ids,
    note_ref,
)
from fichebuilder.readers.headings import match_heading
from fichebuilder.readers.scripts import shifted


@dataclass
class _Paragraph:
    text: str  # inline, with stand-ins
    plain: str
    style: str
    where: str
    numbered: tuple[str, str] | None = None  # (numId, ilvl) of Word's own numbering
    in_table: bool = False  # a table cell: section 1 is often a table of labels and values


def read_docx_blocks(path: Path, data: bytes) -> SourceDocument:
    """A .docx fiche as blocks and footnotes."""
    package = WordPackage(path, data)
    document = SourceDocument(path=path, format="docx")
    styles = style_names(package)
    paragraphs: list[_Paragraph] = []
    comment_places: dict[str, str] = {}
    unshifted: list[str] = []  # raised or lowered text kept on the line, with where it stood
    for p in body_paragraphs(package):
        where = f"paragraph {len(paragraphs) + 1}"
        text = clean(_inline(p.items, unshifted, where))
        style = styles.get(p.style_id, p.style_id).casefold()
        paragraphs.append(_Paragraph(text, _plain(text), style, where, p.numbering, p.in_table))
        _set_aside(p, where, document)
        for item in p.items:
            if item.kind in (COMMENT_START, COMMENT_REFERENCE):
                comment_places.setdefault(item.comment or "", where)
    if not any(p.plain.strip() or note_ids(p.text) for p in paragraphs):
        raise SourceError("is empty: the document holds no text", file=path)
    document.blocks = _blocks(paragraphs, list_labels(package))
    for note_id, note in footnotes(package).items():
        document.notes[note_id] = Note(_note_text(note, unshifted, f"footnote {note_id}"), f"footnote {note_id}")
    _read_endnotes(package, document, unshifted)
    _read_stories(package, comment_places, document)
    if unshifted:
        places = ", ".join(unshifted[:5]) + (", …" if len(unshifted) > 5 else "")
        document.warnings.append(
            f"{len(unshifted)} superscript or subscript text(s) kept on the line, as Unicode has no raised "
            f"or lowered form of each of their letters: {places}"
        )
    return document


def _read_stories(package: WordPackage, comment_places: dict[str, str], document: SourceDocument) -> None:
    """Page headers and footers, and comments (placed by the paragraph they stand in), set aside."""
    for story in page_headers_and_footers(package):
        _keep_story(story, story.place, story.place.split(" of ")[0], document)
    for story in comments(package):
        paragraph = comment_places.get(story.ident)
        _keep_story(story, f"{paragraph}, {story.place}" if paragraph else story.place, "comment", document)
    if document.aside:
        document.warnings.append(
            f"a position file cannot hold {aside_summary(document.aside)}: "
            "what they say is under 'unplaced:' with where it stood"
        )


def _set_aside(paragraph: WordParagraph, where: str, document: SourceDocument) -> None:
    """A paragraph's equations (as linear text) and its images' alt text go under unplaced."""
    for element in paragraph.elements:
        for equation in equations(element):
            document.unplaced.append((equation, f"{where}, an equation"))
            document.aside.append(SetAside("equation", where))
        for alt in images(element):
            if alt:
                document.unplaced.append((alt, f"{where}, an image's alt text"))
            document.aside.append(SetAside("image", where, kept=bool(alt)))


def _keep_story(story: Story, where: str, kind: str, document: SourceDocument) -> None:
    """A header's, a footer's or a comment's text under unplaced: a header or footer only where
    it says more than what Word fills in (a page number, a date) or a draft build's mark."""
    written = [
        item.text
        for items in story.paragraphs
        for item in items
        if item.kind == TEXT and not (item.in_result or item.in_instruction or item.deleted)
    ]
    if kind != "comment" and not any(ch.isalpha() for text in written for ch in text):
        return
    text = "\n\n".join(t for t in (clean(_inline(items, [], where)).strip() for items in story.paragraphs) if t)
    from fichebuilder.writers.building import DRAFT_MARK

    if text and not (kind == "page header" and _plain(text) == DRAFT_MARK):  # a draft build's mark is no content
        document.unplaced.append((text, where))
        document.aside.append(SetAside(kind, where))


def _note_text(paragraphs: list[list[Item]], unshifted: list[str], where: str) -> str:
    text = " ".join(clean(_inline(items, unshifted, where)) for items in paragraphs)
    return " ".join(text.split())


def _read_endnotes(package: WordPackage, document: SourceDocument, unshifted: list[str]) -> None:
    """Endnotes become footnotes (a fiche has footnotes only), under ids of their own ("e1")."""
    notes = endnotes(package)
    for note_id, note in notes.items():
        where = f"endnote {note_id}"
        document.notes[ENDNOTE_PREFIX + note_id] = Note(_note_text(note, unshifted, where), where)
    if notes:
        document.warnings.append(
            f"{len(notes)} endnote(s) were read as footnotes: a fiche has footnotes only, "
            "so they will print at the foot of the page"
        )


ENDNOTE_PREFIX = "e"  # an endnote's id among the footnotes' (Word numbers both from 1)


def _plain(text: str) -> str:
    from fichebuilder.readers.blocks import plain

    return " ".join(plain(text).split())


Piece = tuple[str, bool, bool, str | None]  # (text, bold, italic, link); note references as text


def _inline(items: list[Item], unshifted: list[str], where: str) -> str:
    """A paragraph's text with footnote references, links and emphasis as stand-ins; superscript
    and subscript as Unicode's characters, or (added to ``unshifted``) as they are."""
    pieces: list[Piece] = []
    for item in items:
        if item.deleted or item.in_instruction:  # a field's code is not its text
            continue
        # a link to a bookmark in the document is read as plain text
        url = item.link if item.link and not item.link.startswith("#") else None
        kind = item.kind
        if kind == TEXT:
            text, alignment = item.text, vertical_alignment(item.rpr)
            if alignment and text.strip():
                text = shifted(item.text, alignment) or item.text
                if text == item.text:
                    unshifted.append(f"{where} “{item.text.strip()}”")
            pieces.append((text, is_on(item.rpr, "b"), is_on(item.rpr, "i"), url or item.field_link))
        elif kind in (HYPHEN, SYMBOL):
            pieces.append((item.text, is_on(item.rpr, "b"), is_on(item.rpr, "i"), url))
        elif kind in (TAB, BREAK):
            pieces.append((item.text, False, False, url))
        elif kind == NOTE:
            pieces.append((note_ref(item.note or ""), False, False, None))
        elif kind == ENDNOTE:
            pieces.append((note_ref(ENDNOTE_PREFIX + (item.endnote or "")), False, False, None))
    return _render(pieces)


def _render(pieces: list[Piece]) -> str:
    """Pieces joined: runs of one link become one link, emphasis wraps its words, not its spaces."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        url = pieces[i][3]
        if url:
            label = []
            while i < len(pieces) and pieces[i][3] == url:
                label.append(pieces[i][0])
                i += 1
            out.append(link("".join(label), url))
            continue
        text, bold, italic, _ = pieces[i]
        j = i + 1
        while j < len(pieces) and not pieces[j][3] and pieces[j][1:3] == (bold, italic):
            text += pieces[j][0]
            j += 1
        i = j
        core = text.strip()
        if (bold or italic) and core:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            marks = (STRONG if bold else "") + (EM if italic else "")
            out.append(f"{lead}{marks}{core}{marks[::-1]}{trail}")
        else:
            out.append(text)
    return "".join(out)


_LITERAL_MARKER = re.compile(r"^\s*(?:(\d{1,3})[.)]|([•▪◦·●■\uf0b7\uf0a7–-]))\t\s*")


def _blocks(paragraphs: list[_Paragraph], labels: ListLabels) -> list[Block]:
    """Headings by their wording; list items by their marker or numbering; the rest paragraphs."""
    blocks: list[Block] = []
    section: str | None = None
    texts = [p.plain for p in paragraphs]
    widths: dict[int, int] = {}  # the open list items by level: the width of their marker and space
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        if blocks and blocks[-1].kind != "item":
            widths.clear()
        if not paragraph.plain and not note_ids(paragraph.text):  # a footnote's mark alone is kept
            i += 1
            continue
        styled = paragraph.style.startswith(("heading", "kop", "title", "titel"))
        found = match_heading(texts, i, section=section, letterless=styled or paragraph.in_table)
        if found is not None:
            heading = found.heading
            if heading.level == 1:
                section = heading.number
            blocks.append(Block("heading", heading.text, paragraph.where, heading=heading))
            if found.rest:
                blocks.append(Block("paragraph", found.rest, paragraph.where))
            i += found.lines
            continue
        literal = _LITERAL_MARKER.match(paragraph.text)
        if literal:
            marker = _nested(f"{literal.group(1)}." if literal.group(1) else "-", 0, widths)
            blocks.append(
                Block("item", paragraph.text[literal.end() :].replace("\t", " "), paragraph.where, marker=marker)
            )
        elif paragraph.numbered:
            number, _ = labels.advance(paragraph.numbered)
            marker = "-" if labels.format(paragraph.numbered) in ("bullet", "none") else f"{number}."
            marker = _nested(marker, int(paragraph.numbered[1] or 0), widths)
            blocks.append(Block("item", paragraph.text.replace("\t", " "), paragraph.where, marker=marker))
        else:
            blocks.append(Block("paragraph", paragraph.text.replace("\t", " "), paragraph.where))
        i += 1
    return blocks


def _nested(marker: str, level: int, widths: dict[int, int]) -> str:
    """A list item's marker, indented under the items it is nested in as Markdown nests a list:
    by the width of each parent's marker and the space after it."""
    for deeper in [known for known in widths if known >= level]:
        del widths[deeper]
    indent = sum(widths.values())
    widths[level] = len(marker) + 1
    return " " * indent + marker
