"""Writing files: synced to disk before they replace the old, temporary files of killed runs removed,
a full disk said in one line."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fichebuilder import files
from tests.conftest import DATA, POSITIONS

HOUR_AGO = time.time() - 3600


def test_atomic_write_syncs_the_new_file_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    synced = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        # what was synced, and what the target held at that moment
        synced.append((os.readlink(f"/proc/self/fd/{descriptor}"), target.read_text(encoding="utf-8")))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    files.write_text(target, "new")
    (temporary, before), (folder, after) = synced
    assert Path(temporary).name.startswith(".out.txt.") and Path(temporary).name.endswith(".tmp")
    assert before == "old"
    assert (Path(folder), after) == (tmp_path, "new")


def start_killed_writer(target: Path) -> subprocess.Popen[str]:
    """A process that is writing ``target`` (half its content written) and waits there."""
    script = (
        "import sys, time\nfrom pathlib import Path\nfrom fichebuilder.files import atomic_write\n"
        "def write(handle):\n"
        "    handle.write(b'half a document'); handle.flush(); print('writing', flush=True); time.sleep(60)\n"
        "atomic_write(Path(sys.argv[1]), write)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    return writer


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_build_removes_what_a_killed_build_left_and_says_nothing(run_cli, tmp_path):
    out = tmp_path / "out"
    with start_killed_writer(out / "other.docx") as writer:
        writer.kill()
    (left,) = temporaries(out)
    assert left.startswith(".other.docx.")
    os.utime(out / left, (HOUR_AGO, HOUR_AGO))
    result = run_cli("build", DATA / "minimal.yaml", "-o", out / "minimal.docx")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"wrote {out / 'minimal.docx'}\n", "")
    assert sorted(p.name for p in out.iterdir()) == ["minimal.docx"]


def test_a_running_writers_file_is_kept_however_old(tmp_path):
    with start_killed_writer(tmp_path / "slow.docx") as writer:
        (running,) = temporaries(tmp_path)
        os.utime(tmp_path / running, (HOUR_AGO, HOUR_AGO))
        assert files.remove_stale_temporaries(tmp_path) == []
        assert temporaries(tmp_path) == [running]
        writer.kill()
    assert files.remove_stale_temporaries(tmp_path) == [tmp_path / running]


def test_only_old_files_of_our_own_pattern_are_removed(tmp_path):
    names = [".a.docx.k3j_9xq2.tmp", ".a.docx.tmp", "a.docx.k3j_9xq2.tmp", ".a.docx.K3J_9XQ2.tmp", "notes.tmp"]
    for name in names:
        (tmp_path / name).write_text("someone's", encoding="utf-8")
        os.utime(tmp_path / name, (HOUR_AGO, HOUR_AGO))
    (tmp_path / ".b.docx.abcdefgh.tmp").write_text("just made", encoding="utf-8")
    assert files.remove_stale_temporaries(tmp_path) == [tmp_path / ".a.docx.k3j_9xq2.tmp"]
    assert temporaries(tmp_path) == sorted([*names[1:], ".b.docx.abcdefgh.tmp"])


def run_with_a_full_disk(args: list[str], limit: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``fiche`` where no file may grow past ``limit`` bytes: its writes fail as on a full disk."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "fichebuilder", *args],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_a_full_disk_during_a_build_is_one_line_and_keeps_the_old_document(tmp_path):
    out = tmp_path / "x.docx"
    out.write_bytes(b"the previous document")
    result = run_with_a_full_disk(["build", str(POSITIONS / "com-2025-744.yaml"), "-o", str(out)], 10_000, tmp_path)
    assert (result.returncode, result.stderr) == (1, f"Error: {out}: cannot write the file: File too large\n")
    assert out.read_bytes() == b"the previous document"
    assert temporaries(tmp_path) == []


def test_a_full_disk_during_a_batch_is_one_line_per_failed_file(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "small.yaml")
    shutil.copy(POSITIONS / "com-2025-744.yaml", tmp_path / "large.yaml")
    args = ["build", "small.yaml", "large.yaml", "-o", "out", "--jobs", "2"]
    result = run_with_a_full_disk(args, 20_000, tmp_path)
    assert result.returncode == 1
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            "ok  small.yaml",
            "FAILED  large.yaml",
            "1 failed:",
            f"Error: {Path('out') / 'large.docx'}: cannot write the file: File too large",
        ]
    )
    assert temporaries(tmp_path / "out") == []


@pytest.mark.soffice
def test_a_full_disk_while_making_a_pdf_is_one_line(tmp_path, soffice):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "small.yaml")
    result = run_with_a_full_disk(["build", "small.yaml", "-o", "small.docx", "--pdf"], 20_000, tmp_path)
    assert result.returncode == 1
    assert result.stdout == "wrote small.docx\n"
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
    assert not (tmp_path / "small.pdf").exists()


def run_fiche(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``fiche`` in a process of its own, with a timeout: a read that waits for ever fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "fichebuilder", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_only_regular_files_are_read(tmp_path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    xliff_pipe = tmp_path / "pipe.xlf"
    os.mkfifo(xliff_pipe)
    shutil.copy(DATA / "minimal.yaml", tmp_path / "x.yaml")
    cases = [
        (["check", link], f"{link}: is a device, not a file"),
        (["check", pipe], f"{pipe}: is a named pipe, not a file"),
        (["import", "/dev/urandom", "-o", tmp_path / "u.yaml"], "/dev/urandom: is a device, not a file"),
        (["import", pipe, "-o", tmp_path / "p.yaml"], f"{pipe}: is a named pipe, not a file"),
        (["xliff", "import", tmp_path / "x.yaml", xliff_pipe], f"{xliff_pipe}: is a named pipe, not a file"),
    ]
    for args, message in cases:
        result = run_fiche(*args)
        assert (result.returncode, result.stderr) == (1, f"Error: {message}\n"), args


def sparse(path: Path, size: int, head: bytes = b"kind: communication\n") -> Path:
    """A file of ``size`` bytes that takes no room on disk."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "{big}"], "is more than 5 MiB; a position file may be at most 5 MiB"),
        (["import", "{big}", "-o", "{out}"], "is more than 50 MiB; a fiche may be at most 50 MiB"),
        (["xliff", "import", "{small}", "{big}"], "is more than 50 MiB; an XLIFF file may be at most 50 MiB"),
    ],
    ids=["position", "import", "xliff"],
)
def test_a_file_too_large_is_refused_before_it_is_read_whole(run_cli, tmp_path, args, message):
    big = sparse(tmp_path / "big.txt", 60 * 1024 * 1024, b"%PDF-1.4\n" if args[0] == "import" else b"kind: x\n")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "small.yaml")
    paths = {"big": big, "out": tmp_path / "out.yaml", "small": tmp_path / "small.yaml"}
    result = run_cli(*[a.format(**paths) for a in args])
    assert (result.exit_code, result.stderr) == (1, f"Error: {big}: {message}\n")
