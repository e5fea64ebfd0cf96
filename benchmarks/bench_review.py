"""`fiche review --apply` of a reviewed copy of the example with 50 tracked changes, against
`fiche build` of the example, as a ratio measured in the same run.

    python benchmarks/bench_review.py [--runs N] [--changes N]

Target (from the project's issues): the review's apply takes at most 2× the build. The
reviewed copy is made with lxml on a built fiche, the way Word records a review
(tests/commands/wordreview.py): tracked deletions, insertions and replacements spread over
the texts of the fiche, a third of each. Before every apply the position file is put back
as it was built from, so each run merges the same 50 changes. Runs alternate between the
two commands so that a noisy machine slows both alike; medians are reported.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.commands.wordreview import insert_in, replace_in, rewrite, w  # noqa: E402

EXAMPLE = ROOT / "positions" / "com-2025-744.yaml"
FICHE = shutil.which("fiche") or "fiche"
_LONG_WORD = re.compile(r"\b[a-z]{6,}\b")


def anchored_texts(document: Any) -> list[Any]:
    """The ``w:t`` elements inside the body's anchors (bookmarks ``f_…``), in order; a verdict's
    sentence is left alone (a word changed in it says no verdict)."""
    found, open_ids = [], set()
    for element in document.iter(w("bookmarkStart"), w("bookmarkEnd"), w("t")):
        name = element.get(w("name"), "")
        if element.tag == w("bookmarkStart") and name.startswith("f_") and not name.endswith("_verdict"):
            open_ids.add(element.get(w("id")))
        elif element.tag == w("bookmarkEnd"):
            open_ids.discard(element.get(w("id")))
        elif open_ids and _LONG_WORD.search(element.text or ""):
            found.append(element)
    return found


def spread_changes(count: int) -> Any:
    """An edit for ``wordreview.rewrite`` making ``count`` tracked changes spread over the texts:
    a word replaced, a word deleted, words inserted, in turn."""

    def edit(document: Any, notes: Any, comments: Any) -> None:
        texts = anchored_texts(document)
        step = max(len(texts) // count, 1)
        for n, t in enumerate(texts[::step][:count]):
            word = _LONG_WORD.search(t.text).group()
            if n % 3 == 0:
                replace_in(t, word, word.upper(), "Anne", 1000 + 2 * n)
            elif n % 3 == 1:
                replace_in(t, word, "", "Bram", 1000 + 2 * n)
            else:
                insert_in(t, word, " en verder", "Carla", 1000 + 2 * n)

    return edit


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--changes", type=int, default=50)
    options = parser.parse_args()
    import fichebuilder

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(fichebuilder.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        position = work / "fiche.yaml"
        shutil.copy(EXAMPLE, position)
        built = work / "fiche.docx"
        subprocess.run([FICHE, "build", str(position), "-o", str(built)], check=True, capture_output=True)
        reviewed = rewrite(built, work / "reviewed.docx", spread_changes(options.changes))
        original = position.read_bytes()
        build = [FICHE, "build", str(position), "-o", str(work / "out.docx")]
        review = [FICHE, "review", str(reviewed), "--apply"]
        report = subprocess.run([FICHE, "review", str(reviewed)], capture_output=True, text=True, check=True)
        changes = report.stdout.count("\n  deleted ") + report.stdout.count("\n  inserted ")
        times: dict[str, list[float]] = {"build": [], "review": []}
        for _ in range(options.runs + 1):  # the first round warms the file cache and is not counted
            position.write_bytes(original)
            times["review"].append(timed(review))
            applied = position.read_bytes() != original
            position.write_bytes(original)
            times["build"].append(timed(build))
        if not applied:
            raise SystemExit("the review changed nothing")
    build_time, review_time = (statistics.median(times[k][1:]) for k in ("build", "review"))
    ratio = review_time / build_time
    print(
        f"fiche review --apply, {options.changes} changes ({changes} tracked insertions and deletions reported): "
        f"{review_time * 1000:.0f} ms = {ratio:.2f}x fiche build ({build_time * 1000:.0f} ms); "
        f"target <= 2x: {'ok' if ratio <= 2 else 'MISSED'}"
    )
    print(f"(medians of {options.runs} alternating runs; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
