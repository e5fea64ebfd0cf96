"""Importing a fiche: a Word document, a PDF or plain text -> a position file.

Reads the source (``reading``), recognises the fiche in it (``recognise``) and
writes the position file with its notes for the drafter (``yamlwrite.dump_fiche``):
stances proposed from the wording, fields the source did not give, an address
derived. The written file is read back with the loader, so a file that will not load
as it stands (a field left to fill in) is reported, not hidden.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from fichebuilder.errors import FicheError, FicheWarning, SourceError, UsageError
from fichebuilder.files import check_output_path, write_text
from fichebuilder.model import Fiche
from fichebuilder.readers.blocks import aside_summary
from fichebuilder.readers.footnotes import slug_of
from fichebuilder.readers.reading import read_source
from fichebuilder.readers.recognise import recognise
from fichebuilder.source.loading import load_position_bytes
from fichebuilder.source.schema import schema_reference
from fichebuilder.source.yamlwrite import FieldNote, dump_fiche


@dataclass(frozen=True)
class Imported:
    """What an import wrote, and what the drafter should know about it."""

    path: Path
    fiche: Fiche
    notes: dict[str, FieldNote]  # by field path: what the file says to the drafter
    text: str
    problem: str | None = None  # why the written file does not load, if it does not
    # what the drafter should know: what the reader mapped or set aside (endnotes read as
    # footnotes …), text it could not place, fields the source did not give, a file that does not load
    warnings: tuple[FicheWarning, ...] = ()

    @property
    def missing(self) -> list[str]:
        """The fields the source did not give, left empty in the file."""
        return [path for path, note in self.notes.items() if note.blank]


def default_output(fiche: Fiche, source: Path) -> Path:
    """``positions/com-2025-744.yaml`` from the COM number; else from the source's name."""
    m = re.search(r"(COM|SWD|JOIN|C)\s*\(\s*(\d{4})\s*\)\s*(\d+)", fiche.general.com_number or "", re.IGNORECASE)
    name = f"{m.group(1).casefold()}-{m.group(2)}-{m.group(3)}" if m else ""
    return Path("positions") / f"{name or slug_of(source.stem) or 'fiche'}.yaml"


def import_fiche(
    source: Path | str, *, output: Path | str | None = None, force: bool = False, strict: bool = False
) -> Imported:
    """Read a fiche (.docx, .pdf or text), recognise it and write its position file.

    Never writes over an existing file unless ``force``; writes atomically. With ``strict``,
    a source that holds what a position file cannot (equations, images, page headers and
    footers, comments) is an error instead of being set aside under ``unplaced:``.
    """
    source = Path(source)
    if output is not None:  # said before a long read of the source
        _check_target(Path(output), source, force=force)
    document = read_source(source)
    if strict and document.aside:
        raise SourceError(
            f"holds what a position file cannot hold: {aside_summary(document.aside)}; "
            "import it without --strict to keep what they say under 'unplaced:'",
            file=source,
        )
    recognised = recognise(document)
    target = Path(output) if output is not None else default_output(recognised.fiche, source)
    _check_target(target, source, force=force)
    schema = schema_reference(target)
    header = (f"yaml-language-server: $schema={schema}\n" if schema else "") + _header(source, document.format)
    text = dump_fiche(recognised.fiche, recognised.notes, header=header)
    problem = None
    try:
        load_position_bytes(text.encode("utf-8"), name=str(target))
    except FicheError as e:
        problem = e
    write_text(target, text)
    imported = Imported(target, recognised.fiche, recognised.notes, text, problem=str(problem) if problem else None)
    warnings = [FicheWarning(w, file=source) for w in document.warnings]
    warnings += _advice(imported, problem)
    return dataclasses.replace(imported, warnings=tuple(warnings))


def _advice(imported: Imported, problem: FicheError | None) -> list[FicheWarning]:
    """What the drafter has to do in the written file."""
    found: list[FicheWarning] = []
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


def _header(source: Path, fmt: str) -> str:
    return (
        f"Geïmporteerd met fiche import uit {source.name} ({fmt}).\n"
        "Nakijken: de standpunten (stance_proposed: true) en de gemarkeerde voorwaarden en zorgen zijn\n"
        "voorgesteld uit de tekst; titels van gebieden en acties zijn afgeleid (het fiche noemt ze niet);\n"
        "tekst onder unplaced kon niet worden geplaatst."
    )
