"""Reading a fiche from a Word document (.docx), made by ``fiche build`` or by hand in Word.

The package is read with lxml, as ``docxread`` does: body paragraphs in order (also
those in tables, content controls and text boxes), tracked changes as accepted,
footnote references where they stand, hyperlinks with their addresses (relationship
links and HYPERLINK fields), bold and italic runs, and list items (the "1.<tab>" a
build writes, or Word's own numbering). Headings are recognised by their wording,
whatever their style; a paragraph in a heading style may omit the letter.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from fichebuilder.errors import SourceError
from fichebuilder.readers.blocks import EM, STRONG, Block, Note, SourceDocument, clean, link, note_ref
from fichebuilder.readers.headings import match_heading

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SKIPPED = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "commentRangeStart", W + "commentRangeEnd"}
_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
# what holds body paragraphs: tables, content controls, custom XML, tracked insertions
_CONTAINERS = {W + t for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body", "ins", "moveTo")}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class _Paragraph:
    text: str  # inline, with stand-ins
    plain: str
    style: str
    where: str
    numbered: tuple[str, str] | None = None  # (numId, ilvl) of Word's own numbering
    in_table: bool = False  # a table cell: section 1 is often a table of labels and values


class _Package:
    def __init__(self, path: Path, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.zip.namelist())
        except (zipfile.BadZipFile, OSError):
            raise SourceError(
                "is not a Word document (.docx): the file is damaged or no zip package", file=path
            ) from None
        if "word/document.xml" not in names:
            raise SourceError("is not a Word document (.docx): it has no word/document.xml", file=path)
        self.path = path
        self.names = names

    def xml(self, name: str) -> Any:
        if name not in self.names:
            return None
        try:
            return etree.fromstring(self.zip.read(name), _PARSER)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as e:
            raise SourceError(f"is a damaged Word document: {name} cannot be read ({e})", file=self.path) from None

    def relationships(self, part: str) -> dict[str, str]:
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        if rels is None:
            return {}
        return {r.get("Id", ""): r.get("Target", "") for r in rels.iter(_REL) if r.get("TargetMode") == "External"}


def read_docx_blocks(path: Path, data: bytes) -> SourceDocument:
    """A .docx fiche as blocks and footnotes."""
    package = _Package(path, data)
    document = SourceDocument(path=path, format="docx")
    styles = _style_names(package.xml("word/styles.xml"))
    formats = _numbering_formats(package.xml("word/numbering.xml"))
    body = package.xml("word/document.xml")
    links = package.relationships("word/document.xml")
    paragraphs: list[_Paragraph] = []
    for p in _body_paragraphs(body):
        text = clean(_inline(p, links))
        style_id = _style_id(p)
        style = styles.get(style_id, style_id).casefold()
        numbered = _numbering(p) or _style_numbering(package.xml("word/styles.xml"), style_id)
        in_table = any(a.tag == W + "tc" for a in p.iterancestors())
        where = f"paragraph {len(paragraphs) + 1}"
        paragraphs.append(_Paragraph(text, _plain(text), style, where, numbered, in_table))
    if not any(p.plain.strip() for p in paragraphs):
        raise SourceError("is empty: the document holds no text", file=path)
    document.blocks = _blocks(paragraphs, formats)
    notes = package.xml("word/footnotes.xml")
    if notes is not None:
        note_links = package.relationships("word/footnotes.xml")
        for note in notes.iter(W + "footnote"):
            if note.get(W + "type") in _NOTE_TYPES:
                continue
            text = " ".join(clean(_inline(p, note_links)) for p in note.iter(W + "p"))
            document.notes[note.get(W + "id", "")] = Note(" ".join(text.split()), f"footnote {note.get(W + 'id')}")
    return document


def _plain(text: str) -> str:
    from fichebuilder.readers.blocks import plain

    return " ".join(plain(text).split())


def _body_paragraphs(body: Any) -> list[Any]:
    """The paragraphs of the body in reading order, text-box paragraphs after their anchor's."""
    out: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            if child.tag == W + "p":
                out.append(child)
                for box in child.iter(W + "txbxContent"):
                    if not any(a.tag == MC + "Fallback" for a in box.iterancestors()):
                        walk(box)
            elif child.tag in _CONTAINERS:
                walk(child)

    walk(body)
    return out


def _style_id(p: Any) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val", "") if style is not None else ""


def _style_names(styles: Any) -> dict[str, str]:
    if styles is None:
        return {}
    names = {}
    for style in styles.iter(W + "style"):
        name = style.find(W + "name")
        names[style.get(W + "styleId", "")] = name.get(W + "val", "") if name is not None else ""
    return names


def _numbering(p: Any) -> tuple[str, str] | None:
    num = p.find(f"{W}pPr/{W}numPr")
    if num is None:
        return None
    num_id = num.find(W + "numId")
    level = num.find(W + "ilvl")
    if num_id is None or num_id.get(W + "val") in (None, "0"):
        return None
    return num_id.get(W + "val", ""), level.get(W + "val", "0") if level is not None else "0"


def _style_numbering(styles: Any, style_id: str) -> tuple[str, str] | None:
    if styles is None or not style_id:
        return None
    for style in styles.iter(W + "style"):
        if style.get(W + "styleId") == style_id:
            return _numbering(style)
    return None


def _numbering_formats(numbering: Any) -> dict[tuple[str, str], str]:
    """(numId, level) -> the number format ("decimal", "bullet" …) of Word's numbering."""
    if numbering is None:
        return {}
    abstract = {}
    for item in numbering.iter(W + "abstractNum"):
        levels = {}
        for level in item.iter(W + "lvl"):
            fmt = level.find(W + "numFmt")
            levels[level.get(W + "ilvl", "0")] = fmt.get(W + "val", "decimal") if fmt is not None else "decimal"
        abstract[item.get(W + "abstractNumId", "")] = levels
    formats = {}
    for num in numbering.iter(W + "num"):
        ref = num.find(W + "abstractNumId")
        if ref is not None:
            for level, fmt in abstract.get(ref.get(W + "val", ""), {}).items():
                formats[(num.get(W + "numId", ""), level)] = fmt
    return formats


def _on(rpr: Any, tag: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(W + tag)
    return element is not None and element.get(W + "val", "true") not in ("0", "false", "off")


_FIELD_LINK = re.compile(r'HYPERLINK\s+"([^"]+)"')


def _inline(p: Any, links: dict[str, str]) -> str:
    """A paragraph's text with footnote references, links and emphasis as stand-ins."""
    pieces: list[tuple[str, bool, bool, str | None]] = []  # (text, bold, italic, link); note refs as text
    field: dict[str, Any] = {"depth": 0, "url": None, "showing": False}

    def run(r: Any, url: str | None) -> None:
        rpr = r.find(W + "rPr")
        bold, italic = _on(rpr, "b"), _on(rpr, "i")
        for item in r:
            tag = item.tag
            if tag == W + "fldChar":
                kind = item.get(W + "fldCharType")
                if kind == "begin":
                    field["depth"] += 1
                    field["showing"] = False
                elif kind == "separate":
                    field["showing"] = True
                elif kind == "end":
                    field["depth"] = max(0, field["depth"] - 1)
                    field["url"], field["showing"] = None, False
            elif tag == W + "instrText":
                m = _FIELD_LINK.search(item.text or "")
                if m:
                    field["url"] = m.group(1)
            elif field["depth"] and not field["showing"]:
                continue  # a field's instruction, not its text
            elif tag == W + "t":
                pieces.append((item.text or "", bold, italic, url or field["url"]))
            elif tag in (W + "tab", W + "ptab"):
                pieces.append(("\t", False, False, url))
            elif tag in (W + "br", W + "cr"):
                pieces.append((" ", False, False, url))
            elif tag == W + "noBreakHyphen":
                pieces.append(("-", bold, italic, url))
            elif tag == W + "sym":
                pieces.append(
                    (chr(int(item.get(W + "char", "20"), 16)) if item.get(W + "char") else "", bold, italic, url)
                )
            elif tag == W + "footnoteReference":
                pieces.append((note_ref(item.get(W + "id", "")), False, False, None))

    def walk(element: Any, url: str | None) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or tag == W + "txbxContent":
                continue
            if tag == W + "r":
                run(child, url)
            elif tag == W + "hyperlink":
                target = links.get(child.get(R + "id", ""), "") or url
                walk(child, target)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    walk(choice, url)
            elif len(child):
                walk(child, url)  # w:ins, w:smartTag, w:sdt, w:fldSimple, w:customXml …

    walk(p, None)
    return _render(pieces)


def _render(pieces: list[tuple[str, bool, bool, str | None]]) -> str:
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


def _blocks(paragraphs: list[_Paragraph], formats: dict[tuple[str, str], str]) -> list[Block]:
    """Headings by their wording; list items by their marker or numbering; the rest paragraphs."""
    blocks: list[Block] = []
    section: str | None = None
    texts = [p.plain for p in paragraphs]
    counters: dict[tuple[str, str], int] = {}
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        if not paragraph.plain:
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
            marker = f"{literal.group(1)}." if literal.group(1) else "-"
            blocks.append(
                Block("item", paragraph.text[literal.end() :].replace("\t", " "), paragraph.where, marker=marker)
            )
        elif paragraph.numbered:
            fmt = formats.get(paragraph.numbered, "decimal")
            if fmt in ("bullet", "none"):
                marker = "-"
            else:
                counters[paragraph.numbered] = counters.get(paragraph.numbered, 0) + 1
                marker = f"{counters[paragraph.numbered]}."
            blocks.append(Block("item", paragraph.text.replace("\t", " "), paragraph.where, marker=marker))
        else:
            blocks.append(Block("paragraph", paragraph.text.replace("\t", " "), paragraph.where))
        i += 1
    return blocks
