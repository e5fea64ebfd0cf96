"""A FicheDiff as a report: its sections and rows, derived once for every format.

The text, Markdown, HTML and JSON reports (``report_text``, ``report_md``,
``report_html``, ``report_json``) only write out the ``Report`` made here, so they
agree on what changed, in which order and in which words.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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
REPORT_LANGUAGES = ("nl", "en")  # the catalogues with a report section; Dutch first, the default

SectionKey = Literal["general", "texts", "areas", "actions", "grounds", "footnotes"]
R = TypeVar("R")


@dataclass(frozen=True)
class Wording:
    """The report's words in one language: the catalogue's ``report`` and ``stances`` sections."""

    lang: str
    words: Mapping[str, Any]
    stances: Mapping[str, str]
    verdicts: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)  # field path -> the fiche's own heading for it

    def __call__(self, key: str, **values: object) -> str:
        """The words at a dotted key (``status.changed``), with ``values`` filled in."""
        found: Any = self.words
        for part in key.split("."):
            found = found[part]
        return str(found).format(**values)

    def stance(self, code: str) -> str:
        """A stance as drafters name it (``steunt onder voorwaarden``); an unknown code as it is."""
        return self.stances.get(code, code)

    def verdict(self, code: str | None) -> str:
        """A section-4 verdict as the fiche words it (``positief``); none as the report says it."""
        return self.verdicts.get(code, code) if code else self("none")

    def field(self, path: str) -> str:
        """A field as the fiche heads it, with its path for the drafter who edits the file:
        ``Bevoegdheid (grounds.competence)``; a field without a heading as its path."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            label = self.labels.get(".".join(parts[:end]))
            if label:
                return f"{label} ({path})"
        return path


def load_wording(lang: str = "nl", *, section: str = "report") -> Wording:
    """The report's words from the shipped template set's catalogue of ``lang``.

    Another report's ``section`` (``review``) has the words of its own, and takes the
    ones it shares with the diff report (old, new, the legend …) from ``report``.
    """
    # imported here: the writers' templating is only needed once a report is written
    from fichebuilder.source.languages import load_catalogue
    from fichebuilder.writers.templating import resolve_template

    catalogue = load_catalogue(resolve_template(None).catalogue_dir, lang)
    words = catalogue["report"] if section == "report" else ChainMap(catalogue[section], catalogue["report"])
    return Wording(lang, words, catalogue["stances"], catalogue["verdicts"], field_labels(catalogue))


def field_labels(catalogue: Mapping[str, Any]) -> dict[str, str]:
    """The headings of the fiche's fields by path, from a language catalogue: the lettered
    labels of sections 1, 3, 4, 5 and 6, and the sections that are one text."""
    labels = {
        f"{part}.{key}": " ".join(str(label).split())
        for part in ("general", "position", "grounds", "financial", "legal")
        for key, label in catalogue.get(part, {}).items()
    }
    sections = catalogue.get("sections", {})
    labels.update(
        {key: sections[key] for key in ("essence", "implementation", "developing_countries") if key in sections}
    )
    labels.update({key: label for key, label in catalogue.get("essence", {}).items() if key != "essence"})
    return labels


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
    status: str  # as people say it, in the report's language: "continued", "new", "dropped" across proposals
    numbers: str  # "3", "3 → 4", "1+2 → 3"
    old_numbers: str  # "1+2"; "" for a new action
    new_number: str  # "" for a dropped action
    how: str  # how the pair was found: " (renumbered, similarity 0.93)"; "" for a pair by number
    title: str  # the new title, or the old one of a dropped action
    paired: bool  # both sides are there
    old_stances: str  # "conditional/support" for an action continuing several (codes; writers name them)
    stance: str  # the stance of a one-sided row: the new one, or the old ones


@dataclass(frozen=True)
class Report:
    """The head, the summary and the six sections of a diff report, in the order every format uses."""

    wording: Wording
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


def report_rows(diff: FicheDiff, wording: Wording | None = None) -> Report:
    """The report of a diff: every row a format shows, with its words (Dutch unless ``wording`` says)."""
    say = wording or load_wording()
    actions = tuple(_action_row(diff, a, say) for a in diff.actions)
    counts = diff.summary

    def section(key: SectionKey, rows: list[R]) -> Section[R]:
        return Section(key, say(f"headings.{key}"), tuple(rows), tuple(rows))

    return Report(
        wording=say,
        old=diff.old,
        new=diff.new,
        relation=diff.relation,
        about=say(f"relation.{diff.relation}", old=diff.old.com_number, new=diff.new.com_number),
        warnings=tuple(w.message for w in diff.warnings),
        counts=counts,
        summary=summary_lines(counts, diff.relation, say),
        general=section("general", diff.general),
        texts=section("texts", diff.texts),
        areas=section("areas", diff.areas),
        actions=Section(
            "actions", say("headings.actions"), actions, tuple(a for a in actions if a.diff.status != "unchanged")
        ),
        grounds=section("grounds", diff.grounds),
        footnotes=section("footnotes", diff.footnotes),
    )


def summary_lines(s: Summary, relation: Relation, say: Wording) -> tuple[str, ...]:
    """The summary, one line per kind of change, in the words every format uses."""
    if relation == "versions":
        actions = say("counts.versions", changed=s.changed, added=s.added, removed=s.removed, unchanged=s.unchanged)
        if s.renumbered:
            actions += say("counts.renumbered", renumbered=s.renumbered)
    else:
        actions = say(
            "counts.follow_up", matched=s.matched, linked=s.linked, fuzzy=s.fuzzy, added=s.added, removed=s.removed
        )
    lines = [
        actions,
        say("counts.stances_changed", count=s.stances_changed),
        say("counts.conditions", added=s.conditions.added, removed=s.conditions.removed, changed=s.conditions.changed),
        say("counts.concerns", added=s.concerns.added, removed=s.concerns.removed, changed=s.concerns.changed),
    ]
    others = [
        (s.general, "general"),
        (s.texts, "texts"),
        (s.areas, "areas"),
        (s.grounds, "grounds"),
        (s.footnotes, "footnotes"),
    ]
    changed = [say(f"counts.{what}", count=n) for n, what in others if n]
    lines.append(say("counts.also", things=", ".join(changed)) if changed else say("counts.nothing_else"))
    return tuple(lines)


def _action_row(diff: FicheDiff, action: ActionDiff, say: Wording) -> ActionRow:
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
        status=say(f"status.{_status_word(diff, action)}"),
        numbers=numbers,
        old_numbers=old_numbers,
        new_number=str(action.new.number) if action.new else "",
        how=_how(diff, action, say),
        title=(action.new_title if action.new is not None else action.old_title) or "",
        paired=bool(action.old) and action.new is not None,
        old_stances=old_stances,
        stance=action.new.stance if action.new else old_stances,
    )


def _status_word(diff: FicheDiff, action: ActionDiff) -> str:
    if diff.relation == "versions":
        return action.status
    return {"changed": "continued", "unchanged": "continued", "added": "new", "removed": "dropped"}[action.status]


def _how(diff: FicheDiff, action: ActionDiff, say: Wording) -> str:
    """How a pair was found, for people: ' (link, similarity 0.42)'; nothing for a pair by number."""
    if not (action.old and action.new):
        return ""
    parts = []
    if action.renumbered:
        parts.append(say("how.renumbered"))
    if action.match == "link":
        parts.append(say("how.link"))
    elif action.match == "fuzzy" and diff.relation != "versions":
        parts.append(say("how.suggested"))
    if action.score is not None and action.match != "number":
        parts.append(say("how.similarity", score=f"{action.score:.2f}"))
    return f" ({', '.join(parts)})" if parts else ""


# --- words, as the text and Markdown reports show them ------------------------------------


def whole(ops: list[WordOp], say: Wording) -> str | None:
    """'added (120 words)' for a long text added, removed or rewritten as a whole, else None."""
    if len(ops) != 1 or ops[0].op == "equal":
        return None
    old, new = len(ops[0].old.split()), len(ops[0].new.split())
    if old + new <= LONG:
        return None
    if ops[0].op == "replace":
        return say("whole.rewritten", old=old, new=new)
    return say(f"whole.{'added' if ops[0].op == 'insert' else 'removed'}", words=old or new)


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
