"""The JSON report: the structure documented in docs/diff-json.md, keys in a fixed order."""

from __future__ import annotations

import functools
import json
from typing import Any

from fichebuilder.compare.changes import (
    AreaDiff,
    FicheDiff,
    FieldChange,
    FootnoteDiff,
    GroundDiff,
    MarkCounts,
    MarksDiff,
    Side,
    TextDiff,
    WordOp,
)
from fichebuilder.compare.rows import ActionRow, Report, report_rows

JSON_FORMAT = "fiche-diff/1"


def render(report: Report, *, color: bool = False) -> str:
    """The report as indented JSON text."""
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"


def diff_to_json(diff: FicheDiff) -> dict[str, Any]:
    """The diff as the JSON structure."""
    return report_json(report_rows(diff))


def report_json(report: Report) -> dict[str, Any]:
    """The report as the JSON structure: every row of every section, the unchanged actions too."""
    return {
        "format": JSON_FORMAT,
        "old": _side(report.old),
        "new": _side(report.new),
        "relation": report.relation,
        "summary": _summary(report),
        **{section.key: [_row(row) for row in section.rows] for section in report.sections},
        "warnings": list(report.warnings),
    }


def _summary(report: Report) -> dict[str, Any]:
    s = report.counts
    return {
        "actions": {
            "old": s.old_actions,
            "new": s.new_actions,
            "matched": s.matched,
            "unchanged": s.unchanged,
            "changed": s.changed,
            "added": s.added,
            "removed": s.removed,
            "renumbered": s.renumbered,
            "linked": s.linked,
            "fuzzy": s.fuzzy,
        },
        "stances_changed": s.stances_changed,
        "conditions": _counts(s.conditions),
        "concerns": _counts(s.concerns),
        "general": s.general,
        "texts": s.texts,
        "areas": s.areas,
        "grounds": s.grounds,
        "footnotes": s.footnotes,
    }


@functools.singledispatch
def _row(row: Any) -> dict[str, Any]:
    raise TypeError(f"no JSON for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange) -> dict[str, Any]:
    return {"field": row.field, "old": row.old, "new": row.new}


@_row.register
def _text_row(row: TextDiff) -> dict[str, Any]:
    return {
        "field": row.field,
        "words": _ops(row.words),
        "conditions": _marks(row.conditions),
        "concerns": _marks(row.concerns),
    }


@_row.register
def _area_row(row: AreaDiff) -> dict[str, Any]:
    return {
        "old": row.old,
        "new": row.new,
        "status": row.status,
        "title": {"old": row.old_title, "new": row.new_title},
        "text": _ops(row.text),
    }


@_row.register
def _action_row(row: ActionRow) -> dict[str, Any]:
    a = row.diff
    also = zip(a.old[1:], a.old_titles[1:], strict=True)
    return {
        "old": a.old_number,
        "new": a.new_number,
        "also_continues": [{"number": x.number, "title": title, "stance": x.stance} for x, title in also],
        "status": a.status,
        "match": a.match,
        "score": None if a.score is None else round(a.score, 3),
        "renumbered": a.renumbered,
        "title": {"old": a.old_title, "new": a.new_title},
        "area": {"old": a.old[0].area if a.old else None, "new": a.new.area if a.new else None},
        "stance": {"old": a.old_stance, "new": a.new_stance},
        "conditions": _marks(a.conditions),
        "concerns": _marks(a.concerns),
        "summary": _ops(a.summary),
        "text": _ops(a.text),
    }


@_row.register
def _ground_row(row: GroundDiff) -> dict[str, Any]:
    return {"field": row.field, "verdict": {"old": row.old_verdict, "new": row.new_verdict}, "words": _ops(row.words)}


@_row.register
def _note_row(row: FootnoteDiff) -> dict[str, Any]:
    return {"key": row.key, "status": row.status, "old": row.old, "new": row.new, "words": _ops(row.words)}


def _side(side: Side) -> dict[str, Any]:
    return {"file": side.file, "com_number": side.com_number, "title": side.title, "actions": side.actions}


def _counts(counts: MarkCounts) -> dict[str, int]:
    return {"added": counts.added, "removed": counts.removed, "changed": counts.changed}


def _ops(ops: list[WordOp]) -> list[dict[str, str]]:
    return [{"op": o.op, "old": o.old, "new": o.new} for o in ops]


def _marks(marks: MarksDiff) -> dict[str, Any]:
    return {
        "added": list(marks.added),
        "removed": list(marks.removed),
        "changed": [
            {"old": r.old, "new": r.new, "score": round(r.score, 3), "words": _ops(r.words)} for r in marks.changed
        ],
    }
