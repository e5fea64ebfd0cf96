"""What differs between two position files, as data: a ``FicheDiff`` and its parts.

``diff.compare_fiches`` makes one; ``rows.report_rows`` turns it into the sections
and rows of a report. The data stands apart from the comparison, so that the
writers of reports depend on what a diff says, not on how it is found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from fichebuilder.errors import FicheWarning
    from fichebuilder.model import Action

Match = Literal["number", "link", "fuzzy"]
Status = Literal["unchanged", "changed", "added", "removed"]
Relation = Literal["versions", "follow-up", "unrelated"]
Op = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True)
class WordOp:
    """A run of words: the same on both sides, inserted, deleted or replaced."""

    op: Op
    old: str
    new: str


@dataclass(frozen=True)
class Reworded:
    """A condition or concern that is still there, in other words."""

    old: str
    new: str
    score: float
    words: list[WordOp]


@dataclass(frozen=True)
class MarksDiff:
    """The conditions (or concerns) added, removed and reworded between two texts."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Reworded] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ActionDiff:
    """One aligned pair of actions and what changed between them.

    ``old_titles`` has the title of each action in ``old``, as one line of plain words.
    """

    old: tuple[Action, ...]
    new: Action | None
    status: Status
    match: Match | None
    score: float | None
    renumbered: bool
    conditions: MarksDiff
    concerns: MarksDiff
    summary: list[WordOp]
    text: list[WordOp]
    old_titles: tuple[str, ...]
    new_title: str | None

    @property
    def old_number(self) -> int | None:
        return self.old[0].number if self.old else None

    @property
    def new_number(self) -> int | None:
        return self.new.number if self.new else None

    @property
    def old_title(self) -> str | None:
        return self.old_titles[0] if self.old_titles else None

    @property
    def old_stance(self) -> str | None:
        return self.old[0].stance if self.old else None

    @property
    def new_stance(self) -> str | None:
        return self.new.stance if self.new else None

    @property
    def stance_changed(self) -> bool:
        return self.new is not None and any(a.stance != self.new.stance for a in self.old)


@dataclass(frozen=True)
class FieldChange:
    """A data field (or a short text) of the fiche with a different value."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TextDiff:
    """A general text of the fiche (essence, position) compared word by word."""

    field: str
    words: list[WordOp]
    conditions: MarksDiff
    concerns: MarksDiff


@dataclass(frozen=True)
class AreaDiff:
    """A thematic area, compared by number."""

    old: int | None
    new: int | None
    status: Status
    old_title: str | None
    new_title: str | None
    text: list[WordOp]

    @property
    def number(self) -> int | None:
        return self.new if self.new is not None else self.old


@dataclass(frozen=True)
class GroundDiff:
    """A section-4 heading: its verdict and its text."""

    field: str
    old_verdict: str | None
    new_verdict: str | None
    words: list[WordOp]


@dataclass(frozen=True)
class FootnoteDiff:
    """A footnote, compared by its key."""

    key: str
    status: Status
    old: str | None
    new: str | None
    words: list[WordOp]


@dataclass(frozen=True)
class Side:
    """Which file a side of the diff is."""

    file: str
    com_number: str
    title: str
    actions: int


@dataclass(frozen=True)
class MarkCounts:
    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class Summary:
    """The counts a reader sees first."""

    old_actions: int
    new_actions: int
    matched: int
    unchanged: int
    changed: int
    added: int
    removed: int
    renumbered: int
    linked: int
    fuzzy: int
    stances_changed: int
    conditions: MarkCounts
    concerns: MarkCounts
    general: int
    texts: int
    areas: int
    grounds: int
    footnotes: int


@dataclass(frozen=True)
class FicheDiff:
    """Everything that differs between two position files."""

    old: Side
    new: Side
    relation: Relation
    general: list[FieldChange]
    texts: list[TextDiff]
    areas: list[AreaDiff]
    actions: list[ActionDiff]
    grounds: list[GroundDiff]
    footnotes: list[FootnoteDiff]
    warnings: list[FicheWarning]

    @property
    def has_differences(self) -> bool:
        return bool(
            self.general
            or self.texts
            or self.areas
            or self.grounds
            or self.footnotes
            or any(a.status != "unchanged" for a in self.actions)
        )

    @property
    def summary(self) -> Summary:
        def count(status: str) -> int:
            return sum(1 for a in self.actions if a.status == status)

        def marks(kind: str) -> MarkCounts:
            found = [getattr(a, kind) for a in self.actions] + [getattr(t, kind) for t in self.texts]
            return MarkCounts(
                sum(len(m.added) for m in found), sum(len(m.removed) for m in found), sum(len(m.changed) for m in found)
            )

        matched = [a for a in self.actions if a.old and a.new]
        return Summary(
            old_actions=self.old.actions,
            new_actions=self.new.actions,
            matched=len(matched),
            unchanged=count("unchanged"),
            changed=count("changed"),
            added=count("added"),
            removed=count("removed"),
            renumbered=sum(1 for a in self.actions if a.renumbered),
            linked=sum(1 for a in matched if a.match == "link"),
            fuzzy=sum(1 for a in matched if a.match == "fuzzy"),
            stances_changed=sum(1 for a in self.actions if a.stance_changed),
            conditions=marks("conditions"),
            concerns=marks("concerns"),
            general=len(self.general),
            texts=len(self.texts),
            areas=len(self.areas),
            grounds=len(self.grounds),
            footnotes=len(self.footnotes),
        )
