"""Reading a position file from a git revision (FILE@REV), and ``fiche diff`` across revisions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from subprocess import PIPE

import pytest

from fichebuilder.errors import RevisionError
from fichebuilder.source.revisions import load_version, parse_spec, read_revision, version_with_hash
from tests.conftest import DATA, git, run_measured, write_tree

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits of positions/x.yaml: action 1 is 'support', then 'neutral'."""
    root = tmp_path / "repo"
    write_tree(root, {"positions/x.yaml": MINIMAL})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    write_tree(root, {"positions/x.yaml": MINIMAL.replace("stance: support", "stance: neutral", 1)})
    git(root, "commit", "-q", "-am", "second")
    return root


def test_file_at_an_earlier_revision(repo):
    loaded = load_version(f"{repo}/positions/x.yaml@HEAD~1")
    assert loaded.fiche.actions[0].stance == "support"
    assert loaded.source.file == f"{repo}/positions/x.yaml@HEAD~1"


def test_revision_is_read_from_the_files_repository_not_the_current_folder(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_version("repo/positions/x.yaml@HEAD").fiche.actions[0].stance == "neutral"


def test_file_deleted_from_the_work_tree_is_still_read_from_a_revision(repo):
    (repo / "positions" / "x.yaml").unlink()
    assert load_version(f"{repo}/positions/x.yaml@HEAD~1").fiche.actions[0].stance == "support"


def test_existing_file_with_an_at_in_its_name_is_a_file(tmp_path):
    write_tree(tmp_path, {"x@home.yaml": MINIMAL})
    assert parse_spec(str(tmp_path / "x@home.yaml")) == (tmp_path / "x@home.yaml", None)
    assert load_version(str(tmp_path / "x@home.yaml")).fiche.actions[0].stance == "support"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("positions/x.yaml@HEAD~9", "unknown revision 'HEAD~9'"),
        ("positions/x.yaml@--output=x", "unknown revision '--output=x'"),
        ("positions/y.yaml@HEAD~1", "no such file in HEAD~1"),
        ("positions@HEAD", "no such file in HEAD"),
        ("positions/x.yaml@", "give a revision after the @: FILE@REVISION (e.g. HEAD~1)"),
    ],
    ids=["unknown-revision", "option-as-revision", "no-such-file", "folder", "empty-revision"],
)
def test_bad_revision_spec(repo, monkeypatch, spec, message):
    monkeypatch.chdir(repo)
    with pytest.raises(RevisionError) as caught:
        load_version(spec)
    assert str(caught.value) == f"{spec}: {message}"


def test_outside_a_repository(tmp_path):
    write_tree(tmp_path, {"plain/x.yaml": MINIMAL})
    spec = f"{tmp_path}/plain/x.yaml@HEAD"
    with pytest.raises(RevisionError) as caught:
        load_version(spec)
    assert str(caught.value) == f"{spec}: not in a git repository"


# --- through the command line -------------------------------------------------------------


def test_cli_diff_against_the_previous_commit(repo, run_cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = run_cli("diff", "--format", "json", "positions/x.yaml@HEAD~1", "positions/x.yaml")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["file"] == "positions/x.yaml@HEAD~1"
    assert data["actions"][0]["stance"] == {"old": "support", "new": "neutral"}
    assert data["summary"]["stances_changed"] == 1


def test_cli_same_revision_exits_0(repo, run_cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = run_cli("diff", "positions/x.yaml@HEAD", "positions/x.yaml", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "  actions: 0 changed, 0 added, 0 removed, 2 unchanged\n" in result.stdout


def test_cli_unknown_revision_exits_2(repo, run_cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = run_cli("diff", "positions/x.yaml@HEAD~9", "positions/x.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Error: positions/x.yaml@HEAD~9: unknown revision 'HEAD~9'\n"
    assert result.stdout == ""


def test_cli_outside_a_repository_exits_2(tmp_path, run_cli, monkeypatch):
    write_tree(tmp_path, {"x.yaml": MINIMAL})
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "x.yaml@HEAD~1", "x.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Error: x.yaml@HEAD~1: not in a git repository\n"


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_version_with_a_hash_is_found_in_its_commit_or_a_later_one(repo):
    first = git(repo, "rev-parse", "HEAD~1").strip()
    path = repo / "positions" / "x.yaml"
    assert version_with_hash(path, first, _sha(MINIMAL)) == MINIMAL.encode()
    # built from the second version before it was committed: the commit recorded is the first
    second = MINIMAL.replace("stance: support", "stance: neutral", 1)
    assert version_with_hash(path, first, _sha(second)) == second.encode()


def test_a_version_git_never_had_or_an_unknown_commit_is_an_error(repo):
    path = repo / "positions" / "x.yaml"
    first = git(repo, "rev-parse", "HEAD~1").strip()
    with pytest.raises(RevisionError, match="not committed as it was"):
        version_with_hash(path, first, _sha("something else"))
    with pytest.raises(RevisionError, match="unknown revision"):
        version_with_hash(path, "0" * 40, _sha(MINIMAL))


# --- a huge file in a revision ------------------------------------------------------------


def commit_huge_blob(repo: Path, name: str, megabytes: int) -> None:
    """Commit ``name`` as ``megabytes`` MiB of a YAML comment, streamed into git (a MiB or so on disk)."""
    line = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
    with subprocess.Popen(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], stdin=PIPE, stdout=PIPE) as writer:
        assert writer.stdin is not None and writer.stdout is not None
        for _ in range(megabytes):
            writer.stdin.write(line)
        writer.stdin.close()
        blob = writer.stdout.read().decode().strip()
    assert writer.returncode == 0
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
    git(repo, "commit", "-q", "-m", "huge")


def test_a_huge_file_in_a_revision_is_refused_by_the_bytes_git_gives(repo, tmp_path):
    commit_huge_blob(repo, "positions/x.yaml", 256)
    assert sum(f.stat().st_size for f in (repo / ".git").rglob("*") if f.is_file()) < 4 * 1024 * 1024
    spec = f"{repo}/positions/x.yaml@HEAD"
    run = run_measured("diff", spec, f"{repo}/positions/x.yaml@HEAD~1", figures=tmp_path / "figures")
    # diff(1)'s exit codes: 1 means "the versions differ", so trouble of any kind is 2
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"Error: {spec}: is more than 5 MiB; a position file may be at most 5 MiB\n"
    assert run.seconds < 15
    assert run.peak_mb < 150, f"{run.peak_mb:.0f} MB"
    with pytest.raises(RevisionError) as caught:
        read_revision(repo / "positions" / "x.yaml", "HEAD", limit=1024)
    assert (
        str(caught.value)
        == f"{repo / 'positions' / 'x.yaml'}@HEAD: is more than 1 KiB; a position file may be at most 1 KiB"
    )
