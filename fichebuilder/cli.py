"""The ``fiche`` command: parses arguments, calls one library function, reports.

Library errors (FicheError) become one line on standard error and exit code 1
(2 for usage errors); the heavy modules are imported inside the commands so that
``fiche --help`` starts quickly.
"""

from __future__ import annotations

import datetime
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from fichebuilder import __version__
from fichebuilder.commands.reviewreport import REVIEW_FORMATS
from fichebuilder.compare.report import REPORT_FORMATS
from fichebuilder.errors import FicheError

if TYPE_CHECKING:  # imported where used, to keep start-up fast
    from fichebuilder.readers.importing import Imported

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(function: F) -> F:
    """Turn a FicheError into its one-line message and exit code; never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except FicheError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class _ModelKinds(click.Choice[str]):
    """The model's KINDS as choices, read when a command needs them: ``fiche --help`` need not load the model."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from fichebuilder.model import KINDS

        return KINDS

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        pass  # click.Choice.__init__ sets its choices; these are the model's


def _languages(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    from fichebuilder.errors import UsageError
    from fichebuilder.source.languages import parse_languages

    try:
        return parse_languages(value)
    except UsageError as e:
        raise click.BadParameter(e.message) from None


def date_option(name: str, help: str) -> Callable[[F], F]:
    """An option that takes a date as YYYY-MM-DD and gives a ``datetime.date``."""
    return click.option(
        name,
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        callback=lambda ctx, param, value: value.date() if value else None,
        help=help,
    )


def output_option(help: str, *, folder: bool = False) -> Callable[[F], F]:
    """The ``-o/--output`` option of a command that writes a file (or, ``folder``, a folder too)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=folder, path_type=Path), help=help)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fiche")
def main() -> None:
    """fichebuilder: BNC fiches built from YAML position files."""


position_file = click.argument("position", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")


def build_options(command: F) -> F:
    """The options every command that builds documents shares: template, languages, drafts."""
    for option in reversed(
        [
            click.option(
                "--template",
                type=click.Path(path_type=Path),
                help="A template folder, a house-style .docx or a structure .xml.j2 to use instead of the default.",
            ),
            click.option(
                "--lang",
                "langs",
                default="nl",
                show_default=True,
                callback=_languages,
                help="Languages to build: nl, en, nl,en or all.",
            ),
            click.option("--allow-missing", is_flag=True, help="Build with untranslated texts, marked as such."),
            click.option(
                "--draft", is_flag=True, help="Build even with placeholders ⟦…⟧ left; every page says CONCEPT."
            ),
        ]
    ):
        command = option(command)
    return command


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE|FOLDER...")
@output_option(
    "One file: the document to write (default out/NAME.docx); NAME.pdf writes NAME.docx and its PDF. "
    "Several files or a folder: the folder to write into (default out/).",
    folder=True,
)
@build_options
@click.option("--pdf", is_flag=True, help="Also write a tagged PDF of each document (needs LibreOffice 7.4 or later).")
@click.option("--pdf-a", "pdf_a", is_flag=True, help="Write the PDF as PDF/A-2b, for the archive (implies --pdf).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for several files (default: one per core).",
)
@reports_errors
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    template: Path | None,
    langs: list[str],
    allow_missing: bool,
    pdf: bool,
    pdf_a: bool,
    jobs: int | None,
    draft: bool,
) -> None:
    """Build the Word documents of fiches from their position files."""
    from fichebuilder.files import OUTPUT_DIR

    pdf = pdf or pdf_a
    if len(sources) == 1 and not sources[0].is_dir():
        from fichebuilder.writers.building import build_fiche

        # -o naming an existing folder writes NAME.docx into it, as for several files
        into_folder = output is not None and output.is_dir()
        if output is not None and not into_folder:
            output, pdf = _document_output(output, pdf)
        built = build_fiche(
            sources[0],
            output=None if into_folder else output,
            output_dir=output if into_folder and output else OUTPUT_DIR,
            template=template,
            langs=langs,
            allow_missing=allow_missing,
            draft=draft,
        )
        written = [b.path for b in built]
        for path in written:
            click.echo(f"wrote {path}")
        if pdf:
            for path in _write_pdfs(written, archive=pdf_a):
                click.echo(f"wrote {path}")
        return
    _build_batch(list(sources), output or OUTPUT_DIR, langs, jobs, template, allow_missing, pdf, draft, pdf_a)


def _document_output(output: Path, pdf: bool) -> tuple[Path, bool]:
    """The Word document ``-o`` asks for, and whether a PDF is wanted: ``-o NAME.pdf`` writes
    NAME.docx and its PDF NAME.pdf, so that no format is ever written under another's name."""
    from fichebuilder.errors import UsageError

    suffix = output.suffix.lower()
    if suffix == ".pdf":
        return output.with_suffix(".docx"), True
    if suffix in (".docx", ".yaml", ".yml"):  # a .yaml is refused by the build, with its own message
        return output, pdf
    raise UsageError("-o names the document to write: NAME.docx, or NAME.pdf for the PDF and NAME.docx", file=output)


def _write_pdfs(documents: list[Path], *, archive: bool) -> list[Path]:
    """Each document's PDF; one warning line when the PDFs are not set in the house style's fonts."""
    from fichebuilder.writers.pdf import convert_to_pdf
    from fichebuilder.writers.pdffonts import font_warning

    pdfs = convert_to_pdf(documents, archive=archive)
    # one line for the run: every document of a build has the same house style
    warnings = dict.fromkeys(w for d, p in zip(documents, pdfs, strict=True) if (w := font_warning(d, p)))
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    return pdfs


def _build_batch(
    sources: list[Path],
    output_dir: Path,
    langs: list[str],
    jobs: int | None,
    template: Path | None,
    allow_missing: bool,
    pdf: bool,
    draft: bool = False,
    pdf_a: bool = False,
) -> None:
    from fichebuilder.commands.batch import Outcome, build_many, position_files
    from fichebuilder.errors import FicheError

    if output_dir.suffix.lower() in (".docx", ".pdf"):
        raise click.UsageError(f"with several position files, -o names a folder, not a {output_dir.suffix} file")
    total = len(position_files(sources))
    outcomes = []
    results = build_many(
        sources,
        output_dir=output_dir,
        langs=langs,
        jobs=jobs,
        template=template,
        allow_missing=allow_missing,
        draft=draft,
    )
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("building", total=total)
            for outcome in results:
                outcomes.append(outcome)
                progress.advance(task)
    else:
        for outcome in results:
            outcomes.append(outcome)
            click.echo(f"{'ok' if outcome.ok else 'FAILED'}  {outcome.source}", err=True)
    written = [path for outcome in outcomes for path in outcome.written]
    failed = [outcome for outcome in outcomes if not outcome.ok]
    if pdf and written:
        try:
            written += _write_pdfs(written, archive=pdf_a)
        except FicheError as e:
            failed.append(Outcome(source=output_dir, error=e))
    click.echo(f"built {len(outcomes) - len(failed)} of {total} fiche(s) into {output_dir}: {len(written)} file(s)")
    if failed:
        click.echo(f"{len(failed)} failed:", err=True)
        for outcome in failed:
            click.echo(f"Error: {outcome.error}", err=True)
        sys.exit(1)


@main.command()
@click.argument("position", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@output_option("Write the document here (default: out/NAME.docx).")
@build_options
@reports_errors
def watch(
    position: Path, output: Path | None, template: Path | None, langs: list[str], allow_missing: bool, draft: bool
) -> None:
    """Rebuild a fiche each time its file or a template is saved (Ctrl+C stops).

    Errors are printed and watching goes on, so a drafter sees the document follow
    every save of the position file, and a template's maintainer every save of the
    template (the --template given, else the shipped one)."""
    from fichebuilder.commands.watching import watch as watch_file
    from fichebuilder.files import check_output_path
    from fichebuilder.writers.building import build_fiche, output_paths
    from fichebuilder.writers.templating import resolve_template

    def rebuild() -> list[Path]:
        return [
            b.path
            for b in build_fiche(
                position, output=output, template=template, langs=langs, allow_missing=allow_missing, draft=draft
            )
        ]

    if not position.is_file():
        from fichebuilder.errors import PositionError

        raise PositionError("no such file", file=position)
    for target in output_paths(position.stem, langs, output).values():
        check_output_path(target, source=position)  # refused now, not at every save
    templates = resolve_template(template)  # a template that is not there is refused now
    click.echo(f"watching {position}; Ctrl+C stops", err=True)
    for event in watch_file(position, rebuild, templates=templates):
        stamp = datetime.datetime.now().strftime("%H:%M:%S")
        if event.error:
            click.echo(f"{stamp} Error: {event.error}", err=True)
        else:
            click.echo(f"{stamp} wrote {', '.join(map(str, event.written))}")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path), metavar="[FILE|FOLDER]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, JSON for programs.",
)
@date_option("--today", "Count days left from this date instead of today.")
@reports_errors
def status(sources: tuple[Path, ...], fmt: str, today: datetime.date | None) -> None:
    """Show each fiche's deadline, stances and translation state.

    The deadline is six weeks after the Commission document was received."""
    from fichebuilder.commands import status as status_module

    day = today or datetime.date.today()
    rows = status_module.status(list(sources) or [Path("positions")], today=day)
    if fmt == "json":
        import json

        click.echo(json.dumps(status_module.status_json(rows, today=day), indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    Console(width=200 if not sys.stdout.isatty() else None).print(status_module.status_table(rows))


@main.group()
def template() -> None:
    """Work with templates: check a copy before using it."""


@template.command("check")
@click.argument("template_path", type=click.Path(path_type=Path), metavar="TEMPLATE")
@click.option(
    "--position",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render with this position file instead of the shipped samples.",
)
@reports_errors
def template_check(template_path: Path, position: Path | None) -> None:
    """Report a template's errors with their location, before a build meets them."""
    from fichebuilder.commands.templatecheck import check_template

    problems = check_template(template_path, position=position)
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{template_path}: ok")


@main.command()
@position_file
@reports_errors
def check(position: Path) -> None:
    """Check a position file and show the cabinet's stance per action."""
    from fichebuilder.commands.overview import stance_overview
    from fichebuilder.source.loading import load_position

    loaded = load_position(position)
    for warning in loaded.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(stance_overview(loaded.fiche), nl=False)
    from fichebuilder.commands.reviewcomments import open_comments

    for comment in open_comments(position):
        click.echo(f"Open comment: {comment}")
    click.echo(f"{position}: ok ({len(loaded.warnings)} warning(s))")


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The position file (default: the one the document records).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REVIEW_FORMATS)),
    default="text",
    show_default=True,
    help="text for the terminal, md or html reports, json for programs.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    help="The language of the md and html reports (default: the reviewed document's; json has codes, not words).",
)
@output_option("Write the report to this file instead of standard output.")
@click.option("--apply", "apply_", is_flag=True, help="Write the changes into the position file.")
@click.option("--accept", default="all", show_default=True, metavar="all|AUTHOR,...", help="Whose changes to take.")
@click.option("--partial", is_flag=True, help="With --apply: write what maps to a field even if some changes do not.")
@click.option("--force", is_flag=True, help="With --apply: write the changes that do not conflict, leave the others.")
@reports_errors
def review(
    documents: tuple[Path, ...],
    into: Path | None,
    fmt: str,
    lang: str | None,
    output: Path | None,
    apply_: bool,
    accept: str,
    partial: bool,
    force: bool,
) -> None:
    """Report a reviewed fiche's tracked changes and comments; --apply writes them."""
    from fichebuilder.commands.review import read_review
    from fichebuilder.commands.reviewcomments import review_file
    from fichebuilder.commands.reviewmerge import apply_reviews, plan_reviews
    from fichebuilder.commands.reviewreport import render_review
    from fichebuilder.files import check_output_path, write_text

    if output is not None:
        for document in documents:
            check_output_path(output, source=document)
    authors = None if accept.strip() == "all" else [a.strip() for a in accept.split(",") if a.strip()]
    reviews = [read_review(d, into=into, accept=authors) for d in documents]
    plans = plan_reviews(reviews)
    conflicts = [c for plan in plans for c in plan.conflicts]
    report = render_review(reviews, conflicts, fmt, lang=lang)
    if output is None:
        click.echo(report, nl=False)
    else:
        write_text(output, report)
        click.echo(f"wrote {output}")
    if apply_:
        for plan in apply_reviews(reviews, plans=plans, partial=partial, force=force):
            click.echo(f"{plan.position}: {len(plan.changed)} field(s) updated", err=True)
        for position in {r.position for r in reviews if r.comments}:
            click.echo(f"comments kept in {review_file(position)}", err=True)


@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*REPORT_FORMATS, "docx"]),  # docx: the redline, written by compare.redline
    default="text",
    show_default=True,
    help="text for the terminal, md or html reports, json for programs, docx a Word redline (needs -o).",
)
@output_option("Write the report to this file instead of standard output.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal only).")
@click.option("--template", type=click.Path(path_type=Path), help="With --format docx: the template to build with.")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="The language of the text, md and html reports (json has codes, not words).",
)
def diff(
    old: str, new: str, fmt: str, output: Path | None, color: bool | None, template: Path | None, lang: str
) -> None:
    """Compare two position files, or git revisions of one (FILE@REV).

    OLD and NEW are position files or FILE@REVISION, e.g. positions/x.yaml@HEAD~1,
    read with git from the repository the file is in. Actions are aligned by
    number (versions of one proposal) or by the newer file's continues links and
    then by similarity (a follow-up proposal). Exit status as diff(1): 0 no
    differences, 1 differences, 2 trouble.
    """
    # diff(1)'s exit codes: 1 means "different", so trouble of any kind is 2
    try:
        differs = _run_diff(old, new, fmt, output, color, template, lang)
    except FicheError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(1 if differs else 0)


def _run_diff(
    old: str, new: str, fmt: str, output: Path | None, color: bool | None, template: Path | None, lang: str = "nl"
) -> bool:
    import os

    from fichebuilder.compare.diff import compare_fiches
    from fichebuilder.compare.report import render_report
    from fichebuilder.errors import UsageError
    from fichebuilder.files import check_output_path, write_text
    from fichebuilder.source.revisions import load_version

    if fmt == "docx" and output is None:
        raise UsageError("--format docx writes a Word document: name it with -o FILE.docx")
    if output is not None:
        check_output_path(output)
    before, after = load_version(old), load_version(new)
    result = compare_fiches(before, after)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if fmt == "docx":
        assert output is not None
        from fichebuilder.compare.redline import write_redline

        write_redline(before, after, output, template=template, diff=result)
    elif output is not None:
        write_text(output, render_report(result, fmt, lang=lang))
    else:
        if color is None:
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        # click.echo strips colours when stdout is not a terminal unless told otherwise
        click.echo(render_report(result, fmt, color=color, lang=lang), nl=False, color=color)
    if output is not None:
        click.echo(f"wrote {output}")
    return result.has_differences


@main.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), metavar="SOURCE")
@output_option(
    "The position file to write (default: positions/NAME.yaml, NAME from the COM number); "
    "for a published batch of several fiches, the folder to write them in.",
    folder=True,
)
@click.option("--force", is_flag=True, help="Overwrite the position file(s) if they exist.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a document that holds what a position file cannot (equations, images, page headers "
    "and footers, comments) instead of setting it aside under `unplaced:`.",
)
@reports_errors
def import_(source: Path, output: Path | None, force: bool, strict: bool) -> None:
    """Make position files from existing fiches (.docx, PDF, text, HTML).

    A published batch (the minister's letter and the fiches after it, as text, PDF or
    the publications site's HTML page) gives one position file per fiche, with the date
    it was sent and its Kamerstuk number from the letter. Stances are proposed from the
    wording and marked for the drafter to confirm; text that cannot be placed is kept
    under `unplaced:`, never dropped."""
    from fichebuilder.readers.importing import import_source

    result = import_source(source, output=output, force=force, strict=strict)
    letter = result.letter
    if letter is not None:
        date = letter.date.isoformat() if letter.date else "without a date"
        number = f" ({letter.own_kamerstuk})" if letter.own_kamerstuk else ""
        click.echo(
            f"read the letter of {date}{number}: {len(letter.listed)} fiche(s) listed, "
            f"{len(result.files)} printed in {source.name}"
        )
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for imported in result.files:
        _report_import(imported)


def _report_import(imported: Imported) -> None:
    """What ``fiche import`` wrote for one fiche, and what is left for the drafter."""
    fiche = imported.fiche
    discussed = sum(1 for a in fiche.actions if a.text is not None)
    proposed = sum(1 for a in fiche.actions if a.stance_proposed)
    click.echo(
        f"wrote {imported.path}: {len(fiche.areas)} area(s), {len(fiche.actions)} action(s) "
        f"({discussed} discussed in the text), {len(fiche.footnotes)} footnote(s)"
    )
    if proposed:
        click.echo(f"{proposed} stance(s) were proposed from the wording: confirm each and remove stance_proposed")
    for warning in imported.warnings:
        click.echo(f"Warning: {warning}", err=True)


@main.command()
@output_option("Write the schema to this file instead of standard output (e.g. docs/position.schema.json).")
@reports_errors
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the position format.

    Editors use it to complete and check position files while typing; a position
    file points at it with a first line  # yaml-language-server: $schema=PATH.
    -o docs/position.schema.json refreshes the copy kept in the repository.
    """
    from fichebuilder.source.schema import schema_text

    if output is None:
        click.echo(schema_text(), nl=False)
        return
    from fichebuilder.files import check_output_path, write_text

    check_output_path(output)
    write_text(output, schema_text())
    click.echo(f"wrote {output}")


@main.command()
@click.option(
    "--kind",
    type=_ModelKinds(),
    required=True,
    help="A communication (mededeling, aanbeveling) or a legislative proposal.",
)
@click.option(
    "--com",
    "com",
    required=True,
    multiple=True,
    metavar="'COM(YYYY) N'",
    help="The Commission document's number; repeat it for a fiche on several proposals.",
)
@date_option("--received", "Date the Commission document was received (default today).")
@output_option(
    "The position file to write (default positions/com-YYYY-N.yaml, or com-YYYY-N-M.yaml for several); "
    "never an existing file."
)
@reports_errors
def new(kind: str, com: tuple[str, ...], received: datetime.date | None, output: Path | None) -> None:
    """Start a position file with every section to fill in.

    Each section has a Dutch comment saying what goes there, and every text the
    placeholder ⟦in te vullen⟧: fiche check warns of each one left, fiche build
    refuses them unless --draft. Never writes over an existing file (exit 2).
    """
    from fichebuilder.commands.scaffold import write_new_position

    path = write_new_position(output, kind=kind, com=list(com), received=received)
    click.echo(f"wrote {path}: fill in every ⟦in te vullen⟧; fiche check {path} lists those left")


@main.command()
@click.argument("positions", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE...")
@date_option("--date", "The letter's date (default today).")
@click.option(
    "--minister",
    envvar="FICHE_MINISTER",
    metavar="NAME",
    help="The Minister of Foreign Affairs who signs, e.g. 'H.G.J. Bruins Slot' (default: $FICHE_MINISTER).",
)
@click.option(
    "--number", type=click.IntRange(min=1), metavar="N", help="The letter's number in dossier 22 112, once known."
)
@output_option("The letter to write (default out/letter-YYYY-MM-DD.docx); NAME.pdf writes NAME.docx and the PDF.")
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="A template folder, a house-style .docx or the letter's structure .xml.j2 to use instead of the default.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write one tagged PDF of the letter followed by its fiches (needs LibreOffice 7.4 or later).",
)
@click.option("--pdf-a", "pdf_a", is_flag=True, help="Write the PDF as PDF/A-2b, for the archive (implies --pdf).")
@reports_errors
def letter(
    positions: tuple[Path, ...],
    date: datetime.date | None,
    minister: str | None,
    number: int | None,
    output: Path | None,
    template: Path | None,
    pdf: bool,
    pdf_a: bool,
) -> None:
    """Write the cover letter that sends fiches to the Tweede Kamer.

    One line 'Fiche: TITLE' per fiche, in the order given, with its Kamerstuk number
    where the fiche has one. Every fiche must check; nothing is written otherwise.
    """
    from fichebuilder.commands.letter import write_letter

    pdf = pdf or pdf_a
    if output is not None:
        output, pdf = _document_output(output, pdf)
    written = write_letter(
        list(positions),
        date=date or datetime.date.today(),
        minister=minister,
        number=number,
        output=output,
        pdf=pdf,
        archive=pdf_a,
        template=template,
    )
    click.echo(f"wrote {written.docx}: the letter for {written.fiches} fiche(s)")
    if written.pdf:
        click.echo(f"wrote {written.pdf}: the letter and its fiches")
    for warning in written.warnings:
        click.echo(f"Warning: {warning}", err=True)


@main.group()
def xliff() -> None:
    """Exchange a fiche's texts with translators as XLIFF 2.1."""


@xliff.command("export")
@position_file
@click.option("--target", default="en", show_default=True, help="The language to translate into.")
@output_option("The XLIFF file to write (default out/NAME.LANG.xlf).")
@reports_errors
def xliff_export(position: Path, target: str, output: Path | None) -> None:
    """Write a fiche's texts as XLIFF 2.1 for a translator.

    One unit per text: its id is the text's path in the position file, its source
    the Dutch, its target the translation the file has (state "initial" where the
    Dutch has changed since).
    """
    from fichebuilder.translate.xliff import write_xliff

    click.echo(f"wrote {write_xliff(position, target=target, output=output)}")


@xliff.command("import")
@position_file
@click.argument("translated", type=click.Path(dir_okay=False, path_type=Path), metavar="TRANSLATED.xlf")
@reports_errors
def xliff_import(position: Path, translated: Path) -> None:
    """Write the translations of an XLIFF file into the position file.

    Only units with a filled-in target are read; the position file keeps its
    comments and layout, and each translation records the Dutch it was made from.
    """
    from fichebuilder.translate.xliff import import_xliff

    imported = import_xliff(position, translated)
    for warning in imported.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"{position}: {len(imported.updated)} translation(s) written")
