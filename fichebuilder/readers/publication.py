"""A published batch: the cover letter with which fiches go to parliament, and the fiches after it.

Parliament publishes a batch in its dossier 22 112 as the minister's letter (the dossier
line, ``Nr. 3791 BRIEF VAN DE MINISTER …``, the addressee, ``Den Haag, <date>``, the
standard sentence, one ``Fiche: <title>`` line per fiche, the signature) followed by the
fiches printed in it, each from its own ``Fiche:`` title on. A source document that holds
such a letter, or more than one fiche, is split here into one source document per
printed fiche, and the letter is read for what it says of them: the date they were sent
and their Kamerstuk numbers. A fiche listed with ``(Kamerstuk 22 112, nr. N)`` was
published before under that number; a fiche printed in the publication without one
carries the publication's own number (the ``Nr.`` under the dossier line).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from fichebuilder.readers import wording
from fichebuilder.readers.blocks import Block, SourceDocument, note_ids, plain
from fichebuilder.readers.headings import catalogue, normalise
from fichebuilder.readers.parts import block_inline

_DOSSIER = re.compile(r"^(?P<dossier>\d{1,3}(?: \d{3})*(?:-[0-9A-Z]+)?)\s+\S")
_NUMBER = re.compile(r"^Nr\.\s*(?P<number>[1-9]\d*)\b")
_PLACE_DATE = re.compile(r"^[\w’'.\- ]{2,40},\s*(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$")
_LISTED_NUMBER = re.compile(r"^(?P<title>.*?)\s*\(\s*Kamerstuk\s+(?P<kamerstuk>[^()]*?,\s*nr\.\s*\d+)\s*\)\s*$")
_WHERE = re.compile(r"^(?:line|page|paragraph|block) (\d+)")
# how close a printed fiche's title must be to the letter's line to be that line's fiche
_SAME_TITLE = 80


@dataclass(frozen=True)
class Listed:
    """A fiche as the letter lists it: its title, and the number it was published under before."""

    title: str
    kamerstuk: str | None = None


@dataclass
class CoverLetter:
    """What the letter in front of a batch says of it; None for what it does not say."""

    dossier: str | None = None  # "22 112"
    number: int | None = None  # the publication's own number in the dossier: 3791
    date: datetime.date | None = None  # the date the fiches were sent
    minister: str | None = None  # who signed it
    listed: list[Listed] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # letter text not understood

    @property
    def own_kamerstuk(self) -> str | None:
        """The publication's own Kamerstuk number: "22 112, nr. 3791"."""
        if self.number is None:
            return None
        return f"{self.dossier or catalogue()['letter']['dossier']}, nr. {self.number}"

    def kamerstuk_of(self, title: str) -> tuple[Listed | None, str | None]:
        """The letter's line of a fiche printed in the publication (by its title), and its number:
        the one it was published under before, else the publication's own."""
        line = self.line_of(title)
        if line is not None and line.kamerstuk:
            return line, line.kamerstuk
        return line, self.own_kamerstuk

    def line_of(self, title: str) -> Listed | None:
        wanted = normalise(title)
        scored = [(fuzz.ratio(wanted, normalise(line.title)), line) for line in self.listed]
        best = max(scored, key=lambda pair: pair[0], default=None)
        return best[1] if best is not None and best[0] >= _SAME_TITLE else None


@dataclass
class Publication:
    """A batch split: its letter (if it has one) and a source document per fiche printed in it."""

    letter: CoverLetter | None
    fiches: list[SourceDocument]

    @property
    def absent(self) -> list[Listed]:
        """The fiches the letter lists whose text the publication does not hold."""
        if self.letter is None:
            return []
        printed = [self.letter.line_of(title) for title in self.titles]
        return [line for line in self.letter.listed if not any(line is p for p in printed)]

    @property
    def titles(self) -> list[str]:
        return [block_title(f.blocks) for f in self.fiches]


def block_title(blocks: list[Block]) -> str:
    """The title a fiche's blocks start with ("" where they start otherwise)."""
    first = blocks[0] if blocks else None
    return first.text if first is not None and first.heading is not None and first.heading.level == 0 else ""


def split_publication(document: SourceDocument) -> Publication | None:
    """The letter and fiches of a published batch; None for a source that holds one fiche alone."""
    starts = [
        i
        for i, block in enumerate(document.blocks)
        if block.heading is not None
        and block.heading.level == 0
        and i + 1 < len(document.blocks)
        and (following := document.blocks[i + 1].heading) is not None
        and following.level == 1
    ]
    if not starts:
        return None
    front = document.blocks[: starts[0]]
    letter = read_letter(front) if _is_letter(front) else None
    if letter is None and len(starts) == 1:
        return None
    ends = [*starts[1:], len(document.blocks)]
    fiches = [_fiche_document(document, document.blocks[a:b]) for a, b in zip(starts, ends, strict=True)]
    _share_out(document, fiches, starts)
    if letter is not None and fiches:
        fiches[0].unplaced[:0] = letter.unplaced
    elif front and fiches:
        fiches[0].unplaced[:0] = [(block_inline(b), f"{b.where}, before the first fiche") for b in front]
    return Publication(letter, fiches)


def _is_letter(blocks: list[Block]) -> bool:
    """Whether the blocks before the first fiche are a letter: a line of its list, or its heading."""
    heading = catalogue()["letter"]["heading"].casefold()
    return any((b.heading is not None and b.heading.level == 0) or heading in plain(b.text).casefold() for b in blocks)


def read_letter(blocks: list[Block]) -> CoverLetter:
    """What a cover letter says: its dossier, number and date, the fiches it lists, who signed it."""
    wording_of = catalogue()["letter"]
    signature = str(wording_of["signature"])
    letter = CoverLetter()
    signed = False  # the signature's line was read: the minister's name follows, on it or after it
    for block in blocks:
        text = " ".join(plain(block.text).split())
        if block.heading is not None and block.heading.level == 0:
            listed = _LISTED_NUMBER.match(text)
            kamerstuk = re.sub(r"nr\.\s*", "nr. ", " ".join(listed.group("kamerstuk").split())) if listed else None
            letter.listed.append(Listed(listed.group("title") if listed else text, kamerstuk))
        elif letter.dossier is None and (m := _DOSSIER.match(text)) and not letter.listed:
            letter.dossier = m.group("dossier")
        elif (m := _NUMBER.match(text)) and letter.number is None:
            letter.number = int(m.group("number"))
        elif (m := _PLACE_DATE.match(text)) and letter.date is None and wording.parse_date(m.group("date")):
            letter.date = wording.parse_date(m.group("date"))
        elif text.startswith(signature):
            signed = True
            letter.minister = text[len(signature) :].strip() or None
        elif signed and letter.minister is None:
            letter.minister = text
        elif not _standard(text, wording_of):
            letter.unplaced.append((block_inline(block), f"{block.where}, in the letter before the fiches"))
    return letter


def _standard(text: str, wording_of: Mapping[str, Any]) -> bool:
    """Whether a paragraph of a letter is one of its standard lines (heading, addressee, sentence)."""
    fixed = [str(wording_of["addressee"]), str(wording_of["heading"])]
    # the sentence up to the number of fiches in it
    openings = [" ".join(str(s).split()).split("{")[0].strip() for s in wording_of["sentence"].values()]
    return text in fixed or any(text.startswith(opening) for opening in openings if opening)


def _fiche_document(document: SourceDocument, blocks: list[Block]) -> SourceDocument:
    """One printed fiche as a source document of its own, with the footnotes its text refers to."""
    fiche = SourceDocument(path=document.path, format=document.format, blocks=blocks)
    for note_id in (i for block in blocks for i in note_ids(block.text)):
        if note_id in document.notes:
            fiche.notes[note_id] = document.notes[note_id]
    return fiche


def _share_out(document: SourceDocument, fiches: list[SourceDocument], starts: list[int]) -> None:
    """Footnotes no text refers to, links found beside the text and unplaced text go to the fiche
    they stood in (by where they stood), or to the first where that is not known."""
    begins = [_position(document.blocks[i].where) for i in starts]

    def fiche_at(where: str) -> SourceDocument:
        at = _position(where)
        if at is None:
            return fiches[0]
        index = max((k for k, begin in enumerate(begins) if begin is not None and begin <= at), default=0)
        return fiches[index]

    referred = {note_id for fiche in fiches for note_id in fiche.notes}
    for note_id, note in document.notes.items():
        if note_id not in referred:
            fiche_at(note.where).notes[note_id] = note
    for url, where in document.links:
        fiche_at(where).links.append((url, where))
    for text, where in document.unplaced:
        fiche_at(where).unplaced.append((text, where))


def _position(where: str) -> int | None:
    m = _WHERE.match(where)
    return int(m.group(1)) if m else None
