"""Reading a fiche, or a published batch, from the HTML page the official publications site serves.

officielebekendmakingen.nl renders a Kamerstuk as HTML: the publication's text inside
the page's navigation, its paragraphs as block elements, section 1's lettered items as
a bulleted list, footnote marks as raised numbers linking to the notes at the end. The
page is read with the standard library's HTML parser into lines of running text (one
per block element, a list item with its bullet or number before it), which the paged
readers' ``blocks_from_lines`` turns into headings, paragraphs and items, as for the
text of a PDF. Links, emphasis and footnote marks are kept inline.

A footnote mark is a number that links within the page (``<a href="#…">1</a>``, raised or
in a raised element), its note the block the link leads to, read without its number and
without the link back to the mark: so the site writes them, and so do LibreOffice and
pandoc. Where no mark links, an element of a footnote class (``noot``) whose text starts
with its number is a note, and a raised number in the text its mark.

Where the page has the publication in an element of class ``stuk`` (as the site's
pages do), only that element and the footnotes are read; otherwise the page's ``main``
or ``article``, else its body. Scripts, styles, forms and navigation are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from fichebuilder.errors import SourceError
from fichebuilder.readers.blocks import EM, STRONG, Line, Note, SourceDocument, blocks_from_lines, clean, link, note_ref

_SKIPPED = {"script", "style", "head", "nav", "form", "button", "noscript", "template", "svg"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
_BLOCKS = {
    *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "table", "ul", "ol", "dl"),
    *("dt", "dd", "blockquote", "section", "article", "main", "pre", "address", "figure", "figcaption"),
    *("caption", "body", "html", "#root"),
}
# the classes of a footnote's element where no mark links to it, and of what in a note is not its text
_NOTE_CLASSES = {"noot", "voetnoot", "footnote", "voet"}
_NOTE_LEAVE_OUT = {"note-close"}
_NUMBER = re.compile(r"\d{1,3}")
_Leave = Callable[["_Element"], bool]  # what a reading leaves out


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    parent: _Element | None = None
    children: list[_Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[_Element]:
        yield self
        for child in self.children:
            if isinstance(child, _Element):
                yield from child.walk()

    def block(self) -> _Element:
        """The element itself where it is a block, else the nearest block around it."""
        element = self
        while element.tag not in _BLOCKS and element.parent is not None:
            element = element.parent
        return element

    def within(self, tag: str) -> bool:
        element: _Element | None = self
        while element is not None:
            if element.tag == tag:
                return True
            element = element.parent
        return False


class _TreeBuilder(HTMLParser):
    """An element tree of a page, forgiving as browsers are: an end tag closes the elements left open in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li") and self.stack[-1].tag == tag:
            self.stack.pop()  # <p> and <li> end at the next one
        element = _Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class _Notes:
    """A page's footnotes: the id of each mark's note, each note's number and text, and what the
    running text leaves out (the notes' blocks)."""

    marks: dict[_Element, str] = field(default_factory=dict)  # mark element -> note id
    numbers: dict[str, str] = field(default_factory=dict)  # raised number -> note id (notes by class)
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # note id -> (number, text)
    blocks: set[_Element] = field(default_factory=set)


def read_html(path: Path, text: str) -> SourceDocument:
    """A page of the official publications site (or another HTML page) as blocks and footnotes."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    document = SourceDocument(path=path, format="html")
    notes = _linked_notes(builder.root) or _class_notes(builder.root)
    reader = _Lines(notes)
    for element in _content(builder.root):
        reader.read(element)
    if not reader.lines:
        raise SourceError("is empty: the page holds no text", file=path)
    document.blocks = blocks_from_lines(reader.lines)
    for note_id, (number, note) in notes.notes.items():
        document.notes[note_id] = Note(note, f"footnote {number}")
    return document


def _content(root: _Element) -> list[_Element]:
    """The elements that hold the publication: the one of class ``stuk`` (after the dossier's title
    where the page has it apart), else ``main`` or ``article``, else the page."""
    elements = list(root.walk())
    stuk = next((e for e in elements if "stuk" in e.classes), None)
    if stuk is not None:
        inside = set(stuk.walk())
        return [e for e in elements if "dossiertitel" in e.classes and e not in inside] + [stuk]
    for tag in ("main", "article"):
        found = next((e for e in elements if e.tag == tag), None)
        if found is not None:
            return [found]
    return [root]


def _linked_notes(root: _Element) -> _Notes | None:
    """The footnotes whose marks link to them: a number that links within the page, raised."""
    named = {e.attrs.get(key): e for e in root.walk() for key in ("id", "name") if e.attrs.get(key)}
    found = _Notes()
    for element in root.walk():
        href = element.attrs.get("href", "")
        number = element.text().strip()
        target = named.get(href[1:]) if element.tag == "a" and href.startswith("#") else None
        raised = element.within("sup") or any(e.tag == "sup" for e in element.walk())
        if target is None or not raised or not _NUMBER.fullmatch(number) or target.within("nav"):
            continue
        note = target.block()
        if note in found.blocks:
            continue  # a link back from the note to its mark
        note_id = f"n{len(found.notes) + 1}"
        found.marks[element] = note_id
        found.blocks.add(note)
        found.notes[note_id] = (number, "")
    if not found.marks:
        return None
    backs = {name for e in found.marks for name in (e.attrs.get("id"), e.attrs.get("name")) if name}
    for note in found.blocks:
        note_id = next(i for e, i in found.marks.items() if named[e.attrs["href"][1:]].block() is note)
        number = found.notes[note_id][0]
        text = _note_text(note, number, leave_out=lambda e: e.attrs.get("href", "")[1:] in backs)
        found.notes[note_id] = (number, text)
    return found


def _class_notes(root: _Element) -> _Notes:
    """Footnotes where no mark links: elements of a footnote class whose text starts with their number."""
    found = _Notes()
    for element in root.walk():
        if not (element.classes & _NOTE_CLASSES) or element in found.blocks:
            continue
        text = _note_text(element, "", leave_out=lambda e: False)
        m = re.match(r"^(\d{1,3})\s*(\S.*)$", text)
        if m and m.group(1) not in found.numbers:
            note_id = f"n{len(found.notes) + 1}"
            found.numbers[m.group(1)] = note_id
            found.notes[note_id] = (m.group(1), m.group(2))
            found.blocks.update(element.walk())
    return found


def _note_text(note: _Element, number: str, *, leave_out: _Leave) -> str:
    """A note's text: its block read without the link back to its mark, a closing "X Noot", and its number."""
    lines = _Lines(_Notes(), leave_out=leave_out)
    lines.read(note)
    text = " ".join(" ".join(line.text for line in lines.lines).split())
    return re.sub(rf"^{re.escape(number)}\s*", "", text) if number else text


class _Lines:
    """The lines of running text of elements: one per block, with links, emphasis and footnote marks
    inline; the notes' own blocks, and what ``leave_out`` says, left out."""

    def __init__(self, notes: _Notes, *, leave_out: _Leave | None = None) -> None:
        self.notes = notes
        self.leave_out = leave_out or (lambda e: False)
        self.lines: list[Line] = []
        self.current = ""
        self.lists: list[list[int]] = []  # per open list: [its next number] (ol) or [] (ul)
        self.in_heading = 0

    def read(self, element: _Element) -> None:
        self._node(element)
        self._flush()

    def _flush(self) -> None:
        text = clean(" ".join(self.current.split()))
        if re.fullmatch(r"•|\d+\.", text):
            return  # a list item's marker waits for the item's first block
        if text and text not in (EM, STRONG):
            self.lines.append(Line(text, f"paragraph {len(self.lines) + 1}", starts_paragraph=True))
        self.current = ""

    def _node(self, element: _Element) -> None:
        tag = element.tag
        if (
            tag in _SKIPPED
            or element.classes & _NOTE_LEAVE_OUT
            or element in self.notes.blocks
            or self.leave_out(element)
        ):
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([int(element.attrs.get("start", "") or 1)] if tag == "ol" else [])
        elif tag == "li":
            self.current += self._marker() + " "
        elif tag == "br":
            self.current += " "
        heading = re.fullmatch(r"h[1-6]", tag) is not None
        self.in_heading += heading
        self._inline(element)
        self.in_heading -= heading
        if tag in ("ul", "ol"):
            self.lists.pop()
        if tag in _BLOCKS:
            self._flush()

    def _marker(self) -> str:
        if not self.lists or not self.lists[-1]:
            return "•"
        number = self.lists[-1][0]
        self.lists[-1][0] += 1
        return f"{number}."

    def _inline(self, element: _Element) -> None:
        tag, href, shown = element.tag, element.attrs.get("href", ""), element.text().strip()
        note_id = self.notes.marks.get(element) or (self.notes.numbers.get(shown) if tag == "sup" else None)
        if note_id:
            self.current = self.current.rstrip() + note_ref(note_id)
            return
        if tag == "a" and re.match(r"https?://", href) and shown:
            self.current += link(" ".join(shown.split()), href)
            return
        toggle = "" if self.in_heading else EM if tag in ("em", "i") else STRONG if tag in ("strong", "b") else ""
        if not toggle:
            self._children(element)
            return
        # emphasis wraps the words, not the spaces around them
        outer, self.current = self.current, ""
        self._children(element)
        inner, self.current = self.current, outer
        core = inner.strip()
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        self.current += f"{lead}{toggle}{core}{toggle}{trail}" if core else inner

    def _children(self, element: _Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.current += child
            else:
                self._node(child)
