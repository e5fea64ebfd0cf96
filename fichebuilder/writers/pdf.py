"""PDF through LibreOffice: one headless LibreOffice process converts a whole batch."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from fichebuilder.errors import OutputError
from fichebuilder.files import atomic_write

TIMEOUT_PER_FILE = 60

# LibreOffice's PDF export settings (its filter's options, given as JSON since LibreOffice 7.4):
# a tagged PDF (headings, paragraphs, lists and the reading order for screen readers; the
# language and title come from the document), its headings as bookmarks, and the title,
# not the file name, in the viewer's window
_ACCESSIBLE = {"UseTaggedPDF": True, "ExportBookmarks": True, "DisplayPDFDocumentTitle": True}
_PDF_A_2B = 2  # SelectPdfVersion: 0 is plain PDF, 2 is PDF/A-2b


def export_filter(*, archive: bool = False) -> str:
    """The ``--convert-to`` argument: a tagged PDF, and for the archive (``archive``) PDF/A-2b."""
    options: dict[str, dict[str, str]] = {
        name: {"type": "boolean", "value": str(value).lower()} for name, value in _ACCESSIBLE.items()
    }
    options["SelectPdfVersion"] = {"type": "long", "value": str(_PDF_A_2B if archive else 0)}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def find_soffice() -> str:
    """The LibreOffice program, or a clear error saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise OutputError(
            "LibreOffice is not installed, so no PDF can be made "
            "(install it, e.g. apt-get install libreoffice-writer-nogui, or build without --pdf)"
        )
    return found


def convert_to_pdf(documents: list[Path], *, archive: bool = False) -> list[Path]:
    """Write NAME.pdf beside each NAME.docx, all in one LibreOffice run; returns the PDFs.

    The PDFs are tagged; with ``archive`` they are PDF/A-2b.

    LibreOffice writes into a temporary folder (with a profile of its own, so a
    LibreOffice the drafter has open does not interfere); each PDF is then
    written beside its document atomically, so no half-written PDF is ever seen.
    """
    if not documents:
        return []
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="fiche-pdf-") as tmp:
        work = Path(tmp)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            export_filter(archive=archive),
            "--outdir",
            str(work / "out"),
            *[str(d) for d in documents],
        ]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT_PER_FILE * len(documents) + 60)
        except subprocess.TimeoutExpired:
            raise OutputError("LibreOffice took too long to convert the documents to PDF") from None
        written = []
        missing = []
        for document in documents:
            made = work / "out" / (document.stem + ".pdf")
            if not made.exists():
                missing.append(document.name)
                continue
            target = document.with_suffix(".pdf")
            with made.open("rb") as pdf:
                atomic_write(target, functools.partial(shutil.copyfileobj, pdf))
            written.append(target)
        if missing:
            raise OutputError(f"LibreOffice made no PDF of {', '.join(missing)}")
        return written
