"""Word's own list numbering (``numbering.xml``): the house style's list definitions, the
numbering of a list's paragraphs, and the labels ("1.", "a)", "•") Word shows for them.

A list is written as Word writes one: its paragraphs carry ``w:numPr`` (which list, which
level) and Word draws the numbers, so they renumber when a drafter edits the list and
screen readers announce a list. The look of a list lives in an abstract definition of
the house style, found by its name; each list written gets a numbering instance of its
own that starts it again at its first number.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.parts.numbering import NumberingPart

from fichebuilder.ooxml.ns import nsdecls, qn

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

ORDERED, BULLET = "ordered", "bullet"
LEVELS = 9  # Word's levels 0-8
INDENT = 357  # twips per level (0.63 cm), as the List Number and List Bullet styles indent
BULLET_MARK = "\u2022"
# the names of the house style's abstract definitions: the ordered ones by their delimiter
_NAMES = {(ORDERED, "."): "Fiche ordered list", (ORDERED, ")"): "Fiche ordered list )", (BULLET, ""): "Fiche bullets"}


def numbering_root(document: Document) -> Any:
    """The document's ``w:numbering``, the part made if the house style has none."""
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    part = NumberingPart(
        PackURI("/word/numbering.xml"), CT.WML_NUMBERING, parse_xml(f"<w:numbering {nsdecls('w')}/>"), main.package
    )
    main.relate_to(part, RT.NUMBERING)
    return part.element


def define_house_lists(document: Document) -> None:
    """Make the house style's list definitions the only ones of the document (python-docx's
    template brings nine single-level ones for styles the house style does not keep)."""
    root = numbering_root(document)
    for child in list(root):
        root.remove(child)
    for kind, delimiter in _NAMES:
        _add_abstract(root, kind, delimiter)


def _add_abstract(root: Any, kind: str, delimiter: str, *, indent: int = INDENT) -> str:
    """A new abstract definition of ``kind`` at the end of the abstract ones; returns its id."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    abstract_id = str(max([-1, *ids]) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    _child(abstract, "w:multiLevelType", "multilevel")
    _child(abstract, "w:name", _NAMES[kind, delimiter])
    for level in range(LEVELS):
        abstract.append(_level(kind, delimiter, level, indent))
    instances = root.findall(qn("w:num"))
    if instances:  # the schema puts every abstract definition before the instances
        instances[0].addprevious(abstract)
    else:
        root.append(abstract)
    return abstract_id


def _level(kind: str, delimiter: str, level: int, indent: int) -> Any:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(level))
    _child(lvl, "w:start", "1")
    _child(lvl, "w:numFmt", "decimal" if kind == ORDERED else "bullet")
    _child(lvl, "w:lvlText", f"%{level + 1}{delimiter}" if kind == ORDERED else BULLET_MARK)
    _child(lvl, "w:lvlJc", "left")
    ppr = OxmlElement("w:pPr")
    tabs = OxmlElement("w:tabs")
    tab = _child(tabs, "w:tab", "num")
    tab.set(qn("w:pos"), str(indent * (level + 1)))
    ppr.append(tabs)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(indent * (level + 1)))
    ind.set(qn("w:hanging"), str(indent))
    ppr.append(ind)
    lvl.append(ppr)
    return lvl


def _child(parent: Any, tag: str, value: str) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.append(element)
    return element


class ListNumbering:
    """Numbers the lists of one document: a numbering instance per list, restarted at its start."""

    def __init__(self, document: Document, *, indent: int = INDENT) -> None:
        self.root = numbering_root(document)
        self.indent = indent  # twips per level, for definitions the house style lacks
        self.abstracts: dict[tuple[str, str], str] = {}
        for abstract in self.root.findall(qn("w:abstractNum")):
            name = abstract.find(qn("w:name"))
            for key, wanted in _NAMES.items():
                if name is not None and name.get(qn("w:val")) == wanted:
                    self.abstracts.setdefault(key, abstract.get(qn("w:abstractNumId")))

    def start(self, kind: str, *, level: int, start: int = 1, delimiter: str = ".") -> str:
        """A new list of ``kind`` at ``level`` whose first item is numbered ``start``; returns its numId."""
        key = (kind, delimiter if kind == ORDERED else "")
        if key not in self.abstracts:  # a house style of its own, without ours: add them
            self.abstracts[key] = _add_abstract(self.root, *key, indent=self.indent)
        num = self.root.add_num(int(self.abstracts[key]))
        num.add_lvlOverride(ilvl=level).add_startOverride(start)
        return str(num.numId)


def number_paragraph(paragraph: Paragraph, num_id: str, level: int) -> None:
    """Make ``paragraph`` an item at ``level`` of list ``num_id``."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


class ListAdopter:
    """Gives paragraphs copied from ``source`` (the redline's old version) lists of ``target``:
    each list of the source becomes a numbering instance of the target, once."""

    def __init__(self, source: Document, target: Document) -> None:
        self.source = numbering_root(source)
        self.target = numbering_root(target)
        self.adopted: dict[str, str] = {}

    def adopt(self, element: Any) -> None:
        """Point every list reference (``w:numId``) under ``element`` at the target's copy of its list."""
        for num_id in element.iter(qn("w:numId")):
            old = num_id.get(qn("w:val"))
            if old is not None and old != "0":
                num_id.set(qn("w:val"), self._instance(old))

    def _instance(self, old: str) -> str:
        if old not in self.adopted:
            source = next((n for n in self.source.findall(qn("w:num")) if n.get(qn("w:numId")) == old), None)
            if source is None:  # a reference to no list: it stays as it was
                return old
            abstract = source.find(qn("w:abstractNumId")).get(qn("w:val"))
            num = self.target.add_num(int(self._abstract(abstract)))
            for override in source.findall(qn("w:lvlOverride")):
                num.append(copy.deepcopy(override))
            self.adopted[old] = str(num.numId)
        return self.adopted[old]

    def _abstract(self, old: str) -> str:
        """The target's abstract definition of the same name as the source's ``old`` (copied if none)."""
        source = next(a for a in self.source.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == old)
        name = source.find(qn("w:name"))
        for abstract in self.target.findall(qn("w:abstractNum")):
            found = abstract.find(qn("w:name"))
            if name is not None and found is not None and found.get(qn("w:val")) == name.get(qn("w:val")):
                return str(abstract.get(qn("w:abstractNumId")))
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.target.findall(qn("w:abstractNum"))]
        copied = copy.deepcopy(source)
        copied.set(qn("w:abstractNumId"), str(max([-1, *ids]) + 1))
        instances = self.target.findall(qn("w:num"))
        if instances:
            instances[0].addprevious(copied)
        else:
            self.target.append(copied)
        return str(copied.get(qn("w:abstractNumId")))


# --- reading the labels back ----------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class ListLabels:
    """The labels Word gives the numbered paragraphs of a document, read in order.

    As in Word, numbering instances of one abstract definition count on together; an
    instance that overrides a level's start starts that level again where it is first used.
    """

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # by numId
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    restarts: dict[str, list[int]] = field(default_factory=dict)  # numId -> levels it starts again
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # by abstractNumId
    started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, numbering: Any) -> ListLabels:
        """The list definitions of a parsed ``numbering.xml`` (None: a document without lists)."""
        labels = cls()
        if numbering is None:
            return labels
        abstract = {a.get(qn("w:abstractNumId"), ""): _levels(a) for a in numbering.iter(qn("w:abstractNum"))}
        for num in numbering.iter(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            ref = num.find(qn("w:abstractNumId"))
            abstract_id = ref.get(qn("w:val"), "") if ref is not None else ""
            levels = dict(abstract.get(abstract_id, {}))
            for override in num.iter(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                level = _int(override.get(qn("w:ilvl")), 0)
                if start is not None:
                    kept = levels.get(level, _Level())
                    levels[level] = _Level(kept.fmt, kept.text, _int(start.get(qn("w:val")), kept.start))
                    labels.restarts.setdefault(num_id, []).append(level)
            labels.levels[num_id] = levels
            labels.abstract_of[num_id] = abstract_id
        return labels

    def format(self, numbered: tuple[str, str]) -> str:
        """The number format ("decimal", "bullet" …) of a (numId, ilvl)."""
        num_id, ilvl = numbered
        return self.levels.get(num_id, {}).get(_int(ilvl, 0), _Level()).fmt

    def advance(self, numbered: tuple[str, str]) -> tuple[int, str]:
        """Count one more item at (numId, ilvl): its number and the label Word shows."""
        num_id, ilvl = numbered
        level = _int(ilvl, 0)
        levels = self.levels.get(num_id, {})
        counts = self.counters.setdefault(self.abstract_of.get(num_id, f"#{num_id}"), {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restarted in self.restarts.get(num_id, []):
                counts.pop(restarted, None)
        counts[level] = counts.get(level, levels.get(level, _Level()).start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]  # a higher item starts the lists under it again
        if levels.get(level, _Level()).fmt == "bullet":
            # one mark for every bullet: Word and LibreOffice write theirs as a Symbol-font
            # character (U+F0B7) where the house style has "•"
            return counts[level], BULLET_MARK
        text = levels.get(level, _Level()).text
        for k in range(LEVELS):
            if f"%{k + 1}" in text:
                count = counts.get(k, levels.get(k, _Level()).start)
                text = text.replace(f"%{k + 1}", _formatted(count, levels.get(k, _Level()).fmt))
        return counts[level], text


def _levels(abstract: Any) -> dict[int, _Level]:
    out = {}
    for lvl in abstract.iter(qn("w:lvl")):
        values = {}
        for tag in ("w:numFmt", "w:lvlText", "w:start"):
            element = lvl.find(qn(tag))
            values[tag] = element.get(qn("w:val")) if element is not None else None
        out[_int(lvl.get(qn("w:ilvl")), 0)] = _Level(
            values["w:numFmt"] or "decimal", values["w:lvlText"] or "", _int(values["w:start"], 1)
        )
    return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _formatted(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        roman = ""
        for value, numeral in zip(
            (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
            ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
            strict=True,
        ):
            while number >= value:
                roman += numeral
                number -= value
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(number)
