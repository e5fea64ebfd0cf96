"""The overview of a fiche's positions: per action its stance, conditions and concerns."""

from __future__ import annotations

from collections import Counter

from fichebuilder.model import STANCES, Action, Fiche, text_in
from fichebuilder.source import markup


def marks_of(action: Action, lang: str = "nl") -> tuple[list[str], list[str]]:
    """The conditions and the concerns marked in an action's text."""
    return markup.conditions_and_concerns(text_in(action.text, lang))


def stance_overview(fiche: Fiche) -> str:
    """A plain-text table of the actions, then the count per stance."""
    rows = [("action", "area", "stance", "conditions", "concerns", "title")]
    for action in fiche.actions:
        conditions, concerns = marks_of(action)
        rows.append(
            (
                str(action.number),
                "" if action.area is None else str(action.area),
                action.stance,
                str(len(conditions)),
                str(len(concerns)),
                text_in(action.title, "nl") or "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths, strict=False)) + "  " + row[5] for row in rows]
    counts: Counter[str] = Counter(a.stance for a in fiche.actions)
    summary = ", ".join(f"{counts[s]} {s}" for s in STANCES if counts[s])
    return "\n".join(line.rstrip() for line in lines) + f"\n{len(fiche.actions)} actions: {summary or 'none'}\n"
