"""``fiche review --apply``: the reviews of a position file merged into it, three ways.

Per field, every reviewed copy's words and the file's words as they are now are each a
change of the words the build wrote (the base, see ``review.base_version``). Changes
that claim different words merge (``textedit.merge_words``); two that claim the same
words differently conflict: a reviewer's against a change made in the file since the
build, or two reviewers' against each other. Conflicts are listed and nothing is
written, unless ``force``: then only what does not conflict is written, and the file
keeps its own words where a conflict was. The merged words are written into each
field's Markdown with ``textedit.edit_words``, which keeps its marks, notes and links,
under the file's lock (``source.editing``); the files of all the reviews are planned
before any is written, so a conflict in one leaves every file alone.

A field is found in the file as it is now by where it stood in the base: an action or
area by its number, a footnote by its key (an action inserted before it does not make
a review's change land in its neighbour), a EUR-Lex link's label by its link (the words
a link without a label shows are its address: a change to them becomes its label).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.commands.review import Review, value_at
from fichebuilder.commands.reviewcomments import keep_comments
from fichebuilder.errors import ReviewError
from fichebuilder.model import Fiche, FieldPath, text_in
from fichebuilder.source import textedit, yamledit
from fichebuilder.source.editing import Current, edit_position
from fichebuilder.source.loading import load_position_bytes
from fichebuilder.source.yamlsource import read_bytes

SINCE = "the position file, changed since the build"


@dataclass
class Conflict:
    """Two changes that claim the same words of a field: each one's words before and after, and who made it."""

    path: str
    one_old: str
    one: str
    one_by: str
    other_old: str
    other: str
    other_by: str

    def __str__(self) -> str:
        return (
            f'{self.path}: "{self.one_old}" -> "{self.one}" ({self.one_by}) '
            f'against "{self.other_old}" -> "{self.other}" ({self.other_by})'
        )


@dataclass
class Plan:
    """What the reviews of one position file write into it as it is now (``raw``)."""

    position: str
    raw: bytes = field(default=b"", repr=False)
    values: dict[FieldPath, tuple[str, str | None]] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def by_position(reviews: list[Review]) -> dict[Path, list[Review]]:
    """The reviews grouped by the position file they go into."""
    groups: dict[Path, list[Review]] = {}
    for review in reviews:
        groups.setdefault(Path(review.position).resolve(), []).append(review)
    return groups


def plan_merge(reviews: list[Review], current: Fiche, raw: bytes) -> Plan:
    """The merged words of every field the reviews change, against the fiche as it is now (``raw``)."""
    plan = Plan(reviews[0].position, raw)
    entries: dict[tuple[str, str], list[tuple[int, Review, Any]]] = {}
    for n, review in enumerate(reviews):
        for found in review.fields:
            if found.new == found.old:
                continue  # formatting only: the position file holds no formatting to change
            entries.setdefault((found.path, review.lang), []).append((n, review, found))
    for (path, lang), group in entries.items():
        targets = {_target(review.base, current, found.base_path) for _, review, found in group}
        target = targets.pop() if len(targets) == 1 else None
        if target is None:
            _, review, found = group[0]
            plan.conflicts.append(Conflict(path, found.old, found.new, _who(review, found), found.old, "", SINCE))
        elif path.endswith(".verdict"):
            _merge_verdict(plan, path, target, group, current)
        elif target[-2:] == LINK_LABEL:
            _merge_label(plan, path, target, group, current)
        else:
            _merge_text(plan, path, target, lang, group, current)
    return plan


# a section-1 EUR-Lex link's label (model.Link), the words the link shows
LINK_LABEL: FieldPath = ("eurlex", "label")


def _target(base: Fiche, current: Fiche, path: FieldPath) -> FieldPath | None:
    """Where a reviewed field stands now: a link's label is found by its link, since a link
    without a label (the build showed its address) has no label field to find."""
    if path[-2:] == LINK_LABEL:
        link = _current_path(base, current, path[:-1])
        return None if link is None else (*link, LINK_LABEL[-1])
    return _current_path(base, current, path)


def _merge_text(plan: Plan, path: str, target: FieldPath, lang: str, group: list[Any], current: Fiche) -> None:
    value = value_at(current, target)
    now = text_in(value, lang) or ""
    merged = _merged_words(plan, path, group, textedit.visible_text(now).plain)
    if merged is not None:
        plan.values[target] = (textedit.edit_words(now, merged), None if isinstance(value, str) else lang)
        plan.changed.append(path)


def _merge_label(plan: Plan, path: str, target: FieldPath, group: list[Any], current: Fiche) -> None:
    """A link's label: plain words in every language, written as they are (no Markdown); the
    words it shows now are its address where it has no label."""
    link = value_at(current, target[:-1])
    merged = _merged_words(plan, path, group, link.label or link.url)
    if merged is not None:
        plan.values[target] = (merged, None)
        plan.changed.append(path)


def _merged_words(plan: Plan, path: str, group: list[Any], now_plain: str) -> str | None:
    """The reviews' words of a field merged with its words now (``now_plain``), the conflicts
    listed in ``plan``; None where that leaves the words as they are."""
    base = group[0][2].old
    sides = {str(n): found.new for n, _, found in group if found.old == base}
    who = {str(n): (review, found) for n, review, found in group}
    for _, review, found in group:
        if found.old != base:  # copies built from different versions of this text: not merged
            plan.conflicts.append(Conflict(path, found.old, found.new, _who(review, found), base, now_plain, SINCE))
    merged = textedit.merge_words(base, now_plain, sides)
    for mine, other in merged.conflicts:
        by = _hunk_by(who, other) or SINCE
        plan.conflicts.append(Conflict(path, mine.old, mine.new, _hunk_by(who, mine), other.old, other.new, by))
    return merged.text if merged.text != now_plain else None


def _merge_verdict(plan: Plan, path: str, target: FieldPath, group: list[Any], current: Fiche) -> None:
    now = value_at(current, target)
    wanted: dict[str, str] = {}  # verdict -> who
    for _, review, found in group:
        base = value_at(review.base, found.base_path)
        verdict = found.verdict
        if verdict != base:
            wanted.setdefault(verdict, _who(review, found))
        if now != base and verdict not in (base, now):
            plan.conflicts.append(Conflict(path, base, verdict, _who(review, found), base, now, SINCE))
            return
    if len(wanted) > 1:
        (one, one_by), (other, other_by) = list(wanted.items())[:2]
        plan.conflicts.append(Conflict(path, str(now), one, one_by, str(now), other, other_by))
    elif wanted and next(iter(wanted)) != now:
        plan.values[target] = (next(iter(wanted)), None)
        plan.changed.append(path)


def _who(review: Review, found: Any) -> str:
    authors = sorted({edit.author for edit in found.edits if edit.author})
    if found.untracked:
        authors.append("untracked")
    return f"{', '.join(authors) or 'unknown'} in {Path(review.document).name}"


def _hunk_by(who: dict[str, tuple[Review, Any]], hunk: textedit.Hunk) -> str:
    """Who made one change of a field: the authors of the tracked changes in its words."""
    if hunk.side not in who:
        return ""
    review, found = who[hunk.side]
    words = {hunk.old.strip(), hunk.new.strip()} - {""}
    authors = sorted({e.author for e in found.edits if e.text.strip() and any(e.text.strip() in w for w in words)})
    if not authors:
        return _who(review, found)
    return f"{', '.join(authors)} in {Path(review.document).name}"


def _current_path(base: Fiche, current: Fiche, path: FieldPath) -> FieldPath | None:
    """Where the field at ``path`` of the base stands in the fiche as it is now; None if it is gone.

    A list item with a number (an action, an area) is found by it, a mapping's entry by its key.
    """
    old: Any = base
    new: Any = current
    out: list[str | int] = []
    for part in path:
        if isinstance(part, int):
            number = getattr(old[part], "number", None)
            at = next((n for n, item in enumerate(new) if item.number == number), None) if number else part
            if at is None or at >= len(new):
                return None
            old, new = old[part], new[at]
            out.append(at)
        elif isinstance(old, dict):
            if part not in new:
                return None
            old, new = old[part], new[part]
            out.append(part)
        else:
            old, new = getattr(old, part), getattr(new, part, None)
            if new is None:
                return None
            out.append(part)
    return tuple(out)


# --- applying ---------------------------------------------------------------------


def plan_reviews(reviews: list[Review]) -> list[Plan]:
    """Each position file's plan, against the file as it is now."""
    plans = []
    for path, group in by_position(reviews).items():
        raw = read_bytes(path, name=group[0].position)
        unchanged = next((review.base for review in group if review.base_raw == raw), None)
        current = unchanged or load_position_bytes(raw, name=group[0].position).fiche
        plans.append(plan_merge(group, current, raw))
    return plans


def apply_reviews(
    reviews: list[Review], *, plans: list[Plan] | None = None, partial: bool = False, force: bool = False
) -> list[Plan]:
    """Write the reviews into their position files, and their comments beside them; ``plans``
    are those ``plan_reviews`` made, if it was called.

    Nothing is written when a change maps to no field (unless ``partial``) or two
    changes conflict (unless ``force``): all or nothing.
    """
    unmapped = [u for r in reviews for u in r.unmapped]
    if unmapped and not partial:
        raise ReviewError(
            f"{len(unmapped)} change(s) belong to no field, nothing written "
            f"(--partial to apply the rest): {'; '.join(str(u) for u in unmapped)}",
            file=reviews[0].document,
        )
    plans = plans if plans is not None else plan_reviews(reviews)
    if not force:
        for plan in plans:
            _refuse_conflicts(plan)
    groups = by_position(reviews).values()
    written = [_write(group, plan, force=force) for group, plan in zip(groups, plans, strict=True)]
    for review in reviews:
        keep_comments(review.position, review.comments)
    return written


def _write(group: list[Review], planned: Plan, *, force: bool) -> Plan:
    written = planned

    def change(current: Current) -> str:
        nonlocal written
        # planned on other content when another writer came first: planned again on this
        written = planned if current.raw == planned.raw else plan_merge(group, current.loaded.fiche, current.raw)
        if not force:
            _refuse_conflicts(written)  # the file changed meanwhile, into a conflict
        return yamledit.set_values(current.text, written.values, file=str(current.path))

    if any(review.fields for review in group):
        edit_position(group[0].position, change)
    return written


def _refuse_conflicts(plan: Plan) -> None:
    if plan.conflicts:
        raise ReviewError(
            f"{len(plan.conflicts)} change(s) conflict (listed above), nothing written "
            "(--force writes the changes that do not)",
            file=plan.position,
        )
