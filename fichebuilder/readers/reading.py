"""A source document read into blocks: the reader is chosen by what the file holds.

A PDF by its ``%PDF-`` header, a .docx by its zip signature, an HTML page by its
doctype or ``<html`` tag, anything else as text; a Word 97-2003 file, a folder, a
missing, empty or overly large file is a clear error.
"""

from __future__ import annotations

import re
from pathlib import Path

from fichebuilder.errors import SourceError
from fichebuilder.files import read_bytes_capped
from fichebuilder.readers.blocks import SourceDocument

MAX_BYTES = 50 * 1024 * 1024
_HTML = re.compile(r"^(?:\ufeff|ï»¿)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def read_source(path: Path | str) -> SourceDocument:
    """A source document read into blocks; the reader is chosen by what the file holds."""
    path = Path(path)
    data = read_bytes_capped(
        path,
        limit=MAX_BYTES,
        error=SourceError,
        what="a fiche",
        missing="does not exist",
        folder="is a folder; give the .docx, .pdf or .txt file of a fiche",
    )
    if not data.strip():
        raise SourceError("is empty: there is no text to import", file=path)
    head = data[:1024]
    if b"%PDF-" in head:
        from fichebuilder.readers.pdf import read_pdf

        return read_pdf(path, data)
    if head.startswith(b"PK\x03\x04"):
        from fichebuilder.readers.docx import read_docx_blocks

        return read_docx_blocks(path, data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            "is a Word 97-2003 document (.doc) or a password-protected one; save it as a .docx "
            "without password in Word and import that",
            file=path,
        )
    if path.suffix.lower() in (".docx", ".pdf"):
        raise SourceError(f"is not a {path.suffix.lower()[1:].upper()} file (its content says otherwise)", file=path)
    from fichebuilder.readers.text import decode, read_text

    if _HTML.match(head.decode("latin-1")):
        from fichebuilder.readers.html import read_html

        return read_html(path, decode(data, path))
    return read_text(path, data)
