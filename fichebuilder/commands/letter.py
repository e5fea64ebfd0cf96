"""`fiche letter`: the cover letter of a batch of fiches, and the batch as one PDF.

Every fiche is loaded and checked first, and nothing is written unless all of them
are sound: the letter goes to parliament, so a draft or a broken fiche stops it.
With ``pdf`` the letter and its fiches are converted in one LibreOffice run and
joined into one PDF, in the order they are published: the letter, then the fiches;
the PDF is tagged as ``fiche build --pdf``'s are, with every part's structure kept
under the letter's title and language (see ``writers.pdfjoin``).
"""

from __future__ import annotations

import datetime
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.errors import LetterError, PositionError
from fichebuilder.files import OUTPUT_DIR, atomic_write, check_output_path, write_bytes
from fichebuilder.model import SOURCE_LANGUAGE, text_in
from fichebuilder.source.loading import Loaded, find_placeholders, load_position, placeholders_error
from fichebuilder.writers import templating
from fichebuilder.writers.building import build_document
from fichebuilder.writers.letter import Letter, LetterFiche, build_letter_document

# where the name of the minister who signs comes from when --minister is not given
MINISTER_VARIABLE = "FICHE_MINISTER"


@dataclass
class WrittenLetter:
    """What ``write_letter`` wrote: the letter, and the PDF of the whole batch if asked for."""

    docx: Path
    pdf: Path | None
    fiches: int
    warnings: list[str] = field(default_factory=list)  # fonts LibreOffice had to replace in the PDF


def load_fiches(paths: list[Path], *, date: datetime.date) -> list[Loaded]:
    """The fiches of a letter, each checked, none twice, none received after the letter's date."""
    if not paths:
        raise LetterError("a letter needs at least one fiche: fiche letter FILE…")
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:
            raise PositionError("is named twice; a letter lists each fiche once", file=path)
        seen.add(path.resolve())
    fiches = []
    numbers: dict[str, Loaded] = {}
    for path in paths:
        loaded = load_position(path, languages=[SOURCE_LANGUAGE])
        found = find_placeholders(loaded)
        if found:
            raise placeholders_error(found, loaded.source.file)
        for i, number in enumerate(loaded.fiche.general.com_numbers()):
            key = " ".join(number.split()).casefold()
            if key in numbers:
                where = (
                    ("general", "proposals", i, "com_number")
                    if loaded.fiche.general.proposals
                    else ("general", "com_number")
                )
                raise loaded.source.error(
                    f"{number} is also the proposal of {numbers[key].source.file}; a letter lists each fiche once",
                    where,
                )
            numbers[key] = loaded
        if loaded.fiche.general.received > date:
            raise loaded.source.error(
                f"received {loaded.fiche.general.received.isoformat()}, after the letter's date {date.isoformat()}",
                ("general", "received"),
            )
        fiches.append(loaded)
    return fiches


def letter_of(fiches: list[Loaded], *, date: datetime.date, minister: str | None, number: int | None) -> Letter:
    """The letter that sends ``fiches``; a LetterError without a minister to sign it."""
    if not minister or not minister.strip():
        raise LetterError(f"no minister's name to sign the letter: give --minister NAME or set {MINISTER_VARIABLE}")
    listed = [
        LetterFiche(
            title=" ".join((text_in(f.fiche.title, SOURCE_LANGUAGE) or "").split()),
            kamerstuk=f.fiche.parliament.kamerstuk if f.fiche.parliament else None,
        )
        for f in fiches
    ]
    return Letter(date=date, minister=minister.strip(), fiches=listed, number=number)


def write_letter(
    paths: list[Path],
    *,
    date: datetime.date,
    minister: str | None,
    number: int | None = None,
    output: Path | None = None,
    pdf: bool = False,
    archive: bool = False,
    template: Path | str | None = None,
) -> WrittenLetter:
    """Write the cover letter of ``paths`` (default ``out/letter-DATE.docx``), and with ``pdf``
    beside it one tagged PDF of the letter followed by its fiches (with ``archive`` a PDF/A-2b).

    ``template`` is what ``fiche build --template`` takes: a template folder (its
    ``letter.xml.j2``, house style and catalogue), a house-style .docx, or a structure
    .xml.j2, which for a letter is the letter's structure; the fiches in the PDF are
    built in the same house style and wording."""
    target = output if output is not None else OUTPUT_DIR / f"letter-{date.isoformat()}.docx"
    pdf_target = target.with_suffix(".pdf") if pdf or archive else None
    fiches = load_fiches(paths, date=date)
    letter = letter_of(fiches, date=date, minister=minister, number=number)
    for out in [target] + ([pdf_target] if pdf_target else []):
        for path in paths:
            check_output_path(out, source=path)
    templates = templating.resolve_template(template)
    document = build_letter_document(letter, templates=templates)
    if pdf_target is None:
        atomic_write(target, document.save)
        return WrittenLetter(target, None, len(fiches))
    from fichebuilder.writers.pdf import convert_to_pdf
    from fichebuilder.writers.pdffonts import font_warning
    from fichebuilder.writers.pdfjoin import join_pdfs

    with tempfile.TemporaryDirectory(prefix="fiche-letter-") as tmp:
        parts = _batch_documents(document, fiches, Path(tmp), templates=templating.fiche_templates(templates))
        pdfs = convert_to_pdf(parts, archive=archive)
        # one warning for the batch: the letter and its fiches share the house style
        warnings = list(dict.fromkeys(w for d, p in zip(parts, pdfs, strict=True) if (w := font_warning(d, p))))
        joined = io.BytesIO()
        join_pdfs(pdfs, joined)  # before anything is written: a failure leaves no letter without its PDF
        atomic_write(target, document.save)
        write_bytes(pdf_target, joined.getvalue())
    return WrittenLetter(target, pdf_target, len(fiches), warnings)


def _batch_documents(
    letter: Any, fiches: list[Loaded], folder: Path, *, templates: templating.TemplateSet
) -> list[Path]:
    """The letter and each fiche saved as .docx in ``folder``, numbered in the order they are published."""
    parts = [folder / "00-letter.docx"]
    letter.save(str(parts[0]))
    for i, loaded in enumerate(fiches, 1):
        part = folder / f"{i:02d}-{loaded.name}.docx"
        build_document(loaded, SOURCE_LANGUAGE, templates=templates).save(str(part))
        parts.append(part)
    return parts
