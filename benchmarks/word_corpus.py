"""The .docx reader against a corpus of real Word documents that no one here wrote.

    python benchmarks/word_corpus.py FOLDER... [--jobs 2] [--show 10]

Every ``.docx`` under the folders is imported twice with ``fiche import``:

- **as-is**: a document that is no fiche should be refused with one line and exit 1;
  none may end in a traceback, a timeout or another exit code;
- **wrapped**: its body put between fiche section headings (a title and "1. Algemene
  gegevens" and "2. Essentie voorstel" before it, sections 3 and 4 after it), so that the
  reader's text lands in the essence. The words of the written position file (every
  text, footnote and ``unplaced:`` text) are compared with pandoc's reading of the
  original (``pandoc --track-changes=accept -t plain``): a word pandoc reads that the
  YAML lacks is counted as missing, unless a warning line of the import names what
  was left out.

Corpora used so far: the test documents of pandoc (``test/docx/``), mammoth
(``tests/test-data/``) and python-docx (``features/steps/test_files/``), brought out
of their repositories with ``git show``. Prints the counts and the documents that lose
words; exits 1 when a run has a traceback, a timeout, an exit code other than 0 or 1,
or a refusal of more than one line.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree
from markdown_it import MarkdownIt

TIMEOUT = 120
_MARKDOWN = MarkdownIt("commonmark")
# the words the comparison counts: letters and digits, numbers alone left out (pandoc
# writes footnote numbers and list numbers as text, the position file as Markdown)
_WORD = re.compile(r"\w+")
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN_TYPES = ("/officeDocument",)  # transitional and strict relationship types both end so
# what every wrapped import says (its fields are not filled in): not the reader's warnings
_USUAL_WARNINGS = ("not found in the source", "could not be placed")
_BEFORE = [
    "Fiche 1: Proef met een document uit een testverzameling",
    "1. Algemene gegevens",
    "2. Essentie voorstel",
]
_AFTER = [
    "3. Nederlandse positie ten aanzien van de mededeling",
    "a) Essentie Nederlands beleid op dit terrein",
    "Beleid.",
    "b) Beoordeling + inzet ten aanzien van dit voorstel",
    "Beoordeling.",
    "c) Eerste inschatting van krachtenveld",
    "Krachtenveld.",
    "4. Grondhouding ten aanzien van bevoegdheid, subsidiariteit, proportionaliteit, financiële gevolgen "
    "en gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
    "Geen.",
]


@dataclass
class Run:
    """One import: its exit code, what it printed on standard error, and the file it wrote."""

    code: int | None  # None: timed out
    stderr: str
    output: Path

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


@dataclass
class Outcome:
    """What one document gave, as-is and wrapped."""

    path: Path
    as_is: Run
    wrapped: Run | None = None
    missing: collections.Counter[str] = field(default_factory=collections.Counter)
    pandoc_words: int = 0


def main_part(package: zipfile.ZipFile) -> str:
    """The main part's name, found through the package relationships."""
    root = etree.fromstring(package.read("_rels/.rels"))
    for rel in root.iter(f"{{{_RELS}}}Relationship"):
        if rel.get("Type", "").endswith(_MAIN_TYPES) and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def wrap(source: Path, target: Path) -> bool:
    """``source`` with its body between fiche headings, written to ``target``; False if it cannot be."""
    try:
        with zipfile.ZipFile(source) as package:
            name = main_part(package)
            root = etree.fromstring(package.read(name))
            entries = [(info, package.read(info.filename)) for info in package.infolist()]
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return False
    w = etree.QName(root).namespace  # the document's own namespace (Strict's or transitional)
    body = root.find(f"{{{w}}}body")
    if body is None:
        return False

    def paragraph(text: str) -> etree._Element:
        p = etree.Element(f"{{{w}}}p")
        etree.SubElement(etree.SubElement(p, f"{{{w}}}r"), f"{{{w}}}t").text = text
        return p

    for n, text in enumerate(_BEFORE):
        body.insert(n, paragraph(text))
    section = body.find(f"{{{w}}}sectPr")
    for text in _AFTER:
        if section is not None:
            section.addprevious(paragraph(text))
        else:
            body.append(paragraph(text))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(
                info, etree.tostring(root, xml_declaration=True, encoding="UTF-8") if info.filename == name else data
            )
    return True


def fiche_import(source: Path, output: Path) -> Run:
    command = [sys.executable, "-m", "fichebuilder", "import", str(source), "-o", str(output), "--force"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return Run(None, "", output)
    return Run(done.returncode, done.stderr, output)


def words(text: str) -> collections.Counter[str]:
    return collections.Counter(w.casefold() for w in _WORD.findall(text) if not w.isdigit())


def pandoc_words(source: Path) -> collections.Counter[str] | None:
    try:
        done = subprocess.run(
            ["pandoc", "--track-changes=accept", "-f", "docx", "-t", "plain", str(source)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    return words(done.stdout) if done.returncode == 0 else None


def markdown_text(markdown: str) -> str:
    """The text a position file's Markdown reads as: link labels without their addresses,
    escapes undone, the inline pieces of one paragraph joined as they stand."""
    paragraphs = []
    for token in _MARKDOWN.parse(markdown):
        if token.type == "inline":
            paragraphs.append(
                "".join(
                    c.content if c.type in ("text", "code_inline") else " " if "break" in c.type else ""
                    for c in token.children or []
                )
            )
    return "\n".join(paragraphs)


def yaml_strings(value: object) -> list[str]:
    """Every text of a loaded position file: its string values, without keys and without the
    places ``source:`` gives of unplaced text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "source" for s in yaml_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in yaml_strings(v)]
    return []


def named_in_warnings(word: str, run: Run) -> bool:
    return any(word in line.casefold() for line in run.lines if line.startswith("Warning:"))


def try_document(path: Path, scratch: Path) -> Outcome:
    """Import one document as-is and wrapped, and compare the wrapped import's words with pandoc's."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    outcome = Outcome(path, fiche_import(path, folder / "as-is.yaml"))
    wrapped = folder / "wrapped.docx"
    if not wrap(path, wrapped):
        return outcome
    outcome.wrapped = run = fiche_import(wrapped, folder / "wrapped.yaml")
    expected = pandoc_words(path)
    if expected is None:
        return outcome
    outcome.pandoc_words = sum(expected.values())
    found: collections.Counter[str] = collections.Counter()
    if run.code == 0 and run.output.exists():
        texts = yaml_strings(yaml.safe_load(run.output.read_text(encoding="utf-8")))
        found = words("\n".join(markdown_text(text) for text in texts))
    missing = expected - found
    outcome.missing = collections.Counter({w: n for w, n in missing.items() if not named_in_warnings(w, run)})
    return outcome


def bad(run: Run) -> str | None:
    """What is wrong with a run, if anything."""
    if run.code is None:
        return "timeout"
    if run.traceback:
        return "traceback"
    if run.code not in (0, 1):
        return f"exit {run.code}"
    if run.code == 1 and len(run.lines) != 1:
        return f"refusal of {len(run.lines)} lines"
    return None


def report_runs(label: str, runs: list[Run]) -> None:
    codes = collections.Counter(r.code for r in runs)
    other = len(runs) - codes[0] - codes[1]
    print(f"{label}: {len(runs)} imported, exit 0: {codes[0]}, exit 1: {codes[1]}, other: {other}")
    refusals = collections.Counter(r.lines[0].split(": ", 2)[-1][:70] for r in runs if r.code == 1 and r.lines)
    for reason, n in refusals.most_common():
        print(f"    {n:4} refused: {reason}")


def report(outcomes: list[Outcome], show: int) -> int:
    """Print the counts; 1 where a run went wrong (a traceback, a timeout, a long refusal)."""
    runs = [("as-is", o.path, o.as_is) for o in outcomes]
    runs += [("wrapped", o.path, o.wrapped) for o in outcomes if o.wrapped is not None]
    problems = [(label, path, bad(run)) for label, path, run in runs if bad(run)]
    print(f"documents: {len(outcomes)}")
    report_runs("as-is", [o.as_is for o in outcomes])
    report_runs("wrapped", [o.wrapped for o in outcomes if o.wrapped is not None])
    every = [run for _, _, run in runs]
    print(f"tracebacks: {sum(r.traceback for r in every)}, timeouts: {sum(r.code is None for r in every)}")
    warned = collections.Counter(
        re.sub(r"\d+", "N", line.removeprefix("Warning: "))[:72]
        for o in outcomes
        if o.wrapped
        for line in o.wrapped.lines
        if line.startswith("Warning: ") and not any(usual in line for usual in _USUAL_WARNINGS)
    )
    print("the reader's warnings in the wrapped imports:")
    for warning, n in warned.most_common():
        print(f"    {n:4}  {warning}")
    compared = [o for o in outcomes if o.pandoc_words]
    losing = sorted((o for o in compared if o.missing), key=lambda o: -sum(o.missing.values()))
    total = sum(o.pandoc_words for o in compared)
    lost = sum(sum(o.missing.values()) for o in compared)
    print(
        f"wrapped and compared with pandoc: {len(compared)} documents, {total} words; "
        f"missing from the YAML and named in no warning: {lost} words in {len(losing)} documents"
    )
    for o in losing[:show]:
        top = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in o.missing.most_common(8))
        print(f"    {sum(o.missing.values()):5}  {o.path.name}: {top}")
    for label, path, what in problems:
        print(f"PROBLEM {label} {path}: {what}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=15, help="how many documents that lose words to list")
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        parser.error("pandoc is needed to compare the words")
    documents = sorted(p for folder in args.folders for p in folder.rglob("*.docx"))
    if not documents:
        parser.error("no .docx files in the folders given")
    with tempfile.TemporaryDirectory() as scratch, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda p: try_document(p, Path(scratch)), documents))
    return report(outcomes, args.show)


if __name__ == "__main__":
    sys.exit(main())
