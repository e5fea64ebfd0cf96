"""Reading a .docx package: its body paragraphs, footnotes, styles and numbering, and its text.

``WordPackage`` opens the zip safely (no entities, no network) and parses its parts;
``body_paragraphs`` and ``footnotes`` give each paragraph's content as the items of
``runs.paragraph_items``, the one reader of runs, so the import of a .docx and the
check of what a build wrote (``read_docx``) read runs the same way. Tracked changes
are read as accepted (``w:ins`` kept, ``w:del`` dropped) unless ``rejected`` is asked for.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from fichebuilder.errors import SourceError
from fichebuilder.ooxml.ns import STRICT_MARK, STRICT_NAMESPACES, qn, relationship_kind
from fichebuilder.ooxml.numbering import ListLabels
from fichebuilder.ooxml.runs import BREAK, DELETED_TEXT, HYPHEN, NOTE, SYMBOL, TAB, TEXT, Item, paragraph_items

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# a part of a fiche unpacks to well under a megabyte, at a ratio of about 5 to 1; a
# zip bomb unpacks a few megabytes to gigabytes, at a ratio of hundreds or more
MAX_PART = 100 * 1024 * 1024
MAX_RATIO = 100
# an OLE compound file: what Word writes a password-protected .docx as (its package encrypted
# inside), and a Word 97-2003 .doc
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
# what holds body paragraphs: tables, content controls, custom XML, tracked insertions
_CONTAINERS = {qn(f"w:{t}") for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body", "ins", "moveTo")}


class WordPackage:
    """A .docx read from bytes; a SourceError if it is none.

    The main part is the one the package relationships (``_rels/.rels``) name, wherever
    it is (Word names it ``word/document.xml``, other tools do not always); the parts it
    relates (styles, numbering, footnotes, endnotes …) are found through its own
    relationships (``part``). A Strict Open XML package is read as a transitional one:
    its namespaces are renamed to the transitional ones as each part is parsed.
    """

    def __init__(self, path: Path | str, data: bytes) -> None:
        if data.startswith(OLE_SIGNATURE):
            raise SourceError(
                "is password-protected (encrypted) or an old Word document (.doc): "
                "save it in Word as a .docx without a password and try again",
                file=path,
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.zip.namelist())
        except (zipfile.BadZipFile, OSError):
            raise SourceError(
                "is not a Word document (.docx): the file is damaged or no zip package", file=path
            ) from None
        self.path = path
        self.names = names
        self._parsed: dict[str, Any] = {}
        self.strict = False  # set when a part in Strict Open XML was read
        self.main = self._main_part()
        root = self.xml(self.main)
        if root is None:
            raise SourceError(f"is not a Word document (.docx): it has no {self.main}", file=path)
        if root.tag != qn("w:document"):
            raise SourceError(f"is not a Word document (.docx): its main part {self.main} holds no document", file=path)

    def _main_part(self) -> str:
        found = self.related("", "officeDocument")
        return found[0] if found else "word/document.xml"

    def xml(self, name: str) -> Any:
        """The root element of part ``name`` (e.g. ``word/document.xml``), or None if there is none."""
        if name not in self.names:
            return None
        if name not in self._parsed:
            try:
                data = self._read(name)
                root = etree.fromstring(data, _PARSER)
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as e:
                raise SourceError(f"is a damaged Word document: {name} cannot be read ({e})", file=self.path) from None
            if root.getroottree().docinfo.doctype:
                # its entities are not resolved (they could read any file), and the text after
                # an unresolved one would be lost without a word: Word never writes a DOCTYPE
                raise SourceError(
                    f"is not a Word document as Word writes it: {name} declares a DOCTYPE", file=self.path
                )
            if STRICT_MARK in data:
                self.strict = True
                _as_transitional(root)
            self._parsed[name] = root
        return self._parsed[name]

    def _read(self, name: str) -> bytes:
        """A part's bytes, refused before reading where they would unpack to too much."""
        info = self.zip.getinfo(name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise SourceError(
                f"is not a Word document that can be read safely: {name} would unpack to "
                f"{info.file_size // (1024 * 1024)} MB, {ratio:.0f} times its packed size",
                file=self.path,
            )
        with self.zip.open(info) as part:
            data = part.read(MAX_PART + 1)  # its declared size may lie
        if len(data) > MAX_PART:
            raise SourceError(
                f"is not a Word document that can be read safely: {name} unpacks to too much", file=self.path
            )
        return data

    def _relationships(self, part: str) -> list[Any]:
        """The ``Relationship`` elements of ``part`` ("" for the package's own)."""
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        return [] if rels is None else list(rels.iter(qn("rel:Relationship")))

    def related(self, part: str, kind: str) -> list[str]:
        """The names of the parts ``part`` ("" for the package) relates as ``kind``
        ("officeDocument", "footnotes", "header" …), in the order of its relationships."""
        return [
            _target(part, rel)
            for rel in self._relationships(part)
            if relationship_kind(rel.get("Type", "")) == kind and rel.get("TargetMode") != "External"
        ]

    def targets(self, part: str) -> dict[str, str]:
        """The names of the parts ``part`` relates, by relationship id (``r:id``)."""
        return {
            rel.get("Id", ""): _target(part, rel)
            for rel in self._relationships(part)
            if rel.get("TargetMode") != "External"
        }

    def part(self, kind: str) -> Any:
        """The root element of the part the main part relates as ``kind`` ("styles",
        "numbering", "footnotes", "endnotes" …), or None if there is none."""
        found = self.related(self.main, kind)
        return self.xml(found[0]) if found else None

    def part_name(self, kind: str) -> str | None:
        found = self.related(self.main, kind)
        return found[0] if found else None

    def links(self, part: str) -> dict[str, str]:
        """The external targets (hyperlinks' URLs) of ``part``'s relationships, by id."""
        return {
            r.get("Id", ""): r.get("Target", "") for r in self._relationships(part) if r.get("TargetMode") == "External"
        }


def _target(part: str, rel: Any) -> str:
    """The name of the part a relationship of ``part`` points to: relative to ``part``'s folder,
    or from the package's root where it starts with a slash."""
    target = rel.get("Target", "")
    name = target[1:] if target.startswith("/") else posixpath.join(part.rpartition("/")[0], target)
    return posixpath.normpath(name)


def _as_transitional(root: Any) -> None:
    """Rename a Strict part's namespaces to the transitional ones, in place."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        namespace, _, local = element.tag[1:].partition("}")
        if namespace in STRICT_NAMESPACES:
            element.tag = f"{{{STRICT_NAMESPACES[namespace]}}}{local}"
        for key in [k for k in element.attrib if k.startswith("{")]:
            namespace, _, local = key[1:].partition("}")
            if namespace in STRICT_NAMESPACES:
                element.attrib[f"{{{STRICT_NAMESPACES[namespace]}}}{local}"] = element.attrib.pop(key)


@dataclass
class WordParagraph:
    """A paragraph of the body: its content, style id, Word numbering and whether it stands in a table."""

    items: list[Item]
    style_id: str
    numbering: tuple[str, str] | None  # (numId, ilvl), the paragraph's own or its style's
    in_table: bool
    element: Any = field(repr=False)  # the ``w:p`` whose mark ends it
    elements: list[Any] = field(default_factory=list, repr=False)  # every ``w:p`` run on into it, in order


def body_paragraphs(package: WordPackage, *, rejected: bool = False) -> list[WordParagraph]:
    """The paragraphs of the body in reading order (also in tables, content controls and
    text boxes, a text box's after its anchor's), with bookmarks' and comments' marks.

    A paragraph whose mark a tracked change takes out (deleted; inserted, when ``rejected``)
    runs on into the next paragraph of its story, which keeps its own properties, as in Word
    once the change is accepted (or rejected); the last paragraph's mark stays. A drop cap
    (a first letter in a frame of its own) runs on into the paragraph it begins.
    """
    links = package.links(package.main).get
    styles = package.part("styles")
    elements = _body_elements(package.xml(package.main))
    out = []
    held: list[Item] = []  # the content of paragraphs that run on into the next
    joined: list[Any] = []
    for n, p in enumerate(elements):
        items = held + paragraph_items(p, links, marks=True)
        joined.append(p)
        following = elements[n + 1] if n + 1 < len(elements) else None
        if following is not None and following.getparent() is p.getparent() and _runs_on(p, rejected=rejected):
            held = items
            continue
        style_id = _style_id(p)
        in_table = any(a.tag == qn("w:tc") for a in p.iterancestors())
        numbering = _numbering(p) or _style_numbering(styles, style_id)
        out.append(WordParagraph(items, style_id, numbering, in_table, p, joined))
        held, joined = [], []
    return out


def _runs_on(p: Any, *, rejected: bool) -> bool:
    """Whether a paragraph runs on into the next: its mark taken out, or it is a drop cap."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return False
    if ppr.find(f"{qn('w:rPr')}/{qn('w:ins' if rejected else 'w:del')}") is not None:
        return True
    frame = ppr.find(qn("w:framePr"))
    return frame is not None and frame.get(qn("w:dropCap"), "none") in ("drop", "margin")


def _body_elements(body: Any) -> list[Any]:
    out: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            if child.tag == qn("w:p"):
                out.append(child)
                for box in child.iter(qn("w:txbxContent")):
                    if not any(a.tag == qn("mc:Fallback") for a in box.iterancestors()):
                        walk(box)
            elif child.tag in _CONTAINERS:
                walk(child)

    walk(body)
    return out


def footnotes(package: WordPackage) -> dict[str, list[list[Item]]]:
    """The content of each footnote (separators left out), paragraph by paragraph, by footnote id."""
    return _notes(package, "footnotes", "w:footnote")


def endnotes(package: WordPackage) -> dict[str, list[list[Item]]]:
    """The content of each endnote (separators left out), paragraph by paragraph, by endnote id."""
    return _notes(package, "endnotes", "w:endnote")


def _notes(package: WordPackage, kind: str, tag: str) -> dict[str, list[list[Item]]]:
    name = package.part_name(kind)
    notes = package.xml(name) if name else None
    if notes is None:
        return {}
    links = package.links(name or "").get
    return {
        note.get(qn("w:id"), ""): [paragraph_items(p, links) for p in note.iter(qn("w:p"))]
        for note in notes.iter(qn(tag))
        if note.get(qn("w:type")) not in _NOTE_TYPES
    }


def _style_id(p: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def style_names(package: WordPackage) -> dict[str, str]:
    """Style id -> the style's name."""
    styles = package.part("styles")
    if styles is None:
        return {}
    names = {}
    for style in styles.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        names[style.get(qn("w:styleId"), "")] = name.get(qn("w:val"), "") if name is not None else ""
    return names


def _numbering(p: Any) -> tuple[str, str] | None:
    """The (numId, ilvl) of a paragraph's or a style's numbering properties."""
    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num is None:
        return None
    num_id = num.find(qn("w:numId"))
    level = num.find(qn("w:ilvl"))
    if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
        return None
    return num_id.get(qn("w:val"), ""), level.get(qn("w:val"), "0") if level is not None else "0"


def _style_numbering(styles: Any, style_id: str) -> tuple[str, str] | None:
    if styles is None or not style_id:
        return None
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return _numbering(style)
    return None


def list_labels(package: WordPackage) -> ListLabels:
    """The labels of the document's Word lists, to be read paragraph by paragraph in order."""
    return ListLabels.read(package.part("numbering"))


# --- the text of a document, as a check of what a build wrote ---------------------


@dataclass
class DocxText:
    """The paragraphs of a document's body, their style ids, and its footnotes."""

    paragraphs: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


_PLAIN = {TEXT, TAB, BREAK, HYPHEN, SYMBOL}


def plain_text(items: list[Item], *, rejected: bool = False) -> str:
    """The text of items as all tracked changes accepted leave it (or all rejected)."""
    kept = [item for item in items if not (item.inserted if rejected else item.deleted)]
    return "".join(item.text for item in kept if item.kind in _PLAIN or (rejected and item.kind == DELETED_TEXT))


def _list_of(paragraph: WordParagraph, *, rejected: bool) -> tuple[str, str] | None:
    """The paragraph's list; rejected, the one a tracked property change recorded."""
    earlier = paragraph.element.find(f"{qn('w:pPr')}/{qn('w:pPrChange')}")
    if rejected and earlier is not None:
        return _numbering(earlier)
    return paragraph.numbering


def _style(p: Any, *, rejected: bool) -> str:
    """The paragraph's style id; rejected, the one a tracked property change recorded."""
    ppr = p.find(qn("w:pPr"))
    earlier = ppr.find(f"{qn('w:pPrChange')}/{qn('w:pPr')}") if ppr is not None else None
    if rejected and earlier is not None:
        ppr = earlier
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else "Normal"


def read_docx(path: Path | str, *, rejected: bool = False) -> DocxText:
    """The text of a .docx; with ``rejected``, as if all tracked changes were rejected.

    As in Word and LibreOffice, a paragraph whose mark is taken out runs on into the next
    paragraph of its story, which keeps its own properties; the last paragraph's mark
    stays. Footnotes are listed in the order of the references that remain.
    """
    out = DocxText()
    references: list[str] = []
    package = WordPackage(path, Path(path).read_bytes())
    labels = list_labels(package)
    for paragraph in body_paragraphs(package, rejected=rejected):
        text = plain_text(paragraph.items, rejected=rejected)
        numbering = _list_of(paragraph, rejected=rejected)
        if numbering is not None:  # the number Word shows, and the tab after it
            text = labels.advance(numbering)[1] + "\t" + text
        out.paragraphs.append(text)
        out.styles.append(_style(paragraph.element, rejected=rejected))
        kept = [item for item in paragraph.items if not (item.inserted if rejected else item.deleted)]
        references += [item.note or "" for item in kept if item.kind == NOTE]
    notes = {
        note_id: " ".join(" ".join(plain_text(p, rejected=rejected) for p in paragraphs).split())
        for note_id, paragraphs in footnotes(package).items()
    }
    out.footnotes = [notes[r] for r in references if r in notes]
    return out
