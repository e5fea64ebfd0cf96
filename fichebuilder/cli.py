"""The ``fiche`` command: parses arguments, calls one library function, reports.

Library errors (FicheError) become one line on standard error and exit code 1
(2 for usage errors); the heavy modules are imported inside the commands so that
``fiche --help`` starts quickly.
"""

from __future__ import annotations

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
@position_file
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the document here (default: build/NAME.docx).",
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
@reports_errors
def build(position: Path, output: Path | None, template: Path | None, langs: list[str], allow_missing: bool) -> None:
    """Build the Word document of a fiche from its position file."""
    from fichebuilder.building import build_fiche

    for built in build_fiche(position, output=output, template=template, langs=langs, allow_missing=allow_missing):
        click.echo(f"wrote {built.path}")


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
