"""Shared fixtures: example files, the CLI runner, LibreOffice, temporary git repositories."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import CliRunner
from hypothesis import settings

from fichebuilder.cli import main

# Property tests: a short run locally, with new examples each time; a long one in CI (.ci/run
# sets HYPOTHESIS_PROFILE=ci) with examples fixed by the test, so that what passed once passes
# again on a fresh machine; "explore" is the long run with new examples, to look for faults.
settings.register_profile("dev", max_examples=150)
settings.register_profile("ci", max_examples=2000, derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
POSITIONS = ROOT / "positions"
DATA = Path(__file__).resolve().parent / "data"
BAD = Path(__file__).resolve().parent / "bad"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts LibreOffice (it asks for the ``soffice`` or ``libreoffice`` fixture) is marked
    ``soffice``, and every test that starts Chromium (the ``chromium`` fixture) ``chromium``, so that
    ``pytest -m "not soffice and not chromium"`` runs where they are absent."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if {"soffice", "libreoffice"} & names:
            item.add_marker(pytest.mark.soffice)
        if "chromium" in names:
            item.add_marker(pytest.mark.chromium)


@pytest.fixture
def run_cli() -> Callable[..., object]:
    """Run the ``fiche`` command in-process; returns click's Result (stdout and stderr apart)."""

    def run(*args: str | Path):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def soffice() -> str:
    """The LibreOffice binary; the test is skipped where LibreOffice or pdftotext is absent."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) and poppler's pdftotext are not installed")
    return found


class Chromium:
    """A headless Chromium that shows a page as a reader's browser would: a screenshot of it,
    and its print view as a PDF. Each run has a profile of its own and no network."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir

    def _run(self, page: Path, *args: str) -> None:
        subprocess.run(
            [self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={self.workdir / 'chromium-profile'}", *args, page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def screenshot(self, page: Path, out: Path, *, size: tuple[int, int] = (1200, 1600)) -> Path:
        self._run(page, f"--screenshot={out}", f"--window-size={size[0]},{size[1]}")
        return out

    def print_pdf(self, page: Path, out: Path) -> Path:
        """The page as Chromium prints it (its print style sheet applies)."""
        self._run(page, f"--print-to-pdf={out}", "--no-pdf-header-footer")
        return out


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    """Headless Chromium; the test is skipped where it is absent."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium is not installed")
    return Chromium(found, tmp_path)


def installed_font(generic: str) -> str:
    """The font fontconfig gives for a generic family ("serif", "sans-serif"): one LibreOffice has;
    the test is skipped where fontconfig's fc-match is absent."""
    if not shutil.which("fc-match"):
        pytest.skip("fontconfig's fc-match is not installed")
    return subprocess.run(
        ["fc-match", "-f", "%{family[0]}", generic], capture_output=True, text=True, check=True
    ).stdout


def libreoffice_convert(soffice: str, document: Path, workdir: Path, to: str) -> Path:
    """Open ``document`` in LibreOffice and save it in format ``to`` (pdf, docx) in ``workdir``."""
    profile = workdir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(workdir),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = workdir / f"{document.stem}.{to}"
    assert converted.exists(), f"LibreOffice did not convert {document.name}"
    return converted


def docx_to_pdf(soffice: str, docx: Path, workdir: Path) -> Path:
    """Open a .docx in LibreOffice and save it as PDF (in ``workdir``)."""
    return libreoffice_convert(soffice, docx, workdir, "pdf")


def docx_to_pdf_text(soffice: str, docx: Path, workdir: Path) -> str:
    """Open a .docx in LibreOffice, save it as PDF, and give back the PDF's text."""
    pdf = docx_to_pdf(soffice, docx, workdir)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def fiche_words(fiche: msgspec.Struct) -> Any:
    """A fiche as plain data with every text as its words: equal for two fiches whose texts
    differ only in where their lines break (a writer wraps texts anew)."""

    def words(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(value.split())
        if isinstance(value, dict):
            return {k: words(v) for k, v in value.items()}
        if isinstance(value, list):
            return [words(v) for v in value]
        return value

    return words(msgspec.to_builtins(fiche))


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write inline files under ``root`` so a test shows its data next to its assertions."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` (a real repository made by the test)."""
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    ).stdout


@dataclass(frozen=True)
class Measured:
    """A ``fiche`` run in a process of its own: what it said, how long it took, its peak memory."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# Runs the command given after the figures' file, in an address space of at most LIMIT bytes
# (so that a bound that no longer holds fails the test instead of filling the machine),
# and writes the child's peak resident memory (kB) to the figures' file.
_MEASURE = """
import resource, subprocess, sys
limit = int(sys.argv[1])
def bounded():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
code = subprocess.run(sys.argv[3:], preexec_fn=bounded).returncode
open(sys.argv[2], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_measured(
    *args: str | Path, figures: Path, env: dict[str, str] | None = None, address_space: int = 2 << 30
) -> Measured:
    """Run ``fiche ARGS`` in a new process, its address space capped at ``address_space`` bytes."""
    command = [sys.executable, "-c", _MEASURE, str(address_space), str(figures)]
    command += [sys.executable, "-m", "fichebuilder", *map(str, args)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    seconds = time.monotonic() - started
    peak = int(figures.read_text()) / 1024
    return Measured(done.returncode, done.stdout, done.stderr, seconds, peak)


@contextlib.contextmanager
def held_by_another_process(position: Path) -> Iterator[None]:
    """The lock of ``position`` held by another process for as long as the block runs."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from fichebuilder.files import locked\n"
            "with locked(Path(sys.argv[1])):\n    print('locked', flush=True); sys.stdin.read()",
            str(position),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    with holder:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        try:
            yield
        finally:
            assert holder.stdin is not None
            holder.stdin.close()  # the holder lets go
