"""Changing a position file in place: one writer at a time, each change on top of the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fichebuilder import files
from fichebuilder.errors import OutputError, PositionError
from fichebuilder.source.editing import ATTEMPTS, Current, edit_position
from fichebuilder.source.loading import load_position
from tests.conftest import DATA, held_by_another_process

ACTIONS = 8


def position_with_actions(path: Path) -> Path:
    """minimal.yaml with ``ACTIONS`` actions titled ``Actie K``, one for each writer to change."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("actions:\n")
    actions = "".join(
        f"  - number: {k}\n    area: 1\n    title: Actie {k}\n    stance: support\n    text: Tekst {k}.\n"
        for k in range(1, ACTIONS + 1)
    )
    path.write_text(head + "actions:\n" + actions + tail[tail.index("grounds:") :], encoding="utf-8")
    return path


def retitle(k: int, *, delay: float = 0.0):
    """A change that renames action ``k``, planned on the file it is given, slowly."""

    def change(current: Current) -> str:
        assert current.loaded.fiche.actions[k - 1].title.startswith(f"Actie {k}")
        time.sleep(delay)  # the others try to write meanwhile
        return current.text.replace(f"title: Actie {k}\n", f"title: Actie {k} herzien\n")

    return change


def titles(path: Path) -> list[str]:
    return [action.title for action in load_position(path).fiche.actions]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delays=st.lists(st.tuples(st.floats(0, 0.01), st.floats(0, 0.01)), min_size=2, max_size=ACTIONS))
def test_concurrent_writers_each_add_their_change(tmp_path, delays):
    position = position_with_actions(tmp_path / f"x{time.monotonic_ns()}.yaml")
    errors: list[BaseException] = []

    def writer(k: int, start: float, inside: float) -> None:
        time.sleep(start)
        try:
            assert edit_position(position, retitle(k, delay=inside)) is True
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k, *d)) for k, d in enumerate(delays, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    changed = len(delays)
    assert titles(position) == [f"Actie {k} herzien" for k in range(1, changed + 1)] + [
        f"Actie {k}" for k in range(changed + 1, ACTIONS + 1)
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{position.name}")] == []


def test_a_change_made_meanwhile_by_another_program_is_kept(tmp_path):
    position = position_with_actions(tmp_path / "x.yaml")
    calls = []

    def change(current: Current) -> str:
        calls.append(current.text)
        if len(calls) == 1:  # an editor saves the file while the change is being made
            position.write_text(current.text.replace("title: Actie 2\n", "title: Actie 2 door de editor\n"))
        return current.text.replace("title: Actie 1\n", "title: Actie 1 herzien\n")

    assert edit_position(position, change) is True
    assert len(calls) == 2
    assert titles(position)[:3] == ["Actie 1 herzien", "Actie 2 door de editor", "Actie 3"]


def test_a_file_changed_at_every_try_is_refused_and_keeps_the_last_change(tmp_path):
    position = position_with_actions(tmp_path / "x.yaml")
    calls = []

    def change(current: Current) -> str:
        calls.append(1)
        position.write_text(current.text + f"# versie {len(calls)}\n")
        return current.text.replace("title: Actie 1\n", "title: Actie 1 herzien\n")

    with pytest.raises(OutputError) as raised:
        edit_position(position, change)
    assert str(raised.value) == (
        f"{position}: another program changed this file each time it was about to be written "
        f"({ATTEMPTS} times); nothing was written, run again"
    )
    assert titles(position)[0] == "Actie 1"
    assert position.read_text().endswith(f"# versie {ATTEMPTS - 1}\n# versie {ATTEMPTS}\n")


def test_a_writer_that_waits_too_long_gives_up_with_one_line(tmp_path):
    position = position_with_actions(tmp_path / "x.yaml")
    before = position.read_bytes()
    with files.locked(position), pytest.raises(OutputError) as raised:
        edit_position(position, retitle(1), wait=0.2)
    assert str(raised.value) == (
        f"{position}: another fiche command has been changing this file for 0.2 s; try again when it is done"
    )
    assert position.read_bytes() == before


def test_xliff_import_that_waits_too_long_exits_1_with_one_line(tmp_path, run_cli, monkeypatch):
    position = position_with_actions(tmp_path / "x.yaml")
    assert run_cli("xliff", "export", position, "-o", tmp_path / "t.xlf").exit_code == 0
    text = (tmp_path / "t.xlf").read_text(encoding="utf-8")
    (tmp_path / "t.xlf").write_text(
        text.replace("<source>Actie 1</source>", "<source>Actie 1</source><target>Action 1</target>")
    )
    monkeypatch.setattr(files, "LOCK_WAIT", 0.3)
    with files.locked(position):
        result = run_cli("xliff", "import", position, tmp_path / "t.xlf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {position}: another fiche command has been changing this file for 0.3 s; try again when it is done\n"
    )
    assert run_cli("xliff", "import", position, tmp_path / "t.xlf").stdout == f"{position}: 1 translation(s) written\n"


def test_a_killed_writer_leaves_no_lock_behind(tmp_path):
    position = position_with_actions(tmp_path / "x.yaml")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from fichebuilder.files import locked\n"
            "with locked(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
            str(position),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with holder:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        os.kill(holder.pid, signal.SIGKILL)
    assert (tmp_path / ".x.yaml.lock").exists()  # killed before it could remove it: harmless
    started = time.monotonic()
    assert edit_position(position, retitle(1), wait=5) is True
    assert time.monotonic() - started < 1
    assert not (tmp_path / ".x.yaml.lock").exists()


def test_an_edit_keeps_the_file_mode_and_follows_a_link(tmp_path):
    real = position_with_actions(tmp_path / "real.yaml")
    real.chmod(0o664)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert edit_position(link, retitle(1)) is True
    assert link.is_symlink()
    assert titles(real)[0] == "Actie 1 herzien"
    assert real.stat().st_mode & 0o777 == 0o664


def test_no_change_writes_nothing(tmp_path):
    position = position_with_actions(tmp_path / "x.yaml")
    stamp = position.stat().st_mtime_ns
    assert edit_position(position, lambda current: None) is False
    assert edit_position(position, lambda current: current.text) is False
    assert position.stat().st_mtime_ns == stamp


def test_a_missing_file_is_said_before_any_lock(tmp_path):
    with pytest.raises(PositionError) as raised:
        edit_position(tmp_path / "nope" / "x.yaml", retitle(1))
    assert str(raised.value) == f"{tmp_path / 'nope' / 'x.yaml'}: no such file"


def xliff_with_one_translation(run_cli, position: Path) -> Path:
    xliff = position.with_name("t.xlf")
    assert run_cli("xliff", "export", position, "-o", xliff).exit_code == 0
    text = xliff.read_text(encoding="utf-8")
    xliff.write_text(text.replace("<source>Actie 1</source>", "<source>Actie 1</source><target>Action 1</target>"))
    return xliff


def test_fiche_lock_wait_says_how_long_an_edit_waits_for_another_process(tmp_path, run_cli, monkeypatch):
    position = position_with_actions(tmp_path / "x.yaml")
    xliff = xliff_with_one_translation(run_cli, position)
    before = position.read_bytes()
    monkeypatch.setenv("FICHE_LOCK_WAIT", "0.4")
    with held_by_another_process(position):
        started = time.monotonic()
        result = run_cli("xliff", "import", position, xliff)
        waited = time.monotonic() - started
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {position}: another fiche command has been changing this file for 0.4 s; try again when it is done\n"
    )
    assert 0.4 <= waited < 5
    assert position.read_bytes() == before
    assert run_cli("xliff", "import", position, xliff).stdout == f"{position}: 1 translation(s) written\n"


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf", "90000", "30s"])
def test_a_bad_fiche_lock_wait_is_a_usage_error(tmp_path, run_cli, monkeypatch, value):
    position = position_with_actions(tmp_path / "x.yaml")
    xliff = xliff_with_one_translation(run_cli, position)
    before = position.read_bytes()
    monkeypatch.setenv("FICHE_LOCK_WAIT", value)
    result = run_cli("xliff", "import", position, xliff)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: FICHE_LOCK_WAIT={value!r}: give the seconds to wait for another fiche command, "
        "a number from 0 to 86400\n"
    )
    assert position.read_bytes() == before


def test_fiche_lock_wait_may_be_0_and_is_30_s_when_not_set(monkeypatch):
    monkeypatch.setenv("FICHE_LOCK_WAIT", " 0 ")
    assert files.lock_wait() == 0
    monkeypatch.delenv("FICHE_LOCK_WAIT")
    assert files.lock_wait() == files.LOCK_WAIT == 30
