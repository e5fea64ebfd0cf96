"""What happened in parliament, as data: the date a fiche was sent and its Kamerstuk number."""

from __future__ import annotations

import datetime

import pytest

from fichebuilder.errors import PositionError
from fichebuilder.source.loading import load_position
from tests.conftest import DATA, write_tree

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def with_parliament(tmp_path, block: str):
    write_tree(tmp_path, {"f.yaml": MINIMAL.replace("general:\n", block + "general:\n", 1)})
    return tmp_path / "f.yaml"


@pytest.mark.parametrize(
    "kamerstuk",
    ["22 112, nr. 3791", "22 112, nr. 1", "21 501-02, nr. 2345", "36 600 V, nr. 12"],
    ids=["bnc", "first", "council-dossier", "budget-chapter"],
)
def test_kamerstuk_numbers_as_parliament_writes_them(tmp_path, kamerstuk):
    path = with_parliament(tmp_path, f"parliament:\n  sent: 2025-12-20\n  kamerstuk: {kamerstuk}\n")
    parliament = load_position(path).fiche.parliament
    assert parliament is not None
    assert (parliament.sent, parliament.kamerstuk) == (datetime.date(2025, 12, 20), kamerstuk)


@pytest.mark.parametrize(
    "kamerstuk",
    ["22112, nr. 3791", "22 112 nr. 3791", "22 112, nr 3791", "Kamerstuk 22 112, nr. 3791", "22 112, nr. 0", "3791"],
    ids=["no-space-in-dossier", "no-comma", "no-dot", "with-the-word", "number-zero", "number-only"],
)
def test_a_kamerstuk_number_in_another_form_is_a_located_error(tmp_path, kamerstuk):
    path = with_parliament(tmp_path, f"parliament:\n  sent: 2025-12-20\n  kamerstuk: '{kamerstuk}'\n")
    with pytest.raises(PositionError) as info:
        load_position(path)
    assert str(info.value) == (
        f"{path}:6:14: parliament.kamerstuk: {kamerstuk!r} is not a Kamerstuk number; write it as 22 112, nr. 3791"
    )


def test_sent_on_the_day_of_receipt_is_fine_the_day_before_is_not(tmp_path):
    assert load_position(with_parliament(tmp_path, "parliament: {sent: 2025-12-04}\n")).fiche.parliament
    with pytest.raises(PositionError) as info:
        load_position(with_parliament(tmp_path, "parliament: {sent: 2025-12-03}\n"))
    assert str(info.value) == (
        f"{tmp_path / 'f.yaml'}:4:20: parliament.sent: sent 2025-12-03, before the Commission document was "
        "received (2025-12-04, general.received)"
    )


def test_the_cli_gives_one_line_and_exit_1(run_cli, tmp_path):
    path = with_parliament(tmp_path, "parliament:\n  sent: 2025-12-20\n  kamerstuk: 22 112 nr 3791\n")
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {path}:6:14: parliament.kamerstuk:")
