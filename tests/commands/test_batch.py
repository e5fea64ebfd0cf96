"""Daily use: batch builds, PDF, watch mode and the deadline overview."""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx

from fichebuilder.commands.batch import build_many
from fichebuilder.commands.watching import template_files, watch
from fichebuilder.errors import PositionError
from fichebuilder.writers.building import build_fiche
from fichebuilder.writers.templating import resolve_template
from tests.conftest import DATA, ROOT

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def positions(folder: Path, count: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        text = MINIMAL.replace("COM(2025) 999", f"COM(2025) 9{i:02d}").replace("2025-12-04", f"2025-12-{i:02d}")
        (folder / f"fiche-{i}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_batch_builds_every_file_and_lists_the_failure(run_cli, tmp_path):
    folder = positions(tmp_path / "positions")
    broken = folder / "fiche-2.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("stance: support", "stance: suport"))
    result = run_cli("build", folder, "-o", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fiche-1.docx", "fiche-3.docx"]
    assert result.stdout == f"built 2 of 3 fiche(s) into {tmp_path / 'out'}: 2 file(s)\n"
    assert result.stderr.splitlines()[-2:] == [
        "1 failed:",
        f"Error: {broken}:27:13: actions[0].stance: 'suport' is not one of support, conditional, neutral, critical, "
        "oppose, unknown (did you mean 'support'?)",
    ]
    for name in ("fiche-1.docx", "fiche-3.docx"):
        docx.Document(str(tmp_path / "out" / name))


def test_batch_of_several_files_in_one_process(run_cli, tmp_path):
    folder = positions(tmp_path / "positions", 2)
    result = run_cli("build", folder / "fiche-1.yaml", folder / "fiche-2.yaml", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fiche-1.docx", "fiche-2.docx"]


def test_status_table_and_json_with_a_fixed_today(run_cli, tmp_path):
    folder = positions(tmp_path / "positions", 2)
    (folder / "kapot.yaml").write_text("kind: [\n", encoding="utf-8")
    result = run_cli("status", folder, "--format", "json", "--today", "2026-01-10")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["today"] == "2026-01-10"
    first, second, broken = data["fiches"]
    assert first == {
        "file": str(folder / "fiche-1.yaml"),
        "com_number": "COM(2025) 901",
        "com_numbers": ["COM(2025) 901"],
        "title": "Mededeling over een proefvoorstel",
        "kind": "communication",
        "received": "2025-12-01",
        "deadline": "2026-01-12",
        "days_left": 2,
        "state": "open",
        "sent": None,
        "kamerstuk": None,
        "stances": {"support": 1, "conditional": 1},
        "translated": {"nl": 1.0, "en": 0.0},
        "warnings": 0,
        "error": None,
    }
    assert second["days_left"] == 3
    assert broken["file"] == str(folder / "kapot.yaml")
    assert broken["error"].startswith(f"{folder / 'kapot.yaml'}:")
    table = run_cli("status", folder, "--today", "2026-01-10").stdout
    assert "COM(2025) 901" in table and "2026-01-12" in table and "1 support, 1 conditional" in table


def test_watch_rebuilds_once_per_save(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "f.docx"
    stop = threading.Event()
    events = []

    def rebuild():
        return [b.path for b in build_fiche(source, output=out)]

    def run():
        for event in watch(source, rebuild, stop=stop, debounce_ms=100):
            events.append(event)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(events) == 1 and events[0].written == [out]
        time.sleep(0.5)  # let the watcher settle before the save
        source.write_text(MINIMAL.replace("proefvoorstel", "tweede versie"), encoding="utf-8")
        while len(events) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # a second rebuild would arrive within this time
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(events) == 2
    assert events[1].error is None
    assert docx.Document(str(out)).paragraphs[0].text == "Fiche: Mededeling over een tweede versie"


def test_watch_reports_an_error_and_goes_on(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(MINIMAL.replace("stance: support", "stance: suport"), encoding="utf-8")
    stop = threading.Event()
    stop.set()  # stop after the first build
    events = list(watch(source, lambda: [b.path for b in build_fiche(source, output=tmp_path / "f.docx")], stop=stop))
    assert len(events) == 1
    assert "'suport' is not one of" in events[0].error.message
    assert events[0].error.field == "actions[0].stance"


ESSENCE = "<h1>2.<tab/>{{ t.sections.essence }}</h1>"


def edit_template(copy: Path, old: str, new: str) -> None:
    structure = copy / "communication.xml.j2"
    text = structure.read_text(encoding="utf-8")
    assert old in text
    structure.write_text(text.replace(old, new), encoding="utf-8")


def headings(document: Path) -> list[str]:
    return [p.text for p in docx.Document(str(document)).paragraphs if p.style.name == "Heading 1"]


def test_watch_rebuilds_when_a_template_is_saved_and_goes_on_after_its_error(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    copy = tmp_path / "sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    out = tmp_path / "out" / "f.docx"
    stop = threading.Event()
    events = []

    def rebuild():
        return [b.path for b in build_fiche(source, output=out, template=copy)]

    def wait_for(count):
        deadline = time.monotonic() + 30
        while len(events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(events) == count
        time.sleep(0.5)  # let the watcher settle before the next save

    thread = threading.Thread(target=lambda: events.extend(watch(source, rebuild, templates=resolve_template(copy),
                                                                  stop=stop, debounce_ms=100)))  # fmt: skip
    thread.start()
    try:
        wait_for(1)
        assert "2.\tEssentie voorstel" in headings(out)
        edit_template(copy, ESSENCE, "<h1>2.<tab/>Kern van het voorstel</h1>")
        wait_for(2)
        assert events[1].error is None
        assert "2.\tKern van het voorstel" in headings(out)
        edit_template(copy, "Kern van het voorstel</h1>", "{{ t.sections.essense }}</h1>")
        wait_for(3)
        line = next(i for i, text in enumerate((copy / "communication.xml.j2").read_text().splitlines(), 1)
                    if "essense" in text)  # fmt: skip
        assert str(events[2].error) == (
            f"{copy / 'communication.xml.j2'}:{line}: template error: 'dict object' has no attribute 'essense'"
        )
        edit_template(copy, "{{ t.sections.essense }}", "Wat de Commissie voorstelt")
        wait_for(4)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert events[3].error is None
    assert "2.\tWat de Commissie voorstelt" in headings(out)


def test_watch_knows_a_template_sets_files_from_what_else_is_in_their_folders(tmp_path):
    copy = tmp_path / "sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    folders, is_template = template_files(resolve_template(copy))
    assert {copy, copy / "lang", ROOT / "templates"} <= folders
    for name in ("communication.xml.j2", "_fiche.xml.j2", "lang/en.yaml", "reference.docx"):
        assert is_template(copy / name), name
    for name in (".communication.xml.j2.swp", "communication.xml.j2~", "~$ference.docx", "f.docx", "samples/x.yaml"):
        assert not is_template(copy / name), name
    _, is_single = template_files(resolve_template(copy / "communication.xml.j2"))
    assert is_single(copy / "_fiche.xml.j2")  # what it imports
    assert not is_single(copy / "lang" / "nl.yaml")  # the shipped catalogue is used
    assert is_single(ROOT / "templates" / "lang" / "nl.yaml")


def test_fiche_watch_builds_with_the_template_as_it_is_saved(tmp_path):
    source = tmp_path / "f.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    copy = tmp_path / "sjabloon"
    shutil.copytree(ROOT / "templates", copy)
    out = tmp_path / "f.docx"
    command = [sys.executable, "-m", "fichebuilder", "watch", str(source), "--template", str(copy), "-o", str(out)]
    # Ctrl+C reaches the watcher even where the test run ignores it (a background job does):
    # Python turns SIGINT into KeyboardInterrupt only where it was not ignored when it started
    restore = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=restore
    ) as watching:
        timer = threading.Timer(60, watching.kill)  # a rebuild that never comes ends the test, not the run
        timer.start()
        try:
            assert watching.stdout.readline().endswith(f" wrote {out}\n")
            time.sleep(1.0)  # let the watcher settle before the save
            edit_template(copy, ESSENCE, "<h1>2.<tab/>Kern van het voorstel</h1>")
            assert watching.stdout.readline().endswith(f" wrote {out}\n")
        finally:
            timer.cancel()
            watching.send_signal(signal.SIGINT)
            try:
                _, stderr = watching.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                watching.kill()  # a watcher that does not stop fails the test, and does not outlive it
                raise
    assert stderr.startswith(f"watching {source}; Ctrl+C stops\n")
    assert "Error" not in stderr
    assert "2.\tKern van het voorstel" in headings(out)


def test_pdf_of_a_batch(run_cli, tmp_path, soffice):
    folder = positions(tmp_path / "positions", 2)
    result = run_cli("build", folder, "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "fiche-1.docx",
        "fiche-1.pdf",
        "fiche-2.docx",
        "fiche-2.pdf",
    ]
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out" / "fiche-2.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "1. Algemene gegevens" in text and "COM(2025) 902" in text


def test_pdf_without_libreoffice_says_so(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run_cli("build", DATA / "minimal.yaml", "-o", tmp_path / "f.docx", "--pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: LibreOffice is not installed, so no PDF can be made (install it, e.g. apt-get install "
        "libreoffice-writer-nogui, or build without --pdf)\n"
    )


def test_a_failure_in_a_worker_process_keeps_its_location(tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad.write_text(MINIMAL.replace("stance: support", "stance: suport"), encoding="utf-8")
    outcomes = {o.source.name: o for o in build_many([good, bad], output_dir=tmp_path / "out", langs=["nl"], jobs=2)}
    assert outcomes["good.yaml"].ok
    error = outcomes["bad.yaml"].error
    assert isinstance(error, PositionError)
    assert (error.file, error.field) == (str(bad), "actions[0].stance")
    assert error.line is not None and error.column is not None


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` and that still run (not zombies)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_workers_end_when_the_batch_is_killed(tmp_path):
    folder = positions(tmp_path / "positions", 60)
    command = [sys.executable, "-m", "fichebuilder", "build", str(folder), "-o", str(tmp_path / "out"), "--jobs", "2"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as batch:
        deadline = time.monotonic() + 60
        while len(workers := children(batch.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2
        batch.kill()
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for worker in left:  # never leave them to the next test
        os.kill(worker, signal.SIGKILL)
    assert left == []
