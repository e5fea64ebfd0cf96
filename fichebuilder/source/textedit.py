"""Editing a Markdown text by its words: a change made to the words a reader sees (in a
reviewed Word document, say) written back into the Markdown source, keeping its markup.

A text's plain words (as ``markup.plain`` gives them) are mapped, character by character,
to where they stand in the source. A word-level diff of the old and the new words then
becomes edits of those source characters only, so that condition and concern marks,
footnote references, links, emphasis and lists stay where they are: a change inside a
marked span stays inside it. An insertion where markup separates two words goes next to
the word it is glued to, and otherwise after the markup (outside a span that ends there).
New words are plain: a ``*`` or ``[`` typed is written escaped, as a character, and a backslash
escape already in the text is changed or deleted with the character it stands for.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass

from fichebuilder.source import markup

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class VisibleText:
    """A Markdown text's plain words and, per character, its offset in the source."""

    source: str
    plain: str
    offsets: tuple[int, ...]


def visible_text(source: str) -> VisibleText:
    """The plain words of ``source`` with the source offset of each of their characters."""
    chars: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for token in markup.inline_tokens(source):
        if chars:
            # paragraphs are joined by a blank line: its two characters stand for the first and
            # the last character between the paragraphs, so that joining them deletes both
            start = _find_chars(source, token.content[:1] or "\n", cursor)
            chars += ["\n", "\n"]
            offsets += [cursor, max(start - 1, cursor + 1)] if start - cursor > 1 else [cursor, cursor]
            cursor = start
        for child in token.children or []:
            cursor = _take(source, child, cursor, chars, offsets)
    return VisibleText(source, "".join(chars), tuple(offsets))


def _take(source: str, child: object, cursor: int, chars: list[str], offsets: list[int]) -> int:
    """Map one inline token's visible characters; returns the cursor after its syntax."""
    kind = getattr(child, "type", "")
    if kind == "text":
        for char in getattr(child, "content", ""):
            found = _find_chars(source, char, cursor)
            if found > cursor and source[found - 1] == "\\" and char in _ESCAPABLE:
                found -= 1  # a backslash escape ("\\*") stands for its character: it goes with it
            chars.append(char)
            offsets.append(found)
            cursor = found + _width(source, found)
    elif kind in ("softbreak", "hardbreak"):
        found = source.find("\n", cursor)
        found = cursor if found == -1 else found
        chars.append(" ")
        offsets.append(found)
        cursor = found + 1
    elif kind == "footnote_ref":
        label = getattr(child, "meta", {}).get("label", "")
        cursor = _after(source, f"[^{label}]", cursor)
    elif kind == "link_close" and getattr(child, "markup", "") == "autolink":
        cursor = _after(source, ">", cursor)
    elif kind == "link_close":
        # past "](destination)": a destination's characters must not be taken for words
        cursor = _after(source, ")", _after(source, "](", cursor))
    elif kind == "span_close":
        cursor = _after(source, "}", _after(source, "]{", cursor))
    return cursor


# the characters CommonMark lets a backslash escape
_ESCAPABLE = frozenset(string.punctuation)


def _width(source: str, offset: int) -> int:
    """How many source characters stand for the visible character at ``offset``: two for a
    backslash escape, one otherwise."""
    return 2 if source[offset : offset + 1] == "\\" and source[offset + 1 : offset + 2] in _ESCAPABLE else 1


def _find_chars(source: str, char: str, cursor: int) -> int:
    found = source.find(char, cursor)
    if found == -1:  # an entity or escape stands for it: keep the place, never fail
        return min(cursor, max(len(source) - 1, 0))
    return found


def _after(source: str, syntax: str, cursor: int) -> int:
    found = source.find(syntax, cursor)
    return cursor if found == -1 else found + len(syntax)


def edit_words(source: str, new_plain: str) -> str:
    """``source`` with its plain words changed into ``new_plain``, its markup kept."""
    # an autolink <url> shows its address as its words: edited, it becomes [words](url)
    autolinks = set(_AUTOLINK.findall(source))
    expanded = _AUTOLINK.sub(lambda m: f"[{m[1]}]({m[1]})", source)
    edited = _edit_words(expanded, new_plain)
    return _COLLAPSIBLE.sub(lambda m: f"<{m[1]}>" if m[1] in autolinks else m[0], edited)


_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_COLLAPSIBLE = re.compile(r"\[([^\]\s]+)\]\(\1\)")


def _edit_words(source: str, new_plain: str) -> str:
    visible = visible_text(source)
    if visible.plain == new_plain:
        return source
    old_words = _WORDS.findall(visible.plain)
    new_words = _WORDS.findall(new_plain)
    starts = _starts(old_words)
    edits: list[tuple[int, int, str]] = []  # source start, source end, replacement
    for i1, i2, j1, j2 in _changed(old_words, new_words):
        edits += _source_edits(visible, starts[i1], starts[i2], "".join(new_words[j1:j2]))
    out = source
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return _EMPTIED.sub("", out)


# a link, autolink or marked span whose every word was deleted goes with its words (an escaped
# "\<>" is words a reviewer typed)
_EMPTIED = re.compile(r"(?<!\\)(?:\[\]\([^)\s]*\)|<>|\[\]\{[^}]*\})")


def _changed(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The stretches ``old[i1:i2]`` that became ``new[j1:j2]``.

    difflib's matcher is slow on words (a space is every other one) unless it may pass over
    the most frequent ones; that may leave a stretch larger than it need be, so each stretch
    it finds is matched again, word by word. The words both texts begin and end with are
    set aside first: a review changes a few words of a long text.
    """
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    out = []
    coarse = difflib.SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail])
    for op, i1, i2, j1, j2 in coarse.get_opcodes():
        if op == "equal":
            continue
        a, b = head + i1, head + j1
        fine = difflib.SequenceMatcher(None, old[a : head + i2], new[b : head + j2], autojunk=False)
        out += [(a + k1, a + k2, b + l1, b + l2) for op, k1, k2, l1, l2 in fine.get_opcodes() if op != "equal"]
    return out


def _starts(words: list[str]) -> list[int]:
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    return starts


def _source_edits(visible: VisibleText, start: int, end: int, text: str) -> list[tuple[int, int, str]]:
    """Replace the visible characters ``start:end`` by ``text``: the text goes where the first
    of them stood (or at the insertion point), the others are deleted run by run."""
    source = visible.source
    if start == end:
        at = _insertion_point(visible, start, text)
        return [(at, at, _escaped(source, at, text))]
    runs: list[list[int]] = []
    for offset in visible.offsets[start:end]:
        if runs and offset == runs[-1][1]:
            runs[-1][1] = offset + _width(source, offset)
        else:
            runs.append([offset, offset + _width(source, offset)])
    edits = [(run[0], run[1], "") for run in runs]
    edits[0] = (runs[0][0], runs[0][1], _escaped(source, runs[0][0], text))
    return edits


# what may stand between a line's start and its words: a list item's marker
_LINE_LEAD = re.compile(r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*")


def _escaped(source: str, at: int, words: str) -> str:
    """New words as the Markdown to write at ``at``: a ``*`` or ``[`` a reviewer typed is a
    character, not a mark, and "1. " at the start of a line does not start a list."""
    line = re.split(r"\r\n?|\n", source[:at])[-1]
    return markup.escape_words(words, line_start=_LINE_LEAD.fullmatch(line) is not None)


def _insertion_point(visible: VisibleText, at: int, text: str) -> int:
    offsets, source = visible.offsets, visible.source
    before = offsets[at - 1] + _width(source, offsets[at - 1]) if at > 0 else None
    after = offsets[at] if at < len(offsets) else None
    if before is None:
        return after if after is not None else len(source)
    if after is None:  # at the end: a new sentence goes after closing markup, a glued word beside it
        return _past_closing(source, before) if text[:1].isspace() else before
    if after == before or not text[:1].isspace():
        return before  # contiguous, or glued to the word before: stays beside it
    return after


def _past_closing(source: str, at: int) -> int:
    """After the markup that closes at ``at`` (``]{.condition}``, ``*``, a footnote reference)."""
    rest = source[at:]
    closing = re.match(r"(?:\]\{[^}]*\}|\*+|_+|\[\^[^\]]*\])*", rest)
    return at + (closing.end() if closing else 0)


# --- merging changes of one text's words ---------------------------------------------


@dataclass(frozen=True)
class Hunk:
    """One side's change of a text's words: base words ``start:end`` (word tokens) became ``new``."""

    side: str
    start: int
    end: int
    old: str
    new: str

    def touches(self, other: Hunk) -> bool:
        """Whether two changes claim the same words, or border each other (as git's merge, a word
        inserted against a word replaced is for a person to join: "heel" + "goed" -> "slecht")."""
        return self.start <= other.end and other.start <= self.end


@dataclass
class WordMerge:
    """The merged words, and each pair of changes that claim the same words (not merged)."""

    text: str
    conflicts: list[tuple[Hunk, Hunk]]


def word_changes(base: str, new: str, *, side: str) -> list[Hunk]:
    """The changes that turn the words of ``base`` into those of ``new``."""
    old_words, new_words = _WORDS.findall(base), _WORDS.findall(new)
    return [
        Hunk(side, i1, i2, "".join(old_words[i1:i2]), "".join(new_words[j1:j2]))
        for i1, i2, j1, j2 in _changed(old_words, new_words)
    ]


def merge_words(base: str, ours: str, theirs: dict[str, str]) -> WordMerge:
    """Three-way merge of a text's words: ``ours`` and every one of ``theirs`` (by side) changed ``base``.

    Our changes are kept (they are in the file already); each of theirs is taken unless it
    claims words another side changed otherwise: then it is left out and the pair is listed.
    The same change made on two sides is no conflict and is taken once.
    """
    kept = word_changes(base, ours, side="")
    theirs_changes = [h for side, text in theirs.items() for h in word_changes(base, text, side=side)]
    conflicts: list[tuple[Hunk, Hunk]] = []
    taken: list[Hunk] = []
    for hunk in theirs_changes:
        same = [h for h in [*kept, *taken] if (h.start, h.end, h.new) == (hunk.start, hunk.end, hunk.new)]
        clashes = [
            other
            for other in [*kept, *theirs_changes]
            if other is not hunk and other.side != hunk.side and hunk.touches(other)
            and (other.start, other.end, other.new) != (hunk.start, hunk.end, hunk.new)
        ]  # fmt: skip
        if clashes:
            conflicts += [(hunk, other) for other in clashes if (other, hunk) not in conflicts]
        elif not same:
            taken.append(hunk)
    return WordMerge(_applied(_WORDS.findall(base), [*kept, *taken]), conflicts)


def _applied(words: list[str], hunks: list[Hunk]) -> str:
    """``words`` with non-overlapping ``hunks`` made; an insertion goes before a change starting there."""
    out, at = [], 0
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end > h.start)):
        out += words[at : hunk.start]
        out.append(hunk.new)
        at = hunk.end
    return "".join(out + words[at:])
