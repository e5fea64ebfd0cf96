"""Batch builds: 200 generated fiches in Dutch and English, --jobs 2 against --jobs 1.

    python benchmarks/bench_batch.py [--fiches 200] [--runs 3]

Target: --jobs 2 at least 1.6x faster than --jobs 1 (on a machine with two or more
cores). The two settings alternate so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

FICHE = shutil.which("fiche") or "fiche"
TEXT = (
    "het kabinet steunt de samenwerking tussen lidstaten en agentschappen bij de aanpak van drugshandel "
    "mits het mandaat van de organisaties wordt gerespecteerd en de lasten beperkt blijven"
)
WORDS = TEXT.split()


def sentence(i: int, n: int = 40) -> str:
    return " ".join(WORDS[(i + k) % len(WORDS)] for k in range(n)).capitalize() + "."


def both(i: int, n: int = 40) -> dict[str, str]:
    return {"nl": sentence(i, n), "en": "The government " + sentence(i + 3, n - 2).lower()}


def fiche(i: int) -> dict:
    return {
        "kind": "communication",
        "title": both(i, 8),
        "general": {
            "proposal_title": both(i, 12),
            "received": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "com_number": f"COM(2025) {i}",
            "eurlex": {"url": "https://eur-lex.europa.eu/", "label": "EUR-Lex"},
            "impact_assessment": both(i, 3),
            "council": both(i, 4),
            "ministry": both(i, 4),
        },
        "essence": both(i, 300),
        "position": {"policy": both(i, 200), "assessment": both(i, 200), "balance": both(i, 80)},
        "areas": [{"number": 1, "title": both(i, 5)}],
        "actions": [
            {"number": n, "area": 1, "title": both(n, 6), "stance": "support", "text": both(i + n, 80)}
            for n in range(1, 11)
        ],
        "grounds": {
            key: {"text": both(i, 60)}
            for key in ("competence", "subsidiarity", "proportionality", "financial", "burden")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fiches", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "positions"
        folder.mkdir()
        for i in range(args.fiches):
            text = yaml.safe_dump(fiche(i), allow_unicode=True, sort_keys=False)
            text = text.replace("received: '", "received: ").replace("'\n  com_number", "\n  com_number")
            (folder / f"fiche-{i:03d}.yaml").write_text(text, encoding="utf-8")
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.runs):
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                subprocess.run(
                    [FICHE, "build", str(folder), "-o", str(out), "--lang", "all", "--jobs", str(jobs)],
                    check=True,
                    capture_output=True,
                )
                times[jobs].append(time.perf_counter() - start)
                assert len(list(out.glob("*.docx"))) == 2 * args.fiches
    one, two = statistics.median(times[1]), statistics.median(times[2])
    speedup = one / two
    print(
        f"{args.fiches} fiches x 2 languages: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s = {speedup:.2f}x "
        f"(target >= 1.6x: {'ok' if speedup >= 1.6 else 'MISSED'}); {one / (2 * args.fiches) * 1000:.0f} ms "
        f"per document; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, medians of {args.runs} runs"
    )


if __name__ == "__main__":
    main()
