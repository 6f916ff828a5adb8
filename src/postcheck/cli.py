"""The command line: a thin layer that reads inputs, calls the engine, picks a formatter.

`postcheck FILE...` is the everyday form; subcommands (`rules`, `explain`, ...) sit beside
it. Every error a user can cause ends as one line on stderr and exit status 2, never a
traceback.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import PostcheckError

DEFAULT_COMMAND = "check"


def _click_class(name: str) -> type[Exception]:
    """Click's exception classes, wherever this typer version keeps click (it may vendor it)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


ClickException = _click_class("ClickException")
UsageError = _click_class("UsageError")


class DefaultGroup(TyperGroup):
    """Route `postcheck FILE` to the `check` command, so subcommands can sit beside it."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        passthrough = {"--help", "-h", "--version", "--install-completion", "--show-completion"}
        if not args or (args[0] not in self.commands and args[0] not in passthrough):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> int:
        """Every user error becomes one line on stderr and status 2, never a traceback."""
        try:
            rc = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = rc if isinstance(rc, int) else 0
        except typer.Exit as exc:
            code = exc.exit_code
        except typer.Abort:
            sys.stderr.write("postcheck: aborted\n")
            code = 130
        except ClickException as exc:
            sys.stderr.write(f"postcheck: error: {' '.join(exc.format_message().split())}\n")
            code = 2
        except PostcheckError as exc:
            sys.stderr.write(f"postcheck: error: {exc}\n")
            code = 2
        except BrokenPipeError:
            sys.stderr.close()
            code = 1
        except KeyboardInterrupt:
            sys.stderr.write("postcheck: interrupted\n")
            code = 130
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=DefaultGroup,
    help="Check a draft social-media post against the guidelines for civil servants.",
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class LangChoice(str, Enum):
    auto = "auto"
    nl = "nl"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"postcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check a draft social-media post against the guidelines for civil servants."""


@app.command(DEFAULT_COMMAND)
def check_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Draft files or folders; '-' reads the draft from stdin."),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Your profile (YAML).")
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity.")
    ] = FailOn.error,
    lang: Annotated[
        LangChoice, typer.Option("--lang", help="Language of the drafts (auto: detect per draft).")
    ] = LangChoice.auto,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest draft accepted, in bytes.")
    ] = 1_000_000,
) -> None:
    """Check drafts (the default command: `postcheck draft.txt`)."""
    from .inputs import STDIN, read_inputs
    from .models import Report
    from .session import Options, build_engine, check, exit_status

    names = list(files or [])
    if not names:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no draft given: name a file, or pipe a draft into postcheck")
        names = [STDIN]
    if names.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    engine = build_engine(Options(profile=profile, rules=tuple(rules or ()), lang=lang.value))
    inputs = read_inputs(names, max_bytes=max_bytes)
    report = Report(results=list(check(engine, inputs)))
    for result in report.results:
        if result.error:
            typer.echo(f"postcheck: {result.source}: {result.error}", err=True)
    _emit(report, fmt)
    raise typer.Exit(exit_status(report, fail_on.value))


def _emit(report: object, fmt: Format) -> None:
    if fmt is Format.json:
        from .formatters.json import render

        sys.stdout.write(render(report))  # type: ignore[arg-type]
        sys.stdout.flush()
        return
    from .formatters.text import render as render_text

    render_text(report, _console())  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    app(args=argv, prog_name="postcheck")


@app.command("rules")
def rules_command(
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """List the rules in use: id, category, severity and message."""
    from .packs import builtin_pack_dirs, load_rules
    from .ruledocs import render_list, rules_json

    ruleset = load_rules([*builtin_pack_dirs(), *(rules or [])])
    if fmt is Format.json:
        sys.stdout.write(rules_json(ruleset.rules))
    else:
        render_list(ruleset.rules, _console())


@app.command("explain")
def explain_command(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. RIJK-TONE-001.")],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
    lang: Annotated[
        LangChoice, typer.Option("--lang", help="Language of the text.")
    ] = LangChoice.nl,
) -> None:
    """Show a rule's documentation: why, basis, suggestion and examples."""
    import difflib

    from .packs import builtin_pack_dirs, load_rules
    from .ruledocs import render_rule

    ruleset = load_rules([*builtin_pack_dirs(), *(rules or [])])
    rule = ruleset.rule(rule_id.upper())
    if rule is None:
        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in ruleset.rules], n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"no rule '{rule_id}'{hint}; `postcheck rules` lists them")
    render_rule(rule, _console(), lang="en" if lang is LangChoice.en else "nl")


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(no_color="NO_COLOR" in os.environ or None, highlight=False)
