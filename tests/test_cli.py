"""The ``fiche`` command: help, exit codes, output paths, and what it refuses to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fichebuilder.cli import main
from fichebuilder.ooxml.reading import read_docx
from tests.conftest import DATA, ROOT


def test_every_command_has_help_and_is_in_the_readme(run_cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, f"fiche {name} has no help"
        result = run_cli(name, "--help")
        assert result.exit_code == 0
        assert command.help.splitlines()[0] in result.stdout
        assert f"fiche {name}" in readme, f"fiche {name} is not in the README"
    listing = run_cli("--help").stdout
    for name in main.commands:
        assert name in listing


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("fiche, version ")


def test_build_writes_out_name_docx_by_default(run_cli, tmp_path, monkeypatch):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "minimal.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "minimal.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {Path('out') / 'minimal.docx'}\n"
    assert "1.\tAlgemene gegevens" in read_docx(tmp_path / "out" / "minimal.docx").paragraphs


def test_build_refuses_to_write_over_a_yaml_file(run_cli, tmp_path):
    target = tmp_path / "other.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    result = run_cli("build", DATA / "minimal.yaml", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: will not write a document over a .yaml file\n"
    assert target.read_text(encoding="utf-8") == "keep: me\n"


def test_failed_build_leaves_no_file_and_keeps_the_old_one(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((DATA / "minimal.yaml").read_text(encoding="utf-8").replace("support", "suport", 1))
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    result = run_cli("build", bad, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.docx"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder_is_a_clear_error(run_cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_cli("build", DATA / "minimal.yaml", "-o", folder / "f.docx")
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {folder}: cannot write in this folder: Permission denied")


def test_unknown_language_is_a_usage_error(run_cli):
    result = run_cli("build", DATA / "minimal.yaml", "--lang", "fr")
    assert result.exit_code == 2
    assert "Invalid value for '--lang': unknown language 'fr' (known: nl, en, all)" in result.stderr


def test_missing_file_is_one_line(run_cli, tmp_path):
    result = run_cli("build", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_check_prints_the_stance_overview(run_cli):
    result = run_cli("check", DATA / "minimal.yaml")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "action  area  stance       conditions  concerns  title",
        "1       1     support      0           0         Informatie delen",
        "2       1     conditional  1           1         Een nieuw agentschap",
        "2 actions: 1 support, 1 conditional",
        f"{DATA / 'minimal.yaml'}: ok (0 warning(s))",
    ]


def test_installed_command_runs_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "fichebuilder", "build", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"Error: {tmp_path / 'missing.yaml'}: no such file"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell):
    result = CliRunner().invoke(main, [], prog_name="fiche", env={"_FICHE_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert "_fiche_completion" in result.stdout


def test_completion_offers_subcommands_and_choices():
    def complete(words: str) -> str:
        env = {"_FICHE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
        return CliRunner().invoke(main, [], prog_name="fiche", env=env).stdout

    assert complete("fiche xliff ") == "plain,export\nplain,import\n"
    assert complete("fiche new --kind ") == "plain,communication\nplain,legislative\n"


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(run_cli, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = run_cli("build", DATA / "minimal.yaml", "-o", blocker / "f.docx")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {blocker}: is a file, so no document can be written into it\n"


def test_the_output_folder_is_not_the_one_setuptools_builds_in(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build" / "lib").mkdir(parents=True)  # what `pip install .` leaves in a checkout
    assert run_cli("build", DATA / "minimal.yaml").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["lib"]
    assert (tmp_path / "out" / "minimal.docx").is_file()


# every command that writes a file, with -o naming an existing position file
WRITERS = {
    "build": (["build", DATA / "minimal.yaml"], 2, "will not write a document over a .yaml file"),
    "build-batch": (
        ["build", DATA / "minimal.yaml", ROOT / "positions" / "com-2025-744.yaml"],
        1,
        None,  # -o names the folder to build into: a file there is said per fiche
    ),
    "diff": (["diff", DATA / "minimal.yaml", DATA / "minimal.yaml"], 2, "will not write a document over a .yaml file"),
    "diff-docx": (
        ["diff", DATA / "minimal.yaml", DATA / "minimal.yaml", "--format", "docx"],
        2,
        "will not write a document over a .yaml file",
    ),
    "xliff-export": (["xliff", "export", DATA / "minimal.yaml"], 2, "will not write a document over a .yaml file"),
    "schema": (["schema"], 2, "will not write a document over a .yaml file"),
    "new": (
        ["new", "--kind", "communication", "--com", "COM(2025) 1"],
        2,
        "already exists; fiche new never writes over a file (choose another name with -o)",
    ),
    "import": (
        ["import", DATA / "fiche-com-2025-744.pdftext.txt"],
        2,
        "already exists; use --force to overwrite it",
    ),
}


@pytest.mark.parametrize("name", list(WRITERS), ids=list(WRITERS))
def test_no_command_writes_over_an_existing_position_file(run_cli, tmp_path, name):
    args, code, message = WRITERS[name]
    target = tmp_path / "other.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    result = run_cli(*args, "-o", target)
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == f"Error: {target}: {message}\n"
    else:
        assert f"Error: {target}: is a file, so no document can be written into it\n" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep: me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.yaml"]


def test_watch_refuses_an_existing_position_file_as_output_at_once(tmp_path):
    target = tmp_path / "other.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    result = subprocess.run(  # a process with a timeout: a watch that starts never ends by itself
        [sys.executable, "-m", "fichebuilder", "watch", str(DATA / "minimal.yaml"), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (2, f"Error: {target}: will not write a document over a .yaml file\n")
    assert target.read_text(encoding="utf-8") == "keep: me\n"
