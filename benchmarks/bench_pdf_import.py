"""Peak memory and time of `fiche import` of a PDF of 10, 100 and 300 pages.

    python benchmarks/bench_pdf_import.py [--pages 10,100,300] [--json]

The PDF is a real one: a generated fiche with many long actions, built and printed
to PDF by LibreOffice (needs `soffice`), cut to each length with pypdf, so that
every page has its own text. Each import runs in a process of its own; its peak
memory is that process's max RSS. Target (issue 18): a 300-page import at most
400 MB, and memory that does not grow with the page count beyond that.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTION = (
    "Het kabinet steunt de inzet van de Commissie om de samenwerking tussen de lidstaten te versterken, "
    "mits de uitvoering binnen de bestaande middelen blijft en de lidstaten hun bevoegdheden houden. "
)


def long_fiche(folder: Path, actions: int) -> Path:
    """A position file with ``actions`` actions of a long paragraph each (about five to a page)."""
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("actions:\n")
    body = "".join(
        f"  - number: {k}\n    area: 1\n    title: Actie {k}\n    stance: support\n    text: Actie {k}. {ACTION * 4}\n"
        for k in range(1, actions + 1)
    )
    path = folder / "long.yaml"
    path.write_text(head + "actions:\n" + body + tail[tail.index("grounds:") :], encoding="utf-8")
    return path


def printed(folder: Path, pages: int) -> Path:
    """A PDF of at least ``pages`` pages, printed by LibreOffice from a built fiche."""
    from fichebuilder.writers.building import build_fiche
    from fichebuilder.writers.pdf import convert_to_pdf

    (built,) = build_fiche(long_fiche(folder, pages * 6), output=folder / "long.docx")
    (pdf,) = convert_to_pdf([built.path])
    return pdf


def cut(pdf: Path, pages: int, target: Path) -> Path:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    if len(reader.pages) < pages:
        raise SystemExit(f"the printed fiche has {len(reader.pages)} pages, fewer than {pages}")
    writer = pypdf.PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def measured(pdf: Path, folder: Path) -> tuple[float, float]:
    """Seconds and peak MB of one `fiche import` of ``pdf``."""
    command = [sys.executable, "-m", "fichebuilder", "import", str(pdf), "-o", str(folder / "out.yaml"), "--force"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"fiche import failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,100,300", help="page counts, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    counts = [int(n) for n in args.pages.split(",")]
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        source = printed(folder, max(counts))
        for count in counts:
            seconds, megabytes = measured(cut(source, count, folder / f"p{count}.pdf"), folder)
            figures.append({"pages": count, "seconds": round(seconds, 1), "peak_mb": round(megabytes)})
            if not args.json:
                print(f"{count:4d} pages: {seconds:6.1f} s, peak {megabytes:6.0f} MB", flush=True)
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
