"""`fiche status`: what is due. Per fiche its proposals, receipt date, six-week deadline
(or, once sent to parliament, the date sent and its Kamerstuk number), stances,
translation completeness and check problems."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.commands.batch import position_files
from fichebuilder.errors import FicheError
from fichebuilder.model import LANGUAGES, STANCES, text_in
from fichebuilder.source.languages import coverage
from fichebuilder.source.loading import load_position

DEADLINE = datetime.timedelta(weeks=6)


@dataclass
class FicheStatus:
    """One row of the status table."""

    file: str
    com_number: str | None = None  # all of them, for a fiche on several proposals: "COM(2025) 836, COM(2025) 837"
    com_numbers: list[str] = field(default_factory=list)
    title: str | None = None
    kind: str | None = None
    received: str | None = None
    deadline: str | None = None
    days_left: int | None = None  # None once sent
    state: str | None = None  # open | sent
    sent: str | None = None
    kamerstuk: str | None = None
    stances: dict[str, int] = field(default_factory=dict)
    translated: dict[str, float] = field(default_factory=dict)
    warnings: int = 0
    error: str | None = None


def fiche_status(path: Path, *, today: datetime.date) -> FicheStatus:
    """The status of one position file; a file that does not load is a row with its error."""
    try:
        loaded = load_position(path)
    except FicheError as e:
        return FicheStatus(file=str(path), error=str(e))
    fiche = loaded.fiche
    deadline = _deadline(fiche.general.received)
    counts: Counter[str] = Counter(a.stance for a in fiche.actions)
    sent = fiche.parliament
    numbers = fiche.general.com_numbers()
    return FicheStatus(
        file=str(path),
        com_number=", ".join(numbers),
        com_numbers=numbers,
        title=text_in(fiche.title, "nl"),
        kind=fiche.kind,
        received=fiche.general.received.isoformat(),
        deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - today).days if deadline and not sent else None,
        state="sent" if sent else "open",
        sent=sent.sent.isoformat() if sent else None,
        kamerstuk=sent.kamerstuk if sent else None,
        stances={stance: counts[stance] for stance in STANCES if counts[stance]},
        translated={lang: round(done / total, 3) if total else 1.0 for lang, (done, total) in coverage(fiche).items()},
        warnings=len(loaded.warnings),
    )


def _deadline(received: datetime.date) -> datetime.date | None:
    """Six weeks after receipt; none where that falls beyond the calendar (a received date in 9999)."""
    try:
        return received + DEADLINE
    except OverflowError:
        return None


def status(sources: list[Path], *, today: datetime.date) -> list[FicheStatus]:
    """The status of every position file named: open fiches, soonest deadline first; then
    those sent to parliament, the latest first; then the files that do not load."""
    rows = [fiche_status(path, today=today) for path in position_files(sources)]
    rows.sort(key=lambda r: r.file)
    rows.sort(key=lambda r: r.sent or "", reverse=True)  # stable: ties keep the file order

    def order(row: FicheStatus) -> tuple[bool, bool, bool, str]:
        if row.error is not None or row.sent:
            return (row.error is not None, True, False, "")  # sent: as sorted above
        return (False, False, row.deadline is None, row.deadline or "")

    return sorted(rows, key=order)


def status_json(rows: list[FicheStatus], *, today: datetime.date) -> dict[str, Any]:
    return {"today": today.isoformat(), "fiches": [asdict(row) for row in rows]}


def status_table(rows: list[FicheStatus]) -> Any:
    """A rich Table of the rows (printed plain when not on a terminal)."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, pad_edge=False)
    for column in (
        "proposal",
        "title",
        "kind",
        "received",
        "deadline",
        "days left",
        "parliament",
        "stances",
        *(f"{lang}" for lang in LANGUAGES),
        "check",
    ):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row.error:
            error = f"[red]{escape(row.error)}[/red]"
            table.add_row(escape(row.file), "", "", "", "", "", "", "", *("" for _ in LANGUAGES), error)
            continue
        if row.state == "sent":
            days_left = "-"
            parliament = f"sent {row.sent}" + (f", Kamerstuk {escape(row.kamerstuk)}" if row.kamerstuk else "")
        else:
            days = row.days_left if row.days_left is not None else 0
            colour = "red" if days < 0 else "yellow" if days <= 7 else "green"
            days_left = f"[{colour}]{days}[/{colour}]" if row.days_left is not None else "-"
            parliament = "open"
        table.add_row(
            # a drafter's text is shown as written: a [bold] in a title is not rich's markup
            escape("\n".join(row.com_numbers)),
            escape(row.title or ""),
            row.kind or "",
            row.received or "",
            row.deadline or "-",
            days_left,
            parliament,
            ", ".join(f"{n} {s}" for s, n in row.stances.items()) or "-",
            *(f"{row.translated.get(lang, 0):.0%}" for lang in LANGUAGES),
            "ok" if not row.warnings else f"{row.warnings} warning(s)",
        )
    return table
