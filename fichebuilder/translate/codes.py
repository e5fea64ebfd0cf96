"""A text's Markdown as XLIFF inline content: words for the translator, marks as codes.

A translation tool protects only what XLIFF marks as code, so every Markdown mark
of a text becomes one: a footnote reference ``[^key]`` a placeholder (``Ph``); a
condition or concern ``[…]{.condition}``, a link, emphasis and strong emphasis a
paired code (``Pc``) around its words; and the Markdown between paragraphs and
list items (``\\n\\n``, ``- ``) a placeholder too. Each code carries the exact
Markdown it stands for, so the translation's Markdown is rebuilt from its words
and the codes it kept. The marks are found by markdown-it (``source.markup``),
never by patterns on the raw text.

Everything outside a code is plain text: a ``*`` or ``[`` the translator types is
written back escaped, as a character, not a mark.

The text is cut into sentences (one XLIFF ``<segment>`` each): after ``.``, ``!``
or ``?`` (and any closing quote or bracket and footnote reference) followed by a
space and a capital or digit; never inside a paired code, nor after a common
abbreviation (``o.a.``, ``bijv.``, ``art.`` … see ``ABBREVIATIONS``) or an
initial (``J.``). A paragraph or list item always starts a new sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fichebuilder.source.markup import block_tokens

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass
class Ph:
    """A placeholder: Markdown that stands alone (a footnote reference, a paragraph break)."""

    id: str
    data: str
    kind: str = field(default="", compare=False)


@dataclass
class Pc:
    """A paired code: the Markdown that opens and closes a mark, around its content."""

    id: str
    start: str
    end: str
    children: list[Piece]
    kind: str = field(default="", compare=False)


Piece = str | Ph | Pc
Segment = list[Piece]

# Dutch (and a few English) abbreviations after which a full stop ends no sentence
ABBREVIATIONS = frozenset(
    {
        "o.a.", "bijv.", "bv.", "art.", "artt.", "m.b.t.", "t.a.v.", "i.p.v.", "d.w.z.", "e.d.", "enz.", "etc.",
        "incl.", "excl.", "nr.", "nrs.", "blz.", "p.", "pp.", "jo.", "ca.", "resp.", "zgn.", "z.g.", "t.o.v.",
        "i.v.m.", "m.u.v.", "n.a.v.", "o.b.v.", "m.n.", "vgl.", "dhr.", "mevr.", "mr.", "dr.", "prof.", "ir.",
        "drs.", "e.g.", "i.e.", "cf.", "vs.", "no.", "par.", "hfst.", "red.", "jl.", "a.s.", "nl.",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][)\]\"'”’»]*$")
_NEXT_STARTS = re.compile(r"[\"'“‘«(]?[A-ZÀ-Þ0-9]")


class _Ids:
    """Code ids, numbered from 1 through a unit (XLIFF wants them unique within it)."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return str(self.count)


def to_segments(text: str) -> list[Segment]:
    """The sentences of a Markdown text, its marks as codes."""
    segments: list[Segment] = []
    for block, pieces in _blocks(text, _Ids()):
        sentences = _sentences(pieces) or [[]]
        if block is not None:
            sentences[0].insert(0, block)
        segments.extend(sentences)
    return segments


def _walk(pieces: list[Piece]) -> Iterator[Ph | Pc]:
    for piece in pieces:
        if isinstance(piece, Ph):
            yield piece
        elif isinstance(piece, Pc):
            yield piece
            yield from _walk(piece.children)


def codes(segments: list[Segment]) -> list[Ph | Pc]:
    """Every code of a unit, in reading order."""
    return [code for segment in segments for code in _walk(segment)]


def _blocks(text: str, ids: _Ids) -> Iterator[tuple[Ph | None, list[Piece]]]:
    """Each paragraph or list item's inline content, with the Markdown that comes before it."""
    items: list[list[str | bool]] = []  # per open list item: its marker, and whether it is yet unwritten
    loose: list[bool] = []
    first = True
    previous_hidden = False
    for token in block_tokens(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            loose.append(False)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            loose.pop()
        elif token.type == "list_item_open":
            marker = f"{token.info}{token.markup} " if token.info else f"{token.markup} "
            items.append([marker, True])
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "paragraph_open":
            hidden = token.hidden
        elif token.type == "inline":
            separator = "" if first else ("\n" if hidden and previous_hidden else "\n\n")
            indent = "".join(str(m) if fresh else " " * len(str(m)) for m, fresh in items)
            for item in items:
                item[1] = False
            block = Ph(ids.next(), separator + indent, "block") if separator + indent else None
            yield block, _inline(token.children or [], ids, " " * len(indent))
            first, previous_hidden = False, hidden


def _inline(children: list[Token], ids: _Ids, indent: str) -> list[Piece]:
    """The inline tokens of a paragraph as text and codes."""
    root: list[Piece] = []
    stack = [root]
    for child in children:
        kind = child.type
        out = stack[-1]
        if kind in ("text", "softbreak"):
            _add_text(out, child.content if kind == "text" else " ")
        elif kind == "hardbreak":
            out.append(Ph(ids.next(), "\\\n" + indent, "break"))
        elif kind == "footnote_ref":
            out.append(Ph(ids.next(), f"[^{child.meta['label']}]", "footnote"))
        elif kind.endswith("_open"):
            code = Pc(ids.next(), *_delimiters(child), [], kind.removesuffix("_open"))
            out.append(code)
            stack.append(code.children)
        elif kind.endswith("_close") and len(stack) > 1:
            stack.pop()
    return root


def _delimiters(token: Token) -> tuple[str, str]:
    """The Markdown that opens and closes a mark."""
    if token.type == "link_open":
        href = str(token.attrs.get("href", ""))
        if re.search(r"[\s()<>]", href):
            href = f"<{href}>"
        title = token.attrs.get("title")
        quoted = ' "' + str(title).replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
        return "[", f"]({href}{quoted})"
    if token.type == "span_open":
        attributes = []
        for name, value in token.attrs.items():
            if name == "class":
                attributes += [f".{c}" for c in str(value).split()]
            elif name == "id":
                attributes.append(f"#{value}")
            else:
                attributes.append(f'{name}="{value}"')
        return "[", "]{" + " ".join(attributes) + "}"
    return token.markup, token.markup  # emphasis: * or _, strong: ** or __


def _add_text(pieces: list[Piece], text: str) -> None:
    if not text:
        return
    if pieces and isinstance(pieces[-1], str):
        pieces[-1] += text
    else:
        pieces.append(text)


# --- sentences -----------------------------------------------------------------------


def _sentences(pieces: list[Piece]) -> list[Segment]:
    """A paragraph's pieces cut into sentences; a cut falls only in text outside paired codes."""
    sentences: list[Segment] = [[]]
    for index, piece in enumerate(pieces):
        if not isinstance(piece, str):
            sentences[-1].append(piece)
            continue
        start = 0
        for cut in _cuts(piece, pieces[:index], pieces[index + 1 :]):
            _add_text(sentences[-1], piece[start:cut])
            start = cut
            sentences.append([])
        if piece[start:]:
            _add_text(sentences[-1], piece[start:])
    return [s for s in sentences if s]


def _cuts(text: str, before: list[Piece], after: list[Piece]) -> list[int]:
    """Where sentences start in ``text`` (after the spaces that end the one before)."""
    cuts = []
    for space in re.finditer(r"\s+", text):
        head, tail = text[: space.start()], text[space.end() :]
        if not head and before:
            head = _plain_tail(before)  # "… beleid.[^1] Daarna", "[… kosten.]{.condition} Zie"
        elif not head:
            continue
        end = _SENTENCE_END.search(head)
        if end is None:
            continue
        word = head[: end.start() + 1].rsplit(None, 1)[-1].lstrip("(\"'“‘«")
        if word.lower() in ABBREVIATIONS or re.fullmatch(r"\w\.", word):
            continue
        if tail and not _NEXT_STARTS.match(tail):
            continue
        if not tail and not (after and isinstance(after[0], Pc)):
            continue  # text ends here: the next sentence must start with a mark
        cuts.append(space.end())
    return cuts


def _plain_tail(before: list[Piece]) -> str:
    """The text before a run of footnote references, or at the end of a mark, for a cut after them."""
    for piece in reversed(before):
        if isinstance(piece, str):
            return piece
        if isinstance(piece, Pc):
            return _plain_tail(piece.children)
        if piece.kind != "footnote":
            return ""
    return ""


# --- back to Markdown ----------------------------------------------------------------

# what would be a mark in Markdown: the rest of the translation's characters stay as typed (an
# underscore between two letters or digits is none; beside another underscore it may be one)
_ESCAPE = re.compile(r"([\\`*\[\]{}<]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)|!(?=\[))")
_LINE_START = re.compile(r"^(\s*)([-+#]|\d+(?=[.)]))")


def to_markdown(segments: list[Segment]) -> str:
    """The Markdown of a unit's segments: their text escaped, their codes as the Markdown they hold."""
    out: list[str] = []
    line_start = True
    for piece in (p for segment in segments for p in segment):
        line_start = _write(piece, out, line_start)
    return "".join(out)


def _write(piece: Piece, out: list[str], line_start: bool) -> bool:
    """Append ``piece``; returns whether the next text starts a block."""
    if isinstance(piece, str):
        text = _ESCAPE.sub(r"\\\1", " ".join(piece.split("\n")))
        if line_start:  # a translation starting "- " or "1. " is words, not a list
            text = _LINE_START.sub(_escape_line_start, text)
        out.append(text)
        return line_start and not text.strip()
    if isinstance(piece, Ph):
        out.append(piece.data)
        return piece.data.endswith(("\n", " "))
    out.append(piece.start)
    inner = False
    for child in piece.children:
        inner = _write(child, out, inner)
    out.append(piece.end)
    return False


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark = match.groups()
    return f"{space}{mark}\\" if mark[0].isdigit() else f"{space}\\{mark}"
