"""The Markdown report (GitHub flavour: tables, ``<del>``/``<ins>`` for changed words)."""

from __future__ import annotations

import functools
from typing import Any

from fichebuilder.compare.changes import (
    AreaDiff,
    FieldChange,
    FootnoteDiff,
    GroundDiff,
    MarksDiff,
    Side,
    TextDiff,
)
from fichebuilder.compare.report_markup import md, md_row, md_words
from fichebuilder.compare.rows import ARROW, ActionRow, Report, SectionKey, Wording

# what stands between a section's heading and its rows, and after them; the rows of
# texts and actions are blocks that end in a blank line of their own
_FRAME: dict[SectionKey, tuple[list[str], list[str]]] = {
    "general": (["| {field} | {old} | {new} |", "| --- | --- | --- |"], [""]),
    "texts": ([], []),
    "areas": ([], [""]),
    "actions": ([], []),
    "grounds": ([], [""]),
    "footnotes": ([], [""]),
}


def render(report: Report, *, color: bool = False) -> str:
    """The report as Markdown: the summary, a table of stances, then the details."""
    old, new, say = report.old, report.new, report.wording
    out = [
        f"# {md(say('title', old=old.file, new=new.file))}",
        "",
        _side(say, "old", old),
        _side(say, "new", new),
        "",
        md(report.about),
        "",
    ]
    out += [f"> {say('warning')}: {md(w)}" for w in report.warnings]
    out += [f"## {say('headings.summary')}", ""] + [f"- {md(line)}" for line in report.summary] + [""]
    if report.actions.rows:
        head = md_row(say(k) for k in ("old", "new", "title_label", "stance", "status_label"))
        out += [f"## {say('headings.stances')}", "", head, "| --: | --: | --- | --- | --- |"]
        out += [_stance_row(row, say) for row in report.actions.rows] + [""]
    for section in report.sections:
        if section.details:
            before, after = _FRAME[section.key]
            before = [line.format(field=say("field"), old=say("old"), new=say("new")) for line in before]
            out += [f"## {section.heading}", "", *before]
            for row in section.details:
                out += _row(row, say)
            out += after
    return "\n".join(out).rstrip("\n") + "\n"


def _side(say: Wording, which: str, side: Side) -> str:
    """``- old: `a.yaml` (COM(2025) 1, 4 actions)``."""
    about = say("side", file="", com_number=side.com_number, actions=side.actions).strip()
    return f"- {say(which)}: `{side.file}` {md(about)}"


def _stance_row(row: ActionRow, say: Wording) -> str:
    if row.paired and row.diff.stance_changed:
        stance = f"{_stances(row.old_stances, say)} {ARROW} **{say.stance(row.stance)}**"
    else:
        stance = _stances(row.stance, say)
    return md_row([row.old_numbers, row.new_number, md(row.title), stance, row.status])


@functools.singledispatch
def _row(row: Any, say: Wording) -> list[str]:
    raise TypeError(f"no Markdown for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange, say: Wording) -> list[str]:
    return [md_row([say.field(row.field), md(row.old or ""), md(row.new or "")])]


@_row.register
def _text_row(row: TextDiff, say: Wording) -> list[str]:
    words = md_words(row.words, say) if row.words else f"*{say('same_words')}*"
    marks = [*_marks("condition", row.conditions, say), *_marks("concern", row.concerns, say)]
    return [f"### {say.field(row.field)}", "", words, "", *marks, ""]


@_row.register
def _area_row(row: AreaDiff, say: Wording) -> list[str]:
    if row.status == "changed" and row.old_title != row.new_title:
        title = f"{md(row.old_title or '')} {ARROW} {md(row.new_title or '')}"
    else:
        title = md(row.new_title or row.old_title or "")
    out = [f"- {say(f'status.{row.status}')} {row.number}: {title}"]
    if row.status == "changed" and row.text:
        out.append(f"  - {say('text')}: {md_words(row.text, say)}")
    return out


@_row.register
def _action_row(row: ActionRow, say: Wording) -> list[str]:
    action = row.diff
    out = [f"### {row.status} {row.numbers}{row.how}: {md(row.title)}", ""]
    if row.paired:
        if action.old_title != action.new_title:
            out.append(f"- {say('title_label')}: {md(action.old_title or '')} {ARROW} {md(action.new_title or '')}")
        if action.stance_changed:
            out.append(f"- {say('stance')}: {_stances(row.old_stances, say)} {ARROW} **{say.stance(row.stance)}**")
    else:
        out.append(f"- {say('stance')}: {_stances(row.stance, say)}")
    out += [*_marks("condition", action.conditions, say), *_marks("concern", action.concerns, say)]
    if action.summary:
        out.append(f"- {say('summary')}: {md_words(action.summary, say)}")
    if action.text:
        out.append(f"- {say('text')}: {md_words(action.text, say)}")
    return [*out, ""]


@_row.register
def _ground_row(row: GroundDiff, say: Wording) -> list[str]:
    out = [f"- {say.field(row.field)}"]
    if row.old_verdict != row.new_verdict:
        verdicts = f"{say.verdict(row.old_verdict)} {ARROW} {say.verdict(row.new_verdict)}"
        out.append(f"  - {say('verdict')}: {verdicts}")
    if row.words:
        out.append(f"  - {say('text')}: {md_words(row.words, say)}")
    return out


@_row.register
def _note_row(row: FootnoteDiff, say: Wording) -> list[str]:
    status = say(f"status.{row.status}")
    if row.status == "changed":
        return [f"- {status} {row.key}: {md_words(row.words, say)}"]
    return [f"- {status} {row.key}: {md(row.new or row.old or '')}"]


def _stances(codes: str, say: Wording) -> str:
    return "/".join(say.stance(code) for code in codes.split("/"))


def _marks(code: str, marks: MarksDiff, say: Wording) -> list[str]:
    kind = say(f"marks.{code}")
    out = [f"- {say('marks.added', kind=kind)}: {md(text)}" for text in marks.added]
    out += [f"- {say('marks.removed', kind=kind)}: {md(text)}" for text in marks.removed]
    for r in marks.changed:
        out.append(f"- {say('marks.reworded', kind=kind, score=f'{r.score:.2f}')}: {md_words(r.words, say)}")
    return out
