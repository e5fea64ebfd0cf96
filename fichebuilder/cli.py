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
from typing import Any, TypeVar

import click

from fichebuilder import __version__
from fichebuilder.errors import FicheError

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


def _languages(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    from fichebuilder.errors import UsageError
    from fichebuilder.languages import parse_languages

    try:
        return parse_languages(value)
    except UsageError as e:
        raise click.BadParameter(e.message) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fiche")
def main() -> None:
    """fichebuilder: BNC fiches built from YAML position files."""


position_file = click.argument("position", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE|FOLDER...")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="One file: the document to write (default build/NAME.docx). Several files or a folder: "
    "the folder to write into (default build/).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="A template folder, a house-style .docx or a structure .xml.j2 to use instead of the default.",
)
@click.option(
    "--lang",
    "langs",
    default="nl",
    show_default=True,
    callback=_languages,
    help="Languages to build: nl, en, nl,en or all.",
)
@click.option("--allow-missing", is_flag=True, help="Build with untranslated texts, marked as such.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each document (needs LibreOffice).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
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
    jobs: int | None,
) -> None:
    """Build the Word documents of fiches from their position files."""
    if len(sources) == 1 and not sources[0].is_dir():
        from fichebuilder.building import build_fiche

        if output is not None and output.is_dir():
            written = [b.path for b in build_fiche(sources[0], output_dir=output, template=template, langs=langs,
                                                   allow_missing=allow_missing)]
        else:
            written = [b.path for b in build_fiche(sources[0], output=output, template=template, langs=langs,
                                                   allow_missing=allow_missing)]
        for path in written:
            click.echo(f"wrote {path}")
        if pdf:
            from fichebuilder.pdf import convert_to_pdf

            for path in convert_to_pdf(written):
                click.echo(f"wrote {path}")
        return
    _build_batch(list(sources), output or Path("build"), langs, jobs, template, allow_missing, pdf)


def _build_batch(
    sources: list[Path], output_dir: Path, langs: list[str], jobs: int | None, template: Path | None,
    allow_missing: bool, pdf: bool,
) -> None:
    from fichebuilder.batch import Outcome, build_many, position_files
    from fichebuilder.errors import FicheError

    if output_dir.suffix.lower() == ".docx":
        raise click.UsageError("with several position files, -o names a folder, not a .docx file")
    total = len(position_files(sources))
    outcomes = []
    results = build_many(sources, output_dir=output_dir, langs=langs, jobs=jobs, template=template,
                         allow_missing=allow_missing)
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
        from fichebuilder.pdf import convert_to_pdf

        try:
            written += convert_to_pdf(written)
        except FicheError as e:
            failed.append(Outcome(source=output_dir, error=str(e)))
    click.echo(f"built {len(outcomes) - len(failed)} of {total} fiche(s) into {output_dir}: {len(written)} file(s)")
    if failed:
        click.echo(f"{len(failed)} failed:", err=True)
        for outcome in failed:
            click.echo(f"Error: {outcome.error}", err=True)
        sys.exit(1)


@main.command()
@click.argument("position", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the document here (default: build/NAME.docx).")
@click.option("--template", type=click.Path(path_type=Path), help="A template to use instead of the default.")
@click.option("--lang", "langs", default="nl", show_default=True, callback=_languages,
              help="Languages to build: nl, en, nl,en or all.")
@click.option("--allow-missing", is_flag=True, help="Build with untranslated texts, marked as such.")
@reports_errors
def watch(position: Path, output: Path | None, template: Path | None, langs: list[str], allow_missing: bool) -> None:
    """Rebuild a fiche every time its position file is saved (Ctrl+C stops)."""
    from fichebuilder.building import build_fiche
    from fichebuilder.watching import watch as watch_file

    def rebuild() -> list[Path]:
        return [b.path for b in build_fiche(position, output=output, template=template, langs=langs,
                                            allow_missing=allow_missing)]

    click.echo(f"watching {position}; Ctrl+C stops", err=True)
    for event in watch_file(position, rebuild):
        stamp = datetime.datetime.now().strftime("%H:%M:%S")
        if event.error:
            click.echo(f"{stamp} Error: {event.error}", err=True)
        else:
            click.echo(f"{stamp} wrote {', '.join(map(str, event.written))}")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path), metavar="[FILE|FOLDER]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table for people, JSON for programs.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count days left from this date (YYYY-MM-DD) instead of today.")
@reports_errors
def status(sources: tuple[Path, ...], fmt: str, today: datetime.datetime | None) -> None:
    """Show every fiche's deadline (six weeks after receipt), stances and translation state."""
    from fichebuilder import status as status_module

    day = today.date() if today else datetime.date.today()
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
    "--position", type=click.Path(dir_okay=False, path_type=Path),
    help="Render with this position file instead of the shipped samples.",
)
@reports_errors
def template_check(template_path: Path, position: Path | None) -> None:
    """Report a template's errors with their location, before a build meets them."""
    from fichebuilder.templatecheck import check_template

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
    from fichebuilder.loading import load_position
    from fichebuilder.overview import stance_overview

    loaded = load_position(position)
    for warning in loaded.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(stance_overview(loaded.fiche), nl=False)
    click.echo(f"{position}: ok ({len(loaded.warnings)} warning(s))")
