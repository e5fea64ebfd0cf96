"""``fiche review``'s report: the reviews of one run as rows, derived once for every format.

The text, Markdown, HTML and JSON reports (``reviewreport_text``, ``_md``, ``_html``,
``_json``) only write out the ``ReviewReport`` made here: per document, per field its
tracked changes, its words before and after (word by word) and its comments; then the
comments and changes that belong to no field, and the conflicts between the reviews.
Text and JSON keep their own fixed words and codes; Markdown and HTML take theirs from
the catalogue's ``review`` section, the place of a change in no field too.
"""

from __future__ import annotations

from dataclasses import dataclass

from fichebuilder.commands.review import Edit, FieldReview, Review, Unmapped
from fichebuilder.commands.reviewmerge import Conflict
from fichebuilder.compare.changes import WordOp
from fichebuilder.compare.rows import REPORT_LANGUAGES, Wording, load_wording
from fichebuilder.compare.words import word_diff
from fichebuilder.ooxml.reviewed import Comment


@dataclass(frozen=True)
class FieldRows:
    """What the review does to one field: its changes (None for a field with comments only),
    its words before and after, word by word, and the comments on it."""

    path: str
    change: FieldReview | None
    words: list[WordOp]
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class UnmappedRow:
    """A change that maps to no field, where it stands in the report's words, and its words
    before and after, word by word."""

    item: Unmapped
    words: list[WordOp]
    place: str


@dataclass(frozen=True)
class ConflictRow:
    """Two changes claiming the same words, each one's words before and after, word by word."""

    conflict: Conflict
    one: list[WordOp]
    other: list[WordOp]


@dataclass(frozen=True)
class DocumentRows:
    """One reviewed document: its fields in the order the review met them (the fields with
    comments only after those with changes), its comments outside every field, and its
    changes that map to no field."""

    review: Review
    fields: tuple[FieldRows, ...]
    loose_comments: tuple[Comment, ...]
    unmapped: tuple[UnmappedRow, ...]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.loose_comments or self.unmapped)


@dataclass(frozen=True)
class ReviewReport:
    """The reviews of one run of ``fiche review``, and the conflicts between them."""

    wording: Wording
    documents: tuple[DocumentRows, ...]
    conflicts: tuple[ConflictRow, ...]


def review_report(reviews: list[Review], conflicts: list[Conflict], *, lang: str | None = None) -> ReviewReport:
    """The report of ``reviews``: every row a format shows."""
    if lang is None:
        # a review of the English variant is reported in English; another language in Dutch
        recorded = reviews[0].lang if reviews else REPORT_LANGUAGES[0]
        lang = recorded if recorded in REPORT_LANGUAGES else REPORT_LANGUAGES[0]
    wording = load_wording(lang, section="review")
    return ReviewReport(
        wording,
        tuple(_document_rows(review, wording) for review in reviews),
        tuple(ConflictRow(c, _words(c.one_old, c.one), _words(c.other_old, c.other)) for c in conflicts),
    )


def _document_rows(review: Review, say: Wording) -> DocumentRows:
    comments: dict[str | None, list[Comment]] = {}
    for comment in review.comments:
        comments.setdefault(comment.field, []).append(comment)
    changed = {f.path: f for f in review.fields}
    paths = [*changed, *(p for p in comments if p is not None and p not in changed)]
    fields = []
    for path in paths:
        change = changed.get(path)
        words = _words(change.old, change.new) if change is not None else []
        fields.append(FieldRows(path, change, words, tuple(comments.get(path, []))))
    unmapped = tuple(UnmappedRow(u, _words(u.old, u.new), place_words(say, u)) for u in review.unmapped)
    return DocumentRows(review, tuple(fields), tuple(comments.get(None, [])), unmapped)


def place_words(say: Wording, item: Unmapped) -> str:
    """Where a change in no field stands, in the report's words (``hoofdtekst, alinea 17 (een kop)``)."""
    if item.verdict is not None:
        return say("places.no_verdict", field=say.field(item.verdict))
    at = item.at
    if at is None:
        return item.place
    if at.note is None:
        where = say("places.body", paragraph=at.paragraph)
    else:
        where = say("places.footnote", note=at.note, paragraph=at.paragraph)
    if at.heading:
        return say("places.heading", place=where)
    return say("places.under", place=where, heading=at.under) if at.under else where


def _words(old: str, new: str) -> list[WordOp]:
    return word_diff(old.split(), new.split())


def kind_words(say: Wording, edit: Edit) -> str:
    """A tracked change's kind in the report's words (``formatting changed`` → ``opmaak gewijzigd``)."""
    return say(f"kinds.{edit.kind.replace(' ', '_')}")


def edit_mark(edit: Edit) -> str | None:
    """The HTML element that marks an edit's words (``ins`` inserted, ``del`` deleted), as in the words below it."""
    return {"inserted": "ins", "deleted": "del"}.get(edit.kind) if edit.text else None
