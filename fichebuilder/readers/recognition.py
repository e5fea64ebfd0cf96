"""What recognising a fiche gathers as it goes, shared by the recognisers of its parts.

Each recogniser (``general``, ``assessment``, ``grounds``, ``footnotes``) returns the
model's own values; besides them it records here the notes the position file carries
for the drafter (a field not found, a stance proposed, an address derived) by field
path, and the text it could not place, with where it stood. A field the source does
not give holds a stand-in in the fiche ("" for a text) and a blank note: the position
file shows it empty, to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fichebuilder.readers.blocks import Block, SourceDocument, markdown, plain
from fichebuilder.source.yamlwrite import FieldNote

NOT_FOUND = "niet gevonden in de bron: vul in"


@dataclass
class Recognition:
    """A source document being recognised: footnote keys, notes by field path, unplaced text."""

    document: SourceDocument
    keys: dict[str, str] = field(default_factory=dict)  # footnote id ("n1") -> the position file's key
    notes: dict[str, FieldNote] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (inline text, where it stood)

    def text(self, blocks: list[Block]) -> str | None:
        """The Markdown of a run of blocks (paragraphs and list items); None where they hold none."""
        return join_markdown([(b.kind, b.marker, markdown(b.text, self.keys, block=b.kind != "item")) for b in blocks])

    def plain_text(self, blocks: list[Block]) -> str:
        """The words of a run of blocks, on one line."""
        return " ".join(" ".join(plain(b.text) for b in blocks).split())

    def required(self, text: str | None, path: str) -> str:
        """A text the fiche needs: the text, or "" with a note that the source did not give it."""
        if text is None or text == "":
            self.not_found(path)
            return ""
        return text

    def not_found(self, path: str, comment: str = NOT_FOUND) -> None:
        self.notes[path] = FieldNote(comment, blank=True)

    def note(self, path: str, comment: str) -> None:
        self.notes[path] = FieldNote(comment)


def join_markdown(pieces: list[tuple[str, str, str]]) -> str | None:
    """(kind, marker, Markdown) pieces as one text: paragraphs apart by a blank line,
    consecutive list items of one list, and the lists nested in them (their markers
    indented), on consecutive lines."""
    out = ""
    previous = ""
    for kind, marker, text in pieces:
        if not text:
            continue
        piece = f"{marker} {text}" if kind == "item" else text
        last = out.rsplit("\n", 1)[-1]
        nested = len(marker) - len(marker.lstrip()) != len(last) - len(last.lstrip())
        if not out:
            out = piece
        elif kind == "item" and previous == "item" and (nested or marker[-1:] == last.lstrip().split(" ", 1)[0][-1:]):
            out += "\n" + piece
        else:
            out += "\n\n" + piece
        previous = kind
    return out or None
