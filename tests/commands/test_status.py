"""fiche status: values a drafter can write never break the table; fiches on several proposals."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, POSITIONS

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def test_a_received_date_at_the_end_of_the_calendar_has_no_deadline(run_cli, tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(MINIMAL.replace("received: 2025-12-04", "received: 9999-12-30"), encoding="utf-8")
    result = run_cli("status", source, "--format", "json", "--today", "2026-01-01")
    assert result.exit_code == 0
    row = json.loads(result.stdout)["fiches"][0]
    assert (row["received"], row["deadline"], row["days_left"]) == ("9999-12-30", None, None)
    assert run_cli("status", source, "--today", "2026-01-01").exit_code == 0


def test_square_brackets_in_a_title_are_shown_as_written(run_cli, tmp_path):
    source = tmp_path / "f.yaml"
    title = "Mededeling [bold]over[/] een [red]proef"
    source.write_text(
        MINIMAL.replace("title: Mededeling over een proefvoorstel", f'title: "{title}"'), encoding="utf-8"
    )
    result = run_cli("status", source, "--today", "2026-01-01")
    assert result.exit_code == 0
    assert title in result.stdout


def test_a_fiche_on_two_proposals_shows_both_numbers(run_cli, tmp_path):
    shutil.copy(POSITIONS / "psychoactive-substances-2026.yaml", tmp_path / "nps.yaml")
    data = json.loads(run_cli("status", tmp_path, "--format", "json", "--today", "2026-04-01").stdout)
    [row] = data["fiches"]
    assert (row["com_number"], row["com_numbers"]) == (
        "COM(2026) 998, COM(2026) 999",
        ["COM(2026) 998", "COM(2026) 999"],
    )
    assert (row["deadline"], row["days_left"]) == ("2026-04-29", 28)
    table = run_cli("status", tmp_path, "--today", "2026-04-01").stdout
    assert "COM(2026) 998" in table and "COM(2026) 999" in table


def fiche_file(folder: Path, name: str, *, com: str, received: str, parliament: str = "") -> None:
    text = MINIMAL.replace("COM(2025) 999", com).replace("received: 2025-12-04", f"received: {received}")
    (folder / name).write_text(text.replace("general:\n", parliament + "general:\n", 1), encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two open fiches and two sent ones, named so that the file order is none of the orders shown."""
    fiche_file(
        tmp_path,
        "a.yaml",
        com="COM(2023) 512",
        received="2023-09-06",
        parliament="parliament:\n  sent: 2023-09-29\n  kamerstuk: 22 112, nr. 3791\n",
    )
    fiche_file(tmp_path, "b.yaml", com="COM(2025) 901", received="2025-12-20")
    fiche_file(
        tmp_path, "c.yaml", com="COM(2023) 400", received="2023-08-01", parliament="parliament: {sent: 2023-09-01}\n"
    )
    fiche_file(tmp_path, "d.yaml", com="COM(2025) 900", received="2025-11-01")
    return tmp_path  # fmt: skip


def test_open_fiches_by_deadline_then_the_sent_ones_latest_first(run_cli, folder):
    data = json.loads(run_cli("status", folder, "--format", "json", "--today", "2026-01-10").stdout)
    rows = [
        (r["file"].rsplit("/", 1)[-1], r["state"], r["days_left"], r["sent"], r["kamerstuk"]) for r in data["fiches"]
    ]
    assert rows == [
        ("d.yaml", "open", -28, None, None),
        ("b.yaml", "open", 21, None, None),
        ("a.yaml", "sent", None, "2023-09-29", "22 112, nr. 3791"),
        ("c.yaml", "sent", None, "2023-09-01", None),
    ]


def test_the_table_says_sent_with_the_number_instead_of_days_overdue(run_cli, folder):
    table = run_cli("status", folder, "--today", "2026-01-10").stdout
    line = next(line for line in table.splitlines() if "COM(2023) 512" in line)
    assert "sent 2023-09-29, Kamerstuk 22 112, nr. 3791" in line
    overdue = (datetime.date(2026, 1, 10) - datetime.date(2023, 9, 6) - datetime.timedelta(weeks=6)).days
    assert f"-{overdue}" not in table and f"{overdue}" not in line
    assert "open" in next(line for line in table.splitlines() if "COM(2025) 901" in line)
