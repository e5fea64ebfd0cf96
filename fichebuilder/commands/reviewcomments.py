"""Comments from reviews in Word, kept in ``NAME.review.yaml`` beside the position file.

A comment is about the text it is anchored to, not a change of it: it goes neither into
the position file's texts nor into YAML comments (which a later rewrite of a field
could drop), but into a file of its own, where ``fiche check`` lists the open ones and
the drafter sets ``status: done`` when one is dealt with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fichebuilder.files import locked, write_text
from fichebuilder.ooxml.reviewed import Comment
from fichebuilder.source.yamlsource import read_yaml
from fichebuilder.source.yamlwrite import quoted


def review_file(position: Path | str) -> Path:
    """Where the comments of a position file's reviews are kept: ``NAME.review.yaml`` beside it."""
    path = Path(position)
    return path.with_name(f"{path.stem}.review.yaml")


def _kept(target: Path) -> list[dict[str, Any]]:
    if not target.is_file():
        return []
    data, _ = read_yaml(target)
    comments = data.get("comments") if isinstance(data, dict) else None
    return [c for c in comments or [] if isinstance(c, dict)]


def keep_comments(position: Path | str, comments: list[Comment]) -> Path | None:
    """Add ``comments`` to the position file's review file (a comment kept before is not added twice)."""
    if not comments:
        return None
    target = review_file(position)
    # read, added to and written under the file's lock, as a position file is: reviews applied
    # at once each keep their comments
    with locked(target):
        _add(target, comments)
    return target


def _add(target: Path, comments: list[Comment]) -> None:
    kept = _kept(target)
    seen = {(c.get("author"), c.get("date"), c.get("text")) for c in kept}
    for c in comments:
        if (c.author, c.date, c.text) not in seen:
            kept.append({"field": c.field or "", "author": c.author, "date": c.date, "text": c.text,
                         "anchored": c.anchored, "status": "open"})  # fmt: skip
            seen.add((c.author, c.date, c.text))
    lines = ["# Comments from reviews in Word (fiche review --apply); set status: done when dealt with", "comments:"]
    for entry in kept:
        lines.append(f"  - field: {quoted(str(entry.get('field', '')))}")
        for name in ("author", "date", "text", "anchored", "status"):
            lines.append(f"    {name}: {quoted(str(entry.get(name, '')))}")
    write_text(target, "\n".join(lines) + "\n")


def open_comments(position: Path | str) -> list[str]:
    """The open comments kept beside a position file, as ``field (author): text`` lines."""
    return [
        f"{c.get('field') or '(no field)'} ({c.get('author', '')}): {c.get('text', '')}"
        for c in _kept(review_file(position))
        if c.get("status", "open") != "done"
    ]
