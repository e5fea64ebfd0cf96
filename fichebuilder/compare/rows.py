"""A FicheDiff as a report: its sections and rows, derived once for every format.

The text, Markdown, HTML and JSON reports (``report_text``, ``report_md``,
``report_html``, ``report_json``) only write out the ``Report`` made here, so they
agree on what changed, in which order and in which words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from fichebuilder.compare.changes import (
    ActionDiff,
    AreaDiff,
    FicheDiff,
    FieldChange,
    FootnoteDiff,
    GroundDiff,
    Relation,
    Side,
    Summary,
    TextDiff,
    WordOp,
)

CONTEXT = 5  # words of unchanged text kept on each side of a change in text and Markdown
LONG = 40  # a text added, removed or rewritten whole is named, not shown, beyond this many words
ARROW = "→"

_RELATION = {
    "versions": "two versions of {new}: actions aligned by number, renumbered ones by their words.",
    "follow-up": "{new} follows {old}: actions aligned by their continues links, then by similarity (suggestions).",
    "unrelated": "{new} does not follow {old}: actions aligned by similarity only (suggestions).",
}

SectionKey = Literal["general", "texts", "areas", "actions", "grounds", "footnotes"]
R = TypeVar("R")


@dataclass(frozen=True)
class Section(Generic[R]):
    """A part of the report: its key in JSON, its heading for people, its rows.

    ``rows`` is everything (JSON lists it all, the stance table every action);
    ``details`` the rows shown in detail: all of them but the unchanged actions.
    """

    key: SectionKey
    heading: str
    rows: tuple[R, ...]
    details: tuple[R, ...]


@dataclass(frozen=True)
class ActionRow:
    """An aligned pair of actions, with the words every format shows for it."""

    diff: ActionDiff
    status: str  # as people say it: "continued", "new", "dropped" across proposals
    numbers: str  # "3", "3 → 4", "1+2 → 3"
    old_numbers: str  # "1+2"; "" for a new action
    new_number: str  # "" for a dropped action
    how: str  # how the pair was found: " (renumbered, similarity 0.93)"; "" for a pair by number
    title: str  # the new title, or the old one of a dropped action
    paired: bool  # both sides are there
    old_stances: str  # "conditional/support" for an action continuing several
    stance: str  # the stance of a one-sided row: the new one, or the old ones


@dataclass(frozen=True)
class Report:
    """The head, the summary and the six sections of a diff report, in the order every format uses."""

    old: Side
    new: Side
    relation: Relation
    about: str  # how the actions were aligned, in one sentence
    warnings: tuple[str, ...]
    counts: Summary
    summary: tuple[str, ...]
    general: Section[FieldChange]
    texts: Section[TextDiff]
    areas: Section[AreaDiff]
    actions: Section[ActionRow]
    grounds: Section[GroundDiff]
    footnotes: Section[FootnoteDiff]

    @property
    def sections(self) -> tuple[Section[Any], ...]:
        return (self.general, self.texts, self.areas, self.actions, self.grounds, self.footnotes)


def report_rows(diff: FicheDiff) -> Report:
    """The report of a diff: every row a format shows, with its words."""
    actions = tuple(_action_row(diff, a) for a in diff.actions)
    counts = diff.summary
    return Report(
        old=diff.old,
        new=diff.new,
        relation=diff.relation,
        about=_RELATION[diff.relation].format(old=diff.old.com_number, new=diff.new.com_number),
        warnings=tuple(w.message for w in diff.warnings),
        counts=counts,
        summary=summary_lines(counts, diff.relation),
        general=_section("general", "General data", diff.general),
        texts=_section("texts", "Texts", diff.texts),
        areas=_section("areas", "Areas", diff.areas),
        actions=Section("actions", "Actions", actions, tuple(a for a in actions if a.diff.status != "unchanged")),
        grounds=_section("grounds", "Section 4", diff.grounds),
        footnotes=_section("footnotes", "Footnotes", diff.footnotes),
    )


def _section(key: SectionKey, heading: str, rows: list[R]) -> Section[R]:
    return Section(key, heading, tuple(rows), tuple(rows))


def summary_lines(s: Summary, relation: Relation) -> tuple[str, ...]:
    """The summary, one line per kind of change, in the words every format uses."""
    if relation == "versions":
        actions = f"actions: {s.changed} changed, {s.added} added, {s.removed} removed, {s.unchanged} unchanged"
        if s.renumbered:
            actions += f" ({s.renumbered} renumbered)"
    else:
        actions = (
            f"actions: {s.matched} continued ({s.linked} linked, {s.fuzzy} suggested by similarity), "
            f"{s.added} new, {s.removed} dropped"
        )
    lines = [
        actions,
        f"stances changed: {s.stances_changed}",
        f"conditions: {s.conditions.added} added, {s.conditions.removed} removed, {s.conditions.changed} reworded",
        f"concerns: {s.concerns.added} added, {s.concerns.removed} removed, {s.concerns.changed} reworded",
    ]
    others = [
        (s.general, "general data field(s)"),
        (s.texts, "general text(s)"),
        (s.areas, "area(s)"),
        (s.grounds, "section-4 heading(s)"),
        (s.footnotes, "footnote(s)"),
    ]
    changed = [f"{n} {what}" for n, what in others if n]
    lines.append(f"also changed: {', '.join(changed)}" if changed else "also changed: nothing else")
    return tuple(lines)


def _action_row(diff: FicheDiff, action: ActionDiff) -> ActionRow:
    old_numbers = "+".join(str(a.number) for a in action.old)
    old_stances = "/".join(dict.fromkeys(a.stance for a in action.old))
    if action.new is None:
        numbers = old_numbers
    elif not action.old or old_numbers == str(action.new.number):
        numbers = str(action.new.number)
    else:
        numbers = f"{old_numbers} {ARROW} {action.new.number}"
    return ActionRow(
        diff=action,
        status=_status_word(diff, action),
        numbers=numbers,
        old_numbers=old_numbers,
        new_number=str(action.new.number) if action.new else "",
        how=_how(diff, action),
        title=(action.new_title if action.new is not None else action.old_title) or "",
        paired=bool(action.old) and action.new is not None,
        old_stances=old_stances,
        stance=action.new.stance if action.new else old_stances,
    )


def _status_word(diff: FicheDiff, action: ActionDiff) -> str:
    if diff.relation == "versions":
        return action.status
    return {"changed": "continued", "unchanged": "continued", "added": "new", "removed": "dropped"}[action.status]


def _how(diff: FicheDiff, action: ActionDiff) -> str:
    """How a pair was found, for people: ' (link, similarity 0.42)'; nothing for a pair by number."""
    if not (action.old and action.new):
        return ""
    parts = []
    if action.renumbered:
        parts.append("renumbered")
    if action.match == "link":
        parts.append("link")
    elif action.match == "fuzzy" and diff.relation != "versions":
        parts.append("suggested")
    if action.score is not None and action.match != "number":
        parts.append(f"similarity {action.score:.2f}")
    return f" ({', '.join(parts)})" if parts else ""


# --- words, as the text and Markdown reports show them ------------------------------------


def whole(ops: list[WordOp]) -> str | None:
    """'added (120 words)' for a long text added, removed or rewritten as a whole, else None."""
    if len(ops) != 1 or ops[0].op == "equal":
        return None
    old, new = len(ops[0].old.split()), len(ops[0].new.split())
    if old + new <= LONG:
        return None
    if ops[0].op == "replace":
        return f"rewritten ({old} words {ARROW} {new} words)"
    return f"{'added' if ops[0].op == 'insert' else 'removed'} ({old or new} words)"


def shorten(ops: list[WordOp]) -> Iterator[WordOp]:
    """Long unchanged runs cut down to CONTEXT words around the changes."""
    for k, op in enumerate(ops):
        words = op.old.split()
        if op.op != "equal" or len(words) <= 2 * CONTEXT + 1:
            yield op
            continue
        head = words[:CONTEXT] if k > 0 else []
        tail = words[-CONTEXT:] if k < len(ops) - 1 else []
        kept = " ".join([*head, "…", *tail])
        yield WordOp("equal", kept, kept)
