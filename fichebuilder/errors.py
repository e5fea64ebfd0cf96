"""The one error hierarchy of fichebuilder.

Every error knows what it is about: a file, and where it can, a line, a column and
the field path inside the position file. The command line prints ``str(error)``
as a single line and exits with ``error.exit_code``.
"""

from __future__ import annotations

from pathlib import Path


class FicheError(Exception):
    """Base of all errors fichebuilder reports to its user."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class PositionError(FicheError):
    """A position file that cannot be read or does not follow the format."""


class TemplateError(FicheError):
    """A template that cannot be loaded or rendered."""


class OutputError(FicheError):
    """An output file that cannot be written."""


class UsageError(FicheError):
    """A command used with options that do not fit together."""

    exit_code = 2


class RevisionError(FicheError):
    """A git revision of a position file that cannot be read."""


class TranslationError(FicheError):
    """An XLIFF file that cannot be read or does not fit its position file."""


class SourceError(FicheError):
    """A source document that cannot be imported (not a fiche, encrypted, without text …)."""
