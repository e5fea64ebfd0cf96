"""fiche status: values a drafter can write never break the table; fiches on several proposals."""

from __future__ import annotations

import json
import shutil

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
