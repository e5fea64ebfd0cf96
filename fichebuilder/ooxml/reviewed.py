"""A reviewed copy of a built fiche, read back: per anchored field its paragraphs' content with
the tracked changes in it, the comments, and the changes that stand outside every field.

The anchors are the bookmarks a build put around each text (see ``anchors``); the
document's custom properties map their names to field paths. Paragraphs are read with
``runs.paragraph_items`` (``marks=True``), the one reader of runs, so tracked
insertions, deletions and moves carry their author and date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.errors import SourceError
from fichebuilder.ooxml.anchors import PREFIX
from fichebuilder.ooxml.ns import qn
from fichebuilder.ooxml.properties import read_custom_properties
from fichebuilder.ooxml.reading import WordPackage, plain_text
from fichebuilder.ooxml.runs import (
    BOOKMARK_END,
    BOOKMARK_START,
    BREAK,
    COMMENT_END,
    COMMENT_REFERENCE,
    COMMENT_START,
    DELETED_TEXT,
    HYPHEN,
    NOTE,
    SYMBOL,
    TAB,
    TEXT,
    Change,
    Item,
    paragraph_items,
)

ANCHORS_PROPERTY = "fiche.anchors"
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
# what a build writes before a list item's text: its number or bullet and a tab
# LibreOffice renames a bookmark inside a footnote it copies on opening: f_footnotes_x_Copy_1
_COPY = re.compile(r"_Copy_\d+$")
_LIST_MARKER = re.compile(r"^(?:\d+[.)]|\u2022)\t")


@dataclass
class Paragraph:
    """The part of one paragraph that lies inside a field; ``mark`` is the tracked change of
    its paragraph mark (an inserted mark splits a paragraph, a deleted one joins two)."""

    items: list[Item]
    mark: Change | None = None
    formatting: Change | None = None

    def text(self, accept: Accept = None) -> str:
        """Its words with the tracked changes ``accept`` takes accepted, the others rejected
        (all accepted when it is None)."""
        kept = [item for item in self.items if _kept(item, accept)]
        return _LIST_MARKER.sub("", "".join(item.text for item in kept if item.kind in _WORDS))


Accept = Callable[[Change], bool] | None
_WORDS = {TEXT, DELETED_TEXT, TAB, BREAK, HYPHEN, SYMBOL}


def _kept(item: Item, accept: Accept) -> bool:
    change = item.change
    if change is None:
        return item.kind != DELETED_TEXT
    taken = accept is None or accept(change)
    return (change.kind == "ins") == taken


def rejected(change: Change) -> bool:
    """An ``accept`` that takes no change: the words as the build wrote them."""
    return False


@dataclass
class Comment:
    """A comment: who wrote it, when, what it says, and the text it is anchored to."""

    ident: str
    author: str
    date: str
    text: str
    anchored: str = ""
    field: str | None = None  # the path of the field it stands in


@dataclass
class Field:
    """A text of the position file as the reviewed document has it."""

    path: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    def text(self, accept: Accept = None) -> str:
        """Its words with the changes ``accept`` takes accepted (all when None), paragraphs apart by a blank line."""
        out = ""
        for n, paragraph in enumerate(self.paragraphs):
            # a paragraph split after a sentence keeps the space that followed it (and a build
            # never begins or ends a paragraph of a text with one)
            out += paragraph.text(accept).strip(" ")
            mark = paragraph.mark
            # an inserted mark that is not taken, or a deleted one that is, joins two paragraphs
            runs_on = mark is not None and (mark.kind == "del") == (accept is None or accept(mark))
            if n < len(self.paragraphs) - 1 and not runs_on:
                out += "\n\n"
        return out

    def changes(self) -> list[Item]:
        return [item for p in self.paragraphs for item in p.items if item.change is not None]


@dataclass(frozen=True)
class Place:
    """Where a paragraph stands: in the body or in a footnote (by its id), its number there,
    whether it is a heading, and the last heading before it. A report words it in its
    language; ``str`` gives the English the text report says."""

    paragraph: int
    note: str | None = None  # the footnote's id; None for the body
    heading: bool = False
    under: str = ""  # the last heading met, as a reader sees it ("2. Essentie voorstel")

    def __str__(self) -> str:
        part = "body" if self.note is None else f"footnote {self.note}"
        where = f"{part}, paragraph {self.paragraph}"
        if self.heading:
            return f"{where} (a heading)"
        return f'{where}, under "{self.under}"' if self.under else where


@dataclass
class Outside:
    """A tracked change in no field: where it stands, its words before and after, who made it."""

    place: Place
    old: str
    new: str
    change: Change | None


@dataclass
class Reviewed:
    """What a reviewed document holds, by field path."""

    properties: dict[str, str]
    fields: dict[str, Field]
    comments: list[Comment]
    outside: list[Outside]
    body: list[str]  # the body's paragraphs as all changes accepted leave them (for untracked edits)


def read_reviewed(path: Path | str, data: bytes) -> Reviewed:
    """Read a reviewed fiche; a SourceError if it is no .docx or has no anchors."""
    package = WordPackage(path, data)
    properties = read_custom_properties(package)
    try:
        names: dict[str, str] = json.loads(properties.get(ANCHORS_PROPERTY, "{}"))
    except ValueError:
        names = {}
    if not names:
        raise SourceError(
            "has no anchors: it was not built by fichebuilder (or they were removed); "
            "to make a position file from it, use `fiche import`",
            file=path,
        )
    reader = _Reader(names)
    comments = _comments(package)
    reader.story(_body_paragraphs(package), package.links("word/document.xml").get, None)
    notes = package.xml("word/footnotes.xml")
    if notes is not None:
        links = package.links("word/footnotes.xml").get
        for note in notes.iter(qn("w:footnote")):
            if note.get(qn("w:type")) not in _NOTE_TYPES:
                reader.story(list(note.iter(qn("w:p"))), links, str(note.get(qn("w:id"))))
    for comment in comments.values():
        comment.anchored = " ".join(reader.comment_text.get(comment.ident, "").split())
        comment.field = reader.comment_field.get(comment.ident)
    return Reviewed(properties, reader.fields, list(comments.values()), reader.outside, reader.body)


def _body_paragraphs(package: WordPackage) -> list[Any]:
    body = package.xml("word/document.xml")
    return [p for p in body.iter(qn("w:p")) if not any(a.tag == qn("mc:Fallback") for a in p.iterancestors())]


class _Reader:
    """Walks the paragraphs of a story, keeping which anchors and comments are open."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.fields: dict[str, Field] = {}
        self.outside: list[Outside] = []
        self.comment_text: dict[str, str] = {}
        self.comment_field: dict[str, str] = {}
        self.body: list[str] = []
        self.heading = ""  # the last heading met, to say where a change in no field stands
        self.note_headings: dict[str, str] = {}  # footnote id -> the heading of the text that refers to it

    def story(self, paragraphs: list[Any], links: Any, note: str | None) -> None:
        """The paragraphs of the body (``note`` None) or of the footnote with id ``note``."""
        ids: dict[str, str] = {}  # bookmark id -> path, for the anchors of this story
        open_paths: list[str] = []
        comments: set[str] = set()
        for n, p in enumerate(paragraphs):
            items = paragraph_items(p, links, marks=True)
            if note is None:
                self.body.append(plain_text(items))
            walk = _ParagraphWalk({path: [] for path in open_paths})
            for item in items:
                ident = item.element.get(qn("w:id"), "") if item.run is None else ""
                if item.kind == BOOKMARK_START:
                    name = _COPY.sub("", item.element.get(qn("w:name"), ""))
                    if name.startswith(PREFIX) and name in self.names:
                        # LibreOffice saves a bookmark over several paragraphs as two starts
                        # of one name: the range runs from the first start to the last end
                        ids[ident] = self.names[name]
                        if ids[ident] not in open_paths:
                            open_paths.append(ids[ident])
                            walk.start(ids[ident])
                elif item.kind == BOOKMARK_END and ids.get(ident) in open_paths:
                    open_paths.remove(ids[ident])
                    walk.glued = ids[ident]
                elif item.kind in (COMMENT_START, COMMENT_REFERENCE):
                    key = ident or item.element.get(qn("w:id"), "")
                    if item.kind == COMMENT_START:
                        comments.add(key)
                    if open_paths:
                        self.comment_field.setdefault(key, open_paths[-1])
                elif item.kind == COMMENT_END:
                    comments.discard(ident)
                else:
                    if item.kind == NOTE and note is None:
                        self.note_headings.setdefault(item.element.get(qn("w:id"), ""), self.heading)
                    for key in comments:
                        if item.kind in (TEXT, DELETED_TEXT):
                            self.comment_text[key] = self.comment_text.get(key, "") + item.text
                    walk.add(item, open_paths[-1] if open_paths else None)
            self._paragraph(p, items, walk, n + 1, note)

    def _paragraph(self, p: Any, items: list[Item], walk: _ParagraphWalk, number: int, note: str | None) -> None:
        mark, formatting = _paragraph_changes(p)
        for path, parts in walk.parts.items():
            # the paragraph's own formatting change, else the first of its runs in this field
            changed = formatting or next(filter(None, map(formatting_change, parts)), None)
            self.fields.setdefault(path, Field(path)).paragraphs.append(Paragraph(parts, mark, changed))
        heading = _is_heading(p)
        # a footnote stands under the heading of the text that refers to it
        under = self.heading if note is None else self.note_headings.get(note, "")
        where = Place(number, note, heading, "" if heading else under)
        if heading:
            # as a reader sees it: "2. Essentie voorstel", not the tab after its number
            self.heading = " ".join(plain_text(items, rejected=True).split())
        stray = walk.stray + walk.waiting
        if walk.parts and stray:
            old = "".join(i.text for i in stray if i.change and i.change.kind == "del")
            new = "".join(i.text for i in stray if i.change and i.change.kind == "ins")
            self.outside.append(Outside(where, old, new, stray[0].change))
        elif not walk.parts and (stray or (mark is not None and mark.kind == "ins")):
            old = plain_text(items, rejected=True) if stray else ""
            self.outside.append(Outside(where, old, plain_text(items), stray[0].change if stray else mark))


class _ParagraphWalk:
    """A paragraph's items shared out over the fields open in it.

    What stands in no field is a change outside the fields, except a tracked insertion
    right after a field's end or right before its start: Word types what follows a
    bookmark's last word outside it, so that is taken as the field's own (the field
    that ended first, when it stands between two with nothing else).
    """

    def __init__(self, parts: dict[str, list[Item]]) -> None:
        self.parts = parts
        self.stray: list[Item] = []
        self.waiting: list[Item] = []  # insertions since the last words in no field
        self.glued: str | None = None  # the field that ended with nothing in no field since

    def start(self, path: str) -> None:
        self.parts.setdefault(path, []).extend(self.waiting)
        self.waiting = []
        self.glued = None

    def add(self, item: Item, path: str | None) -> None:
        if path is not None:
            self.parts[path].append(item)
        elif item.change is not None and item.change.kind == "ins" and item.text:
            if self.glued is not None:
                self.parts[self.glued].append(item)
            else:
                self.waiting.append(item)
        elif item.text:
            self.glued = None
            self.stray += self.waiting
            self.waiting = []
            if item.change is not None:
                self.stray.append(item)


def _is_heading(p: Any) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = style.get(qn("w:val"), "") if style is not None else ""
    return name.lower().startswith(("heading", "kop", "title"))


def _paragraph_changes(p: Any) -> tuple[Change | None, Change | None]:
    """The tracked change of a paragraph's mark, and a tracked change of its properties."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return None, None
    mark = None
    rpr = ppr.find(qn("w:rPr"))
    for tag, kind in (("w:ins", "ins"), ("w:del", "del")):
        found = rpr.find(qn(tag)) if rpr is not None else None
        if found is not None:
            mark = Change(kind, found.get(qn("w:author"), ""), found.get(qn("w:date"), ""))
    change = ppr.find(qn("w:pPrChange"))
    formatting = (
        Change("format", change.get(qn("w:author"), ""), change.get(qn("w:date"), "")) if change is not None else None
    )
    return mark, formatting


def formatting_change(item: Item) -> Change | None:
    """A tracked change of a run's formatting (``w:rPrChange``)."""
    if item.rpr is None:
        return None
    change = item.rpr.find(qn("w:rPrChange"))
    if change is None:
        return None
    return Change("format", change.get(qn("w:author"), ""), change.get(qn("w:date"), ""))


def _comments(package: WordPackage) -> dict[str, Comment]:
    rels = package.xml("word/_rels/document.xml.rels")
    target = None
    if rels is not None:
        for rel in rels.iter(qn("rel:Relationship")):
            if rel.get("Type") == _COMMENTS_TYPE:
                target = "word/" + rel.get("Target", "").removeprefix("/word/")
    root = package.xml(target) if target else None
    if root is None:
        return {}
    found = {}
    for comment in root.iter(qn("w:comment")):
        text = " ".join(plain_text(paragraph_items(p, lambda _: None)) for p in comment.iter(qn("w:p")))
        ident = comment.get(qn("w:id"), "")
        found[ident] = Comment(ident, comment.get(qn("w:author"), ""), comment.get(qn("w:date"), ""), text.strip())
    return found
