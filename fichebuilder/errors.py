"""The one error hierarchy of fichebuilder.

Every error knows what it is about: a file, and where it can, a line, a column and
the field path inside the position file. The command line prints ``str(error)``
as a single line and exits with ``error.exit_code``.
"""

from __future__ import annotations

from pathlib import Path

# every character str.splitlines() breaks a line at, written as its escape
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def located(message: str, file: str | None, line: int | None, column: int | None, field: str | None) -> str:
    """``file:line:column: field: message``, leaving out what is not known."""
    where = ""
    if file:
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        where += ": "
    text = f"{where}{f'{field}: ' if field else ''}{message}"
    # one line, always: a line break inside a quoted value (a key typed with one) is shown escaped
    return text.translate(_LINE_BREAKS)


class Located:
    """A message about a place: a file, and where it can, a line, a column and the field path
    inside the position file; shown as ``file:line:column: field: message`` on one line."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.field = field

    def place(self) -> tuple[str, str | None, int | None, int | None, str | None]:
        """The message and where it is about, as one value."""
        return (self.message, self.file, self.line, self.column, self.field)

    def __str__(self) -> str:
        return located(*self.place())


class FicheError(Located, Exception):
    """Base of all errors fichebuilder reports to its user."""

    exit_code = 1

    def __reduce__(self) -> tuple[object, ...]:
        # keyword-only location: the default pickling (by ``args``) would lose it between processes
        return (_restore, (type(self), self.message, self.file, self.line, self.column, self.field))


def _restore(
    cls: type[FicheError], message: str, file: str | None, line: int | None, column: int | None, field: str | None
) -> FicheError:
    return cls(message, file=file, line=line, column=column, field=field)


class PositionError(FicheError):
    """A position file that cannot be read or does not follow the format."""


class TemplateError(FicheError):
    """A template that cannot be loaded or rendered."""


class OutputError(FicheError):
    """An output file that cannot be written."""


class UsageError(FicheError):
    """A command used with options that do not fit together."""

    exit_code = 2


class LetterError(FicheError):
    """A cover letter that cannot be written: no fiches, or no minister to sign it."""


class RevisionError(FicheError):
    """A git revision of a position file that cannot be read."""


class TranslationError(FicheError):
    """An XLIFF file that cannot be read or does not fit its position file."""


class SourceError(FicheError):
    """A source document that cannot be imported (not a fiche, encrypted, without text …)."""


class FicheWarning(Located):
    """Something a drafter should look at that does not stop the command, located like an error."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FicheWarning) and self.place() == other.place()

    def __hash__(self) -> int:
        return hash(self.place())

    def __repr__(self) -> str:
        return f"FicheWarning({str(self)!r})"

    @classmethod
    def about(cls, error: FicheError) -> FicheWarning:
        """The warning that reports what ``error`` found, where a command goes on regardless."""
        return cls(error.message, file=error.file, line=error.line, column=error.column, field=error.field)


class ReviewError(FicheError):
    """A reviewed Word document that cannot be taken back into its position file."""
