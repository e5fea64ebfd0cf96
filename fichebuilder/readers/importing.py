"""Importing fiches: a Word document, a PDF, plain text or an HTML page -> position files.

Reads the source (``reading``); a published batch (a cover letter and the fiches after
it) is split into its fiches, each with what the letter says of it (``publication``);
each fiche is recognised (``recognise``) and its position file written with its notes
for the drafter (``yamlwrite.dump_fiche``): stances proposed from the wording, fields the
source did not give, an address derived. Every written file is read back with the
loader, so a file that will not load as it stands (a field left to fill in) is reported,
not hidden. All targets are checked before any file is written.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from fichebuilder.errors import FicheError, FicheWarning, SourceError, UsageError
from fichebuilder.files import check_output_path, write_text
from fichebuilder.model import Fiche, Parliament
from fichebuilder.readers.blocks import SourceDocument, aside_summary
from fichebuilder.readers.footnotes import slug_of
from fichebuilder.readers.general import NO_DATE
from fichebuilder.readers.publication import CoverLetter, Listed, block_title, split_publication
from fichebuilder.readers.reading import read_source
from fichebuilder.readers.recognise import Recognised, recognise
from fichebuilder.source.loading import load_position_bytes
from fichebuilder.source.schema import schema_reference
from fichebuilder.source.yamlwrite import FieldNote, dump_fiche

# what -o may not be: a file of another kind (a folder's name may have a dot)
_DOCUMENTS = {".docx", ".doc", ".pdf", ".txt", ".html", ".htm", ".xml", ".json", ".md", ".odt", ".rtf"}
_COM = re.compile(r"(COM|SWD|JOIN|C)\s*\(\s*(\d{4})\s*\)\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Imported:
    """What an import wrote for one fiche, and what the drafter should know about it."""

    path: Path
    fiche: Fiche
    notes: dict[str, FieldNote]  # by field path: what the file says to the drafter
    text: str
    problem: str | None = None  # why the written file does not load, if it does not
    # what the drafter should know: what the reader mapped or set aside (endnotes read as
    # footnotes …), sections and fields the source did not give, text it could not place,
    # a file that does not load
    warnings: tuple[FicheWarning, ...] = ()

    @property
    def missing(self) -> list[str]:
        """The fields the source did not give, left empty in the file."""
        return [path for path, note in self.notes.items() if note.blank]


@dataclass(frozen=True)
class ImportedSource:
    """What an import of a source wrote: a position file per fiche, and what a batch's letter said."""

    files: list[Imported]
    letter: CoverLetter | None = None
    absent: list[Listed] = field(default_factory=list)  # listed in the letter, not printed in the source
    warnings: tuple[FicheWarning, ...] = ()  # about the source as a whole: a listed fiche it lacks


def default_output(fiche: Fiche, source: Path) -> Path:
    """``positions/com-2025-744.yaml`` from the COM number (``com-2025-836-837`` for several
    proposals); else from the fiche's title, else from the source's name."""
    general = fiche.general
    given = [p.com_number for p in general.proposals] if general.proposals else [general.com_number or ""]
    numbers = [m for number in given for m in _COM.finditer(number)]
    parts: list[str] = []
    for i, m in enumerate(numbers):
        same_year = i > 0 and numbers[i - 1].group(2) == m.group(2) and numbers[i - 1].group(1) == m.group(1)
        parts.append(m.group(3) if same_year else f"{m.group(1).casefold()}-{m.group(2)}-{m.group(3)}")
    title = fiche.title if isinstance(fiche.title, str) else fiche.title.nl
    name = "-".join(parts) or slug_of(" ".join(title.split()[:8])) or slug_of(source.stem) or "fiche"
    return Path("positions") / f"{name}.yaml"


def import_source(
    source: Path | str, *, output: Path | str | None = None, force: bool = False, strict: bool = False
) -> ImportedSource:
    """Read a source (.docx, .pdf, text or HTML), recognise the fiche or the batch of fiches in it
    and write a position file for each: at ``output`` (a file for one fiche, a folder for
    several) or under ``positions/``.

    Never writes over an existing file unless ``force``; writes nothing unless every file
    can be written, each atomically. With ``strict``, a source that holds what a position
    file cannot (equations, images, page headers and footers, comments) is an error instead
    of being set aside under ``unplaced:``.
    """
    source = Path(source)
    wanted = Path(output) if output is not None else None
    if wanted is not None and _names_a_file(wanted):  # said before a long read of the source
        _check_target(wanted, source, force=force)
    document = read_source(source)
    if strict and document.aside:
        raise SourceError(
            f"holds what a position file cannot hold: {aside_summary(document.aside)}; "
            "import it without --strict to keep what they say under 'unplaced:'",
            file=source,
        )
    publication = split_publication(document)
    documents = publication.fiches if publication is not None else [document]
    letter = publication.letter if publication is not None else None
    recognised = [_with_parliament(recognise(d), letter, block_title(d.blocks)) for d in documents]
    targets = _targets([r.fiche for r in recognised], source, wanted)
    for target in targets:
        _check_target(target, source, force=force)
    files = [
        _write(found, target, source, document, place=(i, len(targets)))
        for i, (found, target) in enumerate(zip(recognised, targets, strict=True), 1)
    ]
    absent = publication.absent if publication is not None else []
    warnings = tuple(
        FicheWarning(
            f"the letter lists 'Fiche: {line.title}'{f' (Kamerstuk {line.kamerstuk})' if line.kamerstuk else ''}, "
            "whose text is not in it; import its own publication for it",
            file=source,
        )
        for line in absent
    )
    return ImportedSource(files, letter, absent, warnings)


def import_fiche(
    source: Path | str, *, output: Path | str | None = None, force: bool = False, strict: bool = False
) -> Imported:
    """Read a fiche (.docx, .pdf, text or HTML), recognise it and write its position file
    (the first one, where the source is a published batch)."""
    return import_source(source, output=output, force=force, strict=strict).files[0]


def _with_parliament(recognised: Recognised, letter: CoverLetter | None, title: str) -> Recognised:
    """A fiche of a published batch with the date the letter sent it and its Kamerstuk number."""
    if letter is None:
        return recognised
    _, kamerstuk = letter.kamerstuk_of(title)
    if letter.date is None:
        recognised.notes["parliament.sent"] = FieldNote("niet gevonden in de brief: vul de datum in", blank=True)
    parliament = Parliament(sent=letter.date or NO_DATE, kamerstuk=kamerstuk)
    return Recognised(
        msgspec.structs.replace(recognised.fiche, parliament=parliament),
        recognised.notes,
        missing_sections=recognised.missing_sections,
        last_section=recognised.last_section,
    )


def _names_a_file(output: Path) -> bool:
    return output.suffix.lower() in (".yaml", ".yml") and not output.is_dir()


def _targets(fiches: list[Fiche], source: Path, output: Path | None) -> list[Path]:
    """Where each fiche's position file goes: ``output`` itself for one fiche named ``.yaml``, else
    in the folder ``output`` (default ``positions/``) by its default name, made unique."""
    if output is not None and _names_a_file(output):
        if len(fiches) > 1:
            raise UsageError(f"holds {len(fiches)} fiches: give -o a folder for their position files", file=source)
        return [output]
    if output is not None and (output.suffix.lower() in _DOCUMENTS or (output.exists() and not output.is_dir())):
        raise UsageError("is not a folder, nor a position file's name (ending in .yaml)", file=output)
    targets: list[Path] = []
    for fiche in fiches:
        default = default_output(fiche, source)
        target = default if output is None else output / default.name
        unique, n = target, 2
        while unique in targets:
            unique, n = target.with_name(f"{target.stem}-{n}{target.suffix}"), n + 1
        targets.append(unique)
    return targets


def _write(
    recognised: Recognised, target: Path, source: Path, document: SourceDocument, *, place: tuple[int, int]
) -> Imported:
    """A fiche's position file written, and what the drafter should know about it (what the reader
    said of the source goes with the first fiche of a batch)."""
    schema = schema_reference(target)
    header = (f"yaml-language-server: $schema={schema}\n" if schema else "") + _header(source, document.format, place)
    text = dump_fiche(recognised.fiche, recognised.notes, header=header)
    problem = None
    try:
        load_position_bytes(text.encode("utf-8"), name=str(target))
    except FicheError as e:
        problem = e
    write_text(target, text)
    imported = Imported(target, recognised.fiche, recognised.notes, text, problem=str(problem) if problem else None)
    warnings = [FicheWarning(w, file=source) for w in document.warnings] if place[0] == 1 else []
    warnings += _advice(imported, recognised, problem)
    return dataclasses.replace(imported, warnings=tuple(warnings))


def _advice(imported: Imported, recognised: Recognised, problem: FicheError | None) -> list[FicheWarning]:
    """What the drafter has to do in the written file."""
    found: list[FicheWarning] = []
    if recognised.missing_sections:
        found.append(
            FicheWarning(
                f"section(s) {', '.join(recognised.missing_sections)} not in the source (its text ends in section "
                f"{recognised.last_section}); their fields are left empty, to fill in",
                file=imported.path,
            )
        )
    if imported.fiche.unplaced:
        found.append(
            FicheWarning(
                f"{len(imported.fiche.unplaced)} piece(s) of text could not be placed; they are under 'unplaced:'",
                file=imported.path,
                field="unplaced",
            )
        )
    if imported.missing:
        found.append(
            FicheWarning(f"not found in the source, fill in: {', '.join(imported.missing)}", file=imported.path)
        )
    elif problem is not None:
        found.append(FicheWarning.about(problem))
    return found


def _check_target(target: Path, source: Path, *, force: bool) -> None:
    check_output_path(target, source=source, position_file=True)
    if target.exists() and not force:
        raise UsageError("already exists; use --force to overwrite it", file=target)


def _header(source: Path, fmt: str, place: tuple[int, int]) -> str:
    number, count = place
    of = f", fiche {number} van {count}" if count > 1 else ""
    return (
        f"Geïmporteerd met fiche import uit {source.name} ({fmt}{of}).\n"
        "Nakijken: de standpunten (stance_proposed: true) en de gemarkeerde voorwaarden en zorgen zijn\n"
        "voorgesteld uit de tekst; titels van gebieden en acties zijn afgeleid (het fiche noemt ze niet);\n"
        "tekst onder unplaced kon niet worden geplaatst."
    )
