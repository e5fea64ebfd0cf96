"""The Word redline of two versions of a fiche: the new fiche with every change tracked.

Both versions are built (same template, in Dutch) and their paragraphs aligned;
edited paragraphs are compared word by word. The result is the new version's
document in which removed text stands in ``w:del`` and added text in ``w:ins``
(author "fiche diff"), so that accepting every change in Word or LibreOffice gives
the new fiche and rejecting every change gives the old one.

Accepting and rejecting act on paragraph marks too: a paragraph whose mark goes runs
on into the next one. So a wholly added or removed paragraph has its mark tracked
and vanishes without a trace; and since Word never removes the last paragraph's
mark, the last paragraph is always one both versions have (paired if need be).
A footnote comes and goes with its tracked reference; a note both versions have
with a changed text has the change tracked inside it. Hyperlinks and notes taken
from the old version get relationships and ids of their own in the new package.

The markup is what Word writes; where LibreOffice (7.4) reads it wrongly, the
redline takes another valid shape that both read alike: footnotes numbered in
reference order, the paragraph with the first footnote reference never wholly
added or removed (``_pair_first_note``), and a moved paragraph's mark tracked one
paragraph up (``_shifted_marks``). Each was found by accepting and rejecting all
changes in LibreOffice (``tests/test_redline.py``).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from fichebuilder.compare.changes import FicheDiff
from fichebuilder.compare.diff import compare_fiches
from fichebuilder.files import check_output_path
from fichebuilder.ooxml import anchors, footnotes, numbering, tracking
from fichebuilder.ooxml.tracking import DELETED, INSERTED, KEPT, Piece
from fichebuilder.source.loading import Loaded
from fichebuilder.writers import templating
from fichebuilder.writers.building import build_document, save_document

AUTHOR = "fiche diff"
LANGUAGE = "nl"
# a changed paragraph at least this alike its old self (difflib's ratio over words)
# is shown as edited word by word; a less alike one as deleted and inserted whole
PAIRING = 0.5
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
SAME, PAIRED = "same", "paired"

Op = tuple[str, int | None, int | None]


def write_redline(
    old: Loaded,
    new: Loaded,
    output: Path | str,
    *,
    template: Path | str | None = None,
    date: datetime.datetime | None = None,
    diff: FicheDiff | None = None,
) -> None:
    """Write the redline from ``old`` to ``new`` (Dutch fiches, built with ``template``)
    as a .docx at ``output``; its changes are dated ``date`` (default: now). ``diff`` is
    their comparison where the caller has made it already (it gives the changed stances)."""
    target = Path(output)
    for loaded in (old, new):
        check_output_path(target, source=loaded.path)
    templates = templating.resolve_template(template)
    old_document = build_document(old, LANGUAGE, templates=templates)
    new_document = build_document(new, LANGUAGE, templates=templates)
    stances = templates.catalogue(LANGUAGE)["stances"]
    notes = stance_notes(diff or compare_fiches(old, new), new, new_document, stances)
    document = redline_document(old_document, new_document, date=date)
    for words, note in notes:
        anchors.comment_on(document, words, note, author=AUTHOR, initials="fd")
    save_document(document, target)


def stance_notes(diff: FicheDiff, new: Loaded, built: Any, stances: dict[str, str]) -> list[tuple[str, str]]:
    """Per action whose stance changed, the words of its paragraph in the new fiche (``built``)
    and the comment to put there ("standpunt: … → …"): a fiche prints no stances, so tracked
    text alone would not show the change."""
    index = {id(action): i for i, action in enumerate(new.fiche.actions)}
    notes = []
    for change in diff.actions:
        if not change.stance_changed or change.new is None:
            continue
        old = stances.get(change.old_stance or "", change.old_stance)
        words = anchors.anchored_text(built, f"actions.{index[id(change.new)]}.text")
        if words:  # an action without text has no paragraph of its own to comment on
            notes.append((words, f"standpunt: {old} → {stances.get(change.new.stance, change.new.stance)}"))
    return notes


def redline_document(old_document: Any, new_document: Any, *, date: datetime.datetime | None = None) -> Any:
    """``new_document`` (a built fiche) turned into the redline from ``old_document``."""
    revisions = tracking.Revisions(author=AUTHOR, date=timestamp(date))
    _Redline(old_document, new_document, revisions).run()
    return new_document


def timestamp(date: datetime.datetime | None) -> str:
    """``date`` (default now; a naive one taken as UTC) as Word's revision date, in UTC."""
    if date is None:
        date = datetime.datetime.now(datetime.UTC)
    elif date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclasses.dataclass
class _Paragraph:
    node: Any  # the paragraph as the OOXML layer reads and writes it
    look: str
    pieces: list[Piece]  # texts split into words and the spaces between them


class _Version:
    """One version of the fiche: its document, its parts and its footnotes."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.body_part = document.part
        self.notes_part = footnotes.footnotes_part(document)
        self.notes = {
            note_id: [self.paragraph(p, self.notes_part) for p in paragraphs]
            for note_id, paragraphs in footnotes.footnote_bodies(document).items()
        }

    def body(self) -> list[_Paragraph]:
        return [self.paragraph(p, self.body_part) for p in tracking.body_paragraphs(self.document)]

    @staticmethod
    def paragraph(node: Any, part: Any) -> _Paragraph:
        return _Paragraph(node, tracking.paragraph_look(node), _split_words(tracking.read_pieces(node, part)))

    def key(self, paragraph: _Paragraph) -> tuple[Any, ...]:
        """What makes two paragraphs the same: properties, words, formatting, links and notes' contents."""
        words = (self.note_key(p.note) if p.kind == "note" else _word_key(p) for p in paragraph.pieces)
        return (paragraph.look, *words)

    def note_key(self, note_id: str | None) -> tuple[Any, ...]:
        return ("note", *(self.key(p) for p in self.notes.get(note_id or "", [])))


class _Redline:
    def __init__(self, old_document: Any, new_document: Any, revisions: tracking.Revisions) -> None:
        self.old = _Version(old_document)
        self.new = _Version(new_document)
        self.revisions = revisions
        self.placed: list[str] = []  # footnote ids in the order their references are written
        self.lists = numbering.ListAdopter(old_document, new_document)

    def run(self) -> None:
        body = self.story(self.old.body(), self.new.body(), part=self.new.body_part)
        tracking.replace_body(self.new.document, body)
        footnotes.number_footnotes(self.new.document, self.placed)

    def story(self, old: list[_Paragraph], new: list[_Paragraph], *, part: Any) -> list[Any]:
        """The paragraphs of the redline of a body or a footnote."""
        out = []
        old_keys = [self.old.key(p) for p in old]
        new_keys = [self.new.key(p) for p in new]
        ops = _pair_first_note(align(old_keys, new_keys, _similarity(old, new)), old, new)
        shifted = _shifted_marks(ops, old, new)
        for n, (op, i, j) in enumerate(ops):
            if op == SAME:
                assert j is not None
                out.append(new[j].node)
                self.placed += [p.note for p in new[j].pieces if p.note is not None]
            elif op == PAIRED:
                assert i is not None and j is not None
                out.append(self.edited(old[i], new[j], part))
            elif op == DELETED:
                assert i is not None
                out.append(self.whole(old[i], DELETED, part, mark=shifted.get(n) != KEPT))
                self.lists.adopt(out[-1])
            else:
                assert j is not None
                out.append(self.whole(new[j], INSERTED, part, mark=shifted.get(n) != KEPT))
            if shifted.get(n) in (DELETED, INSERTED):
                tracking.track_paragraph_mark(out[-1], shifted[n], self.revisions)
        return out

    def whole(self, paragraph: _Paragraph, state: str, part: Any, *, mark: bool = True) -> Any:
        """A paragraph written with all its content in ``state`` (its mark too, if ``mark``)."""
        content = [(state, self.note(p, state) if p.kind == "note" else p) for p in paragraph.pieces]
        tracked = mark and state != KEPT
        return tracking.write_paragraph(paragraph.node, content, part, self.revisions, mark=state if tracked else None)

    def edited(self, old: _Paragraph, new: _Paragraph, part: Any) -> Any:
        """A paragraph both versions have, its changes tracked word by word."""
        content = []
        for state, piece, before in diff_words(old.pieces, new.pieces):
            if piece.kind == "note":
                piece = self.note(piece, state, before)
            content.append((state, piece))
        paragraph = tracking.write_paragraph(new.node, content, part, self.revisions, was=old.node)
        for earlier in tracking.earlier_properties(paragraph):  # the old version's, lists included
            self.lists.adopt(earlier)
        return paragraph

    def note(self, reference: Piece, state: str, before: Piece | None = None) -> Piece:
        """Put in place the footnote a reference in the redline points to; returns the reference."""
        # A note comes and goes with its reference, so the text of a note only one version
        # has is not tracked itself (LibreOffice mishandles changes inside such a note).
        if state == DELETED:  # a note of the old version, copied in
            old_body = self.old.notes.get(reference.note or "", [])
            body = [self.whole(p, KEPT, self.new.notes_part, mark=False) for p in old_body]
            for copied in body:
                self.lists.adopt(copied)
            reference = dataclasses.replace(reference, note=footnotes.add_footnote(self.new.document, body))
        elif (
            state == KEPT and before is not None and self.old.note_key(before.note) != self.new.note_key(reference.note)
        ):
            old_body = self.old.notes.get(before.note or "", [])
            new_body = self.new.notes.get(reference.note or "", [])
            body = self.story(old_body, new_body, part=self.new.notes_part)
            footnotes.set_footnote_body(self.new.document, reference.note or "", body)
        assert reference.note is not None
        self.placed.append(reference.note)
        return reference


def _split_words(pieces: Iterable[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if piece.kind:
            out.append(piece)
        else:
            out += [dataclasses.replace(piece, text=word) for word in _WORDS.findall(piece.text)]
    return out


def _word_key(piece: Piece) -> tuple[str, str, str, str | None]:
    return (piece.text, piece.kind, piece.look, piece.link)


def _similarity(old: list[_Paragraph], new: list[_Paragraph]) -> Callable[[int, int], float]:
    """How alike old[i] and new[j] are: 0 for different properties, else difflib's ratio of their words."""
    cache: dict[tuple[int, int], float] = {}

    def words(paragraph: _Paragraph) -> list[tuple[str, str]]:
        # the words alone: a paragraph whose link or emphasis changed is still the same paragraph
        return [(p.text, p.kind) for p in paragraph.pieces if not p.text.isspace()]

    def similarity(i: int, j: int) -> float:
        if (i, j) not in cache:
            if old[i].look != new[j].look:
                cache[i, j] = 0.0
            else:
                matcher = SequenceMatcher(None, words(old[i]), words(new[j]), autojunk=False)
                cache[i, j] = matcher.ratio() if matcher.quick_ratio() >= PAIRING else 0.0
        return cache[i, j]

    return similarity


def align(old: list[Any], new: list[Any], similarity: Callable[[int, int], float]) -> list[Op]:
    """Paragraph by paragraph, how ``old`` became ``new``: (SAME, i, j), (PAIRED, i, j) for an
    edited paragraph, (DELETED, i, None) and (INSERTED, None, j), in document order."""
    ops = _align(old, new, similarity)
    if ops and ops[-1][0] in (DELETED, INSERTED) and old and new:
        # Word never removes the last paragraph's mark, so a last paragraph only one
        # version has would leave an empty paragraph behind: pair the two last ones.
        ops = [*_align(old[:-1], new[:-1], similarity), (PAIRED, len(old) - 1, len(new) - 1)]
    return ops


def _align(old: list[Any], new: list[Any], similarity: Callable[[int, int], float]) -> list[Op]:
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            ops += [(SAME, i1 + k, j1 + k) for k in range(i2 - i1)]
        elif tag == "delete":
            ops += [(DELETED, i, None) for i in range(i1, i2)]
        elif tag == "insert":
            ops += [(INSERTED, None, j) for j in range(j1, j2)]
        else:
            ops += _pair(list(range(i1, i2)), list(range(j1, j2)), similarity)
    return ops


def _pair(olds: list[int], news: list[int], similarity: Callable[[int, int], float]) -> list[Op]:
    """Within a changed stretch, pair old and new paragraphs (in order) so that the sum of
    their likeness is greatest; the others are deleted (first) and inserted."""
    m, n = len(olds), len(news)

    def alike(a: int, b: int) -> float:
        s = similarity(olds[a], news[b])
        return s if s >= PAIRING else -1.0

    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for a in range(m - 1, -1, -1):
        for b in range(n - 1, -1, -1):
            best[a][b] = max(best[a + 1][b], best[a][b + 1], alike(a, b) + best[a + 1][b + 1])
    ops: list[Op] = []
    a = b = 0
    while a < m or b < n:
        if a < m and b < n and alike(a, b) >= 0 and best[a][b] == alike(a, b) + best[a + 1][b + 1]:
            ops.append((PAIRED, olds[a], news[b]))
            a, b = a + 1, b + 1
        elif a < m and (b == n or best[a][b] == best[a + 1][b]):
            ops.append((DELETED, olds[a], None))
            a += 1
        else:
            ops.append((INSERTED, None, news[b]))
            b += 1
    return ops


def _pair_first_note(ops: list[Op], old: list[_Paragraph], new: list[_Paragraph]) -> list[Op]:
    """Never insert or delete whole the paragraph holding the redline's first footnote reference.

    LibreOffice (7.4) reads all footnotes when it meets the first reference, and that
    drops the tracked mark of the paragraph it stands in: accepting or rejecting all
    then leaves an empty paragraph. So that paragraph is paired with one of the other
    version: from its own changed stretch, or else the paragraph before it.
    """

    def has_note(op: Op) -> bool:
        _, i, j = op
        paragraphs = ([old[i]] if i is not None else []) + ([new[j]] if j is not None else [])
        return any(piece.note is not None for paragraph in paragraphs for piece in paragraph.pieces)

    k = next((n for n, op in enumerate(ops) if has_note(op)), None)
    if k is None or ops[k][0] not in (DELETED, INSERTED):
        return ops
    start, end = k, k
    while start > 0 and ops[start - 1][0] in (DELETED, INSERTED):
        start -= 1
    while end + 1 < len(ops) and ops[end + 1][0] in (DELETED, INSERTED):
        end += 1
    kind, i, j = ops[k]
    others = [n for n in range(start, end + 1) if ops[n][0] != kind]
    if others:
        n = min(others, key=lambda n: abs(n - k))
        old_i = i if kind == DELETED else ops[n][1]
        new_j = j if kind == INSERTED else ops[n][2]
        assert old_i is not None and new_j is not None
        rest = [op for m, op in enumerate(ops[start : end + 1], start) if m not in (k, n)]
        # what stood before the two in their own version stays before the pair
        before = [op for op in rest if (op[1] if op[1] is not None else -1) < old_i and op[0] == DELETED]
        before += [op for op in rest if (op[2] if op[2] is not None else -1) < new_j and op[0] == INSERTED]
        pair: Op = (PAIRED, old_i, new_j)
        after = [op for op in rest if op not in before]
        return [*ops[:start], *before, pair, *after, *ops[end + 1 :]]
    if start > 0 and ops[start - 1][0] in (SAME, PAIRED):
        _, i_before, j_before = ops[start - 1]
        if kind == DELETED:
            stretch: list[Op] = [(DELETED, i_before, None), *ops[start:k], (PAIRED, i, j_before)]
        else:
            stretch = [(INSERTED, None, j_before), *ops[start:k], (PAIRED, i_before, j)]
        return [*ops[: start - 1], *stretch, *ops[k + 1 :]]
    return ops


def _shifted_marks(ops: list[Op], old: list[_Paragraph], new: list[_Paragraph]) -> dict[int, str]:
    """Where a moved run of paragraphs has its tracked paragraph mark one paragraph up.

    LibreOffice (7.4) takes a deleted and an inserted paragraph with the same text for a
    move, and when accepting or rejecting it, gives the paragraph after it the moved
    paragraph's properties. A run of wholly deleted (or inserted) paragraphs can instead
    have the mark of the paragraph before it tracked, its own last mark not (as Word does
    at the end of a document): the run then runs on into that paragraph, whose properties
    must be the ones of the run's last paragraph, so both readings agree. Returns, by op
    index, the tracked state given to a paragraph before a run and KEPT for the run's last.
    """

    def paragraphs(op: Op) -> list[_Paragraph]:
        _, i, j = op
        return ([old[i]] if i is not None else []) + ([new[j]] if j is not None else [])

    def text(op: Op) -> str:
        return "".join(piece.text for paragraph in paragraphs(op) for piece in paragraph.pieces).strip()

    texts = {kind: {text(op) for op in ops if op[0] == kind} - {""} for kind in (DELETED, INSERTED)}
    shifted: dict[int, str] = {}
    n = 0
    while n < len(ops):
        kind = ops[n][0]
        end = n
        while end + 1 < len(ops) and ops[end + 1][0] == kind:
            end += 1
        if kind in (DELETED, INSERTED) and n > 0 and ops[n - 1][0] in (SAME, PAIRED):
            other = INSERTED if kind == DELETED else DELETED
            moved = any(text(op) in texts[other] for op in ops[n : end + 1])
            before = paragraphs(ops[n - 1])
            last = paragraphs(ops[end])[0]
            alike = all(p.look == last.look for p in before)
            unnoted = not any(piece.note is not None for p in before for piece in p.pieces)
            if moved and alike and unnoted:
                shifted[n - 1] = kind
                shifted[end] = KEPT
        n = end + 1
    return shifted


def diff_words(old: list[Piece], new: list[Piece]) -> list[tuple[str, Piece, Piece | None]]:
    """The pieces of an edited paragraph: (KEPT, new piece, its old twin), (DELETED, old piece,
    None) and (INSERTED, new piece, None); at each change the deleted words come first."""
    opcodes = SequenceMatcher(None, [_word_key(p) for p in old], [_word_key(p) for p in new], autojunk=False)
    out: list[tuple[str, Piece, Piece | None]] = []
    deleted: list[Piece] = []
    inserted: list[Piece] = []
    steps = opcodes.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(steps):
        between_changes = 0 < n < len(steps) - 1
        if tag == "equal" and not (between_changes and _slight(old[i1:i2])):
            out += [(DELETED, p, None) for p in deleted] + [(INSERTED, p, None) for p in inserted]
            deleted, inserted = [], []
            out += [(KEPT, new[j1 + k], old[i1 + k]) for k in range(i2 - i1)]
        else:
            deleted += old[i1:i2]
            inserted += new[j1:j2]
    out += [(DELETED, p, None) for p in deleted] + [(INSERTED, p, None) for p in inserted]
    return out


def _slight(pieces: list[Piece]) -> bool:
    """Words too slight to stand alone between two changes ("de", a space), which would chop
    the change into pieces a reader has to glue together; they go into the change."""
    return all(not p.kind for p in pieces) and len("".join(p.text for p in pieces).strip()) <= 3
