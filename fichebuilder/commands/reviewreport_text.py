"""The review as lines for a terminal: per document, per field its edits and comments, then what maps
to no field, and the conflicts between the reviews last. Its words are fixed English, as scripts read them."""

from __future__ import annotations

from collections.abc import Iterator

from fichebuilder.commands.reviewrows import DocumentRows, FieldRows, ReviewReport


def render(report: ReviewReport) -> str:
    """The review as lines of text, and the conflicts after them."""
    out = "".join("\n".join(_document(d)) + "\n" for d in report.documents)
    return out + "".join(f"conflict: {row.conflict}\n" for row in report.conflicts)


def _document(document: DocumentRows) -> Iterator[str]:
    review = document.review
    yield f"{review.document} -> {review.position} ({review.lang})"
    for row in document.fields:
        yield from _field(row)
    for comment in document.loose_comments:
        yield f'comment in no field ({comment.author}): "{comment.anchored}": {comment.text}'
    for unmapped in document.unmapped:
        yield f"in no field: {unmapped.item}"
    if document.empty:
        yield "no changes and no comments"


def _field(row: FieldRows) -> Iterator[str]:
    yield f"{row.path}:"
    found = row.change
    if found is not None:
        if found.untracked:
            yield "  edited without track changes"
        for edit in found.edits:
            words = f' "{edit.text}"' if edit.text else ""
            yield f"  {edit.kind}{words} ({edit.author or 'unknown'}, {edit.date or 'no date'})"
        yield f"  old: {found.old}"
        yield f"  new: {found.new}"
    for comment in row.comments:
        yield f'  comment ({comment.author}, {comment.date}) on "{comment.anchored}": {comment.text}'
