"""The Markdown report (GitHub flavour: tables, ``<del>``/``<ins>`` for changed words)."""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from fichebuilder.compare.changes import AreaDiff, FieldChange, FootnoteDiff, GroundDiff, MarksDiff, TextDiff, WordOp
from fichebuilder.compare.rows import ARROW, ActionRow, Report, SectionKey, shorten, whole

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")

# what stands between a section's heading and its rows, and after them; the rows of
# texts and actions are blocks that end in a blank line of their own
_FRAME: dict[SectionKey, tuple[list[str], list[str]]] = {
    "general": (["| field | old | new |", "| --- | --- | --- |"], [""]),
    "texts": ([], []),
    "areas": ([], [""]),
    "actions": ([], []),
    "grounds": ([], [""]),
    "footnotes": ([], [""]),
}


def render(report: Report, *, color: bool = False) -> str:
    """The report as Markdown: the summary, a table of stances, then the details."""
    old, new = report.old, report.new
    out = [
        f"# Diff {_md(old.file)} {ARROW} {_md(new.file)}",
        "",
        f"- old: `{old.file}` ({_md(old.com_number)}, {old.actions} actions)",
        f"- new: `{new.file}` ({_md(new.com_number)}, {new.actions} actions)",
        "",
        _md(report.about),
        "",
    ]
    out += [f"> warning: {_md(w)}" for w in report.warnings]
    out += ["## Summary", ""] + [f"- {_md(line)}" for line in report.summary] + [""]
    if report.actions.rows:
        out += ["## Stances", "", "| old | new | title | stance | status |", "| --: | --: | --- | --- | --- |"]
        out += [_stance_row(row) for row in report.actions.rows] + [""]
    for section in report.sections:
        if section.details:
            before, after = _FRAME[section.key]
            out += [f"## {section.heading}", "", *before]
            for row in section.details:
                out += _row(row)
            out += after
    return "\n".join(out).rstrip("\n") + "\n"


def _stance_row(row: ActionRow) -> str:
    stance = f"{row.old_stances} {ARROW} **{row.stance}**" if row.paired and row.diff.stance_changed else row.stance
    return f"| {row.old_numbers} | {row.new_number} | {_md(row.title)} | {stance} | {row.status} |"


@functools.singledispatch
def _row(row: Any) -> list[str]:
    raise TypeError(f"no Markdown for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange) -> list[str]:
    return [f"| {row.field} | {_md(row.old or '')} | {_md(row.new or '')} |"]


@_row.register
def _text_row(row: TextDiff) -> list[str]:
    words = _words(row.words) if row.words else "*same words*"
    marks = [*_marks("condition", row.conditions), *_marks("concern", row.concerns)]
    return [f"### {row.field}", "", words, "", *marks, ""]


@_row.register
def _area_row(row: AreaDiff) -> list[str]:
    if row.status == "changed" and row.old_title != row.new_title:
        title = f"{_md(row.old_title or '')} {ARROW} {_md(row.new_title or '')}"
    else:
        title = _md(row.new_title or row.old_title or "")
    out = [f"- {row.status} {row.number}: {title}"]
    if row.status == "changed" and row.text:
        out.append(f"  - text: {_words(row.text)}")
    return out


@_row.register
def _action_row(row: ActionRow) -> list[str]:
    action = row.diff
    out = [f"### {row.status} {row.numbers}{row.how}: {_md(row.title)}", ""]
    if row.paired:
        if action.old_title != action.new_title:
            out.append(f"- title: {_md(action.old_title or '')} {ARROW} {_md(action.new_title or '')}")
        if action.stance_changed:
            out.append(f"- stance: {row.old_stances} {ARROW} **{row.stance}**")
    else:
        out.append(f"- stance: {row.stance}")
    out += [*_marks("condition", action.conditions), *_marks("concern", action.concerns)]
    if action.summary:
        out.append(f"- summary: {_words(action.summary)}")
    if action.text:
        out.append(f"- text: {_words(action.text)}")
    return [*out, ""]


@_row.register
def _ground_row(row: GroundDiff) -> list[str]:
    out = [f"- {row.field}"]
    if row.old_verdict != row.new_verdict:
        out.append(f"  - verdict: {row.old_verdict or '(none)'} {ARROW} {row.new_verdict or '(none)'}")
    if row.words:
        out.append(f"  - text: {_words(row.words)}")
    return out


@_row.register
def _note_row(row: FootnoteDiff) -> list[str]:
    if row.status == "changed":
        return [f"- changed {row.key}: {_words(row.words)}"]
    return [f"- {row.status} {row.key}: {_md(row.new or row.old or '')}"]


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _words(ops: list[WordOp]) -> str:
    named = whole(ops)
    if named:
        return f"*{named}*"
    parts = []
    for op in shorten(ops):
        if op.op == "equal":
            parts.append(_md(op.old))
        if op.op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(op.old)}</del>")
        if op.op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(op.new)}</ins>")
    return " ".join(parts)


def _marks(kind: str, marks: MarksDiff) -> list[str]:
    out = [f"- {kind} added: {_md(text)}" for text in marks.added]
    out += [f"- {kind} removed: {_md(text)}" for text in marks.removed]
    out += [f"- {kind} reworded ({r.score:.2f}): {_words(r.words)}" for r in marks.changed]
    return out
