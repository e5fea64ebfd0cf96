"""Build speed and start-up time, as ratios against baselines measured in the same run.

    python benchmarks/bench_build.py [--runs N]

Figures (targets from the project's issues):
- `fiche build` of positions/com-2025-744.yaml, whole process, against a bare
  python-docx script that writes the same paragraphs (same styles, no footnotes
  or links): target ≤ 1.5×. The same comparison in-process (imports excluded).
- `fiche --help`: target ≤ 0.15 s and ≤ 1.5× `python -c "import click"`.
- peak memory (max RSS) of a single build: target ≤ 100 MB.
Runs alternate between the contenders so that a noisy machine slows both alike;
medians are reported. The package is byte-compiled first, as `pip install` does
(a checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile fichebuilder's
modules on every start, which an installed fiche never does).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "positions" / "com-2025-744.yaml"
FICHE = shutil.which("fiche") or "fiche"

BARE = """
import json, sys, docx
paragraphs = json.load(open(sys.argv[1], encoding="utf-8"))
document = docx.Document()
for text, style in paragraphs:
    document.add_paragraph(text, style=style)
document.save(sys.argv[2])
"""

STYLE_NAMES = {
    "Title": "Title",
    "Heading1": "Heading 1",
    "Heading2": "Heading 2",
    "ListNumber": "List Number",
    "ListBullet": "List Bullet",
}


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, None):
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for command in commands.values():  # warm the file cache once
        timed(command)
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak = timed(command)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(values), peaks[name]) for name, values in times.items()}


def in_process(runs: int, work: Path, paragraphs: list[list[str]]) -> tuple[float, float]:
    import docx

    from fichebuilder.source import markup
    from fichebuilder.writers import templating
    from fichebuilder.writers.building import build_fiche

    def ours() -> None:
        # as a fresh process would: no Markdown parsed and no template loaded yet
        markup._tokens.cache_clear()
        templating._environment.cache_clear()
        build_fiche(EXAMPLE, output=work / "inproc.docx")

    def bare() -> None:
        document = docx.Document()
        for text, style in paragraphs:
            document.add_paragraph(text, style=style)
        document.save(str(work / "bare-inproc.docx"))

    ours(), bare()
    a, b = [], []
    for _ in range(runs):
        start = time.perf_counter()
        ours()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare()
        b.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    import fichebuilder
    from fichebuilder.ooxml.reading import read_docx

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(fichebuilder.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        built = work / "fiche.docx"
        subprocess.run([FICHE, "build", str(EXAMPLE), "-o", str(built)], check=True, capture_output=True)
        text = read_docx(built)
        paragraphs = [[p, STYLE_NAMES.get(s, "Normal")] for p, s in zip(text.paragraphs, text.styles, strict=True)]
        (work / "paragraphs.json").write_text(json.dumps(paragraphs), encoding="utf-8")
        (work / "bare.py").write_text(BARE, encoding="utf-8")

        results = alternate(
            {
                "build": [FICHE, "build", str(EXAMPLE), "-o", str(work / "out.docx")],
                "bare": [sys.executable, str(work / "bare.py"), str(work / "paragraphs.json"), str(work / "b.docx")],
                "help": [FICHE, "--help"],
                "click": [sys.executable, "-c", "import click"],
            },
            runs,
        )
        ours_in, bare_in = in_process(runs, work, paragraphs)

    build, bare = results["build"][0], results["bare"][0]
    help_time, click_time = results["help"][0], results["click"][0]
    peak_mb = results["build"][1] / 1024
    print(
        f"fiche build com-2025-744 (process): {build * 1000:.0f} ms = {build / bare:.2f}x the bare python-docx "
        f"script ({bare * 1000:.0f} ms, {len(paragraphs)} paragraphs); target <= 1.5x: {verdict(build / bare <= 1.5)}"
    )
    print(
        f"fiche build com-2025-744 (in-process, imports excluded): {ours_in * 1000:.1f} ms = "
        f"{ours_in / bare_in:.2f}x bare ({bare_in * 1000:.1f} ms); target <= 1.5x: {verdict(ours_in / bare_in <= 1.5)}"
    )
    print(
        f"fiche --help: {help_time * 1000:.0f} ms (target <= 150 ms: {verdict(help_time <= 0.15)}) = "
        f"{help_time / click_time:.2f}x python -c 'import click' ({click_time * 1000:.0f} ms); "
        f"target <= 1.5x: {verdict(help_time / click_time <= 1.5)}"
    )
    print(f"peak memory of one build: {peak_mb:.0f} MB (target <= 100 MB: {verdict(peak_mb <= 100)})")
    print(f"(medians of {runs} alternating runs; this machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
