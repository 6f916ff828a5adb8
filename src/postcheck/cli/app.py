"""The command line: a thin layer that reads inputs, calls the engine, picks a formatter.

`postcheck FILE...` is the everyday form; subcommands (`rules`, `explain`, ...) sit beside
it. Every error a user can cause ends as one line on stderr and exit status 2, never a
traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from postcheck import __version__
from postcheck.errors import PostcheckError, closest, printable

DEFAULT_COMMAND = "check"


def _click_class(name: str) -> type[Exception]:
    """Click's exception classes, wherever this typer version keeps click (it may vendor it)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


ClickException = _click_class("ClickException")
UsageError = _click_class("UsageError")
NoArgsIsHelpError: type[Exception] = next(
    (c for c in UsageError.__subclasses__() if c.__name__ == "NoArgsIsHelpError"),
    type("NoArgsIsHelpError", (Exception,), {}),
)


class DefaultGroup(TyperGroup):
    """Route `postcheck FILE` to the `check` command, so subcommands can sit beside it."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        passthrough = {
            "--help",
            "-h",
            "--version",
            "-V",
            "--install-completion",
            "--show-completion",
        }
        # While completing, an empty command line must stay on the group so that TAB offers
        # the subcommands; `postcheck dr<TAB>` still completes file names (bash: -o default).
        completing = ctx.resilient_parsing and not args
        if not completing and (
            not args or (args[0] not in self.commands and args[0] not in passthrough)
        ):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """`postcheck --help` also lists the options of a check, the everyday command."""
        super().format_options(ctx, formatter)
        check = self.commands.get(DEFAULT_COMMAND)
        if check is None:
            return
        records = [
            record
            for param in check.get_params(ctx)
            if param.param_type_name == "option"
            and param.name != "help"
            and (record := param.get_help_record(ctx))
        ]
        with formatter.section("Options of a check (postcheck [OPTIONS] FILE...)"):
            formatter.write_dl(records)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """`postcheck --fo<TAB>` completes the check's options too, without typing `check`."""
        found = super().shell_complete(ctx, incomplete)
        check = self.commands.get(DEFAULT_COMMAND)
        if check is not None and incomplete.startswith("-"):
            seen = {item.value for item in found}
            found += [i for i in check.shell_complete(ctx, incomplete) if i.value not in seen]
        return found

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> int:
        """Every user error becomes one line on stderr and status 2, never a traceback."""
        argv = list(sys.argv[1:] if args is None else args)
        _plain_metavars(self)
        shell = _completion_shell(argv)
        if shell is not None:
            code = _show_completion(shell, prog_name or "postcheck")
            if standalone_mode:
                sys.exit(code)
            return code
        try:
            rc = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            code = rc if isinstance(rc, int) else 0
            if code == 130:
                # typer turns Ctrl-C into a silent return of 130 (no command returns it).
                sys.stderr.write("postcheck: interrupted\n")
        except typer.Exit as exc:
            code = exc.exit_code
        except typer.Abort:
            sys.stderr.write("postcheck: aborted\n")
            code = 130
        except NoArgsIsHelpError as exc:
            sys.stderr.write(exc.ctx.get_help() + "\n")
            code = 2
        except ClickException as exc:
            message = _reworded(" ".join(exc.format_message().split()))
            sys.stderr.write(f"postcheck: error: {printable(message)}\n")
            code = 2
        except PostcheckError as exc:
            sys.stderr.write(f"postcheck: error: {printable(str(exc))}\n")
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


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_shell(argv: list[str]) -> str | None:
    """The shell named after `--show-completion` (`--show-completion zsh`), if any.

    Typer's own option takes no value where it can detect the shell, so `zsh` was read as
    a draft's name and the current shell's script printed instead.
    """
    for i, arg in enumerate(argv):
        if arg.startswith("--show-completion="):
            return arg.split("=", 1)[1]
        if arg == "--show-completion" and i + 1 < len(argv) and argv[i + 1] in SHELLS:
            return argv[i + 1]
    return None


def _show_completion(shell: str, prog_name: str) -> int:
    """Print the completion script of `shell`; status 2 for a shell typer has none for."""
    # Lazy: start-up speed, only --show-completion needs the scripts.
    from typer._completion_shared import get_completion_script

    if shell not in SHELLS:
        sys.stderr.write(
            f"postcheck: error: --show-completion: unknown shell '{printable(shell)}' "
            f"(choose from {', '.join(SHELLS)})\n"
        )
        return 2
    var = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
    sys.stdout.write(get_completion_script(prog_name=prog_name, complete_var=var, shell=shell))
    sys.stdout.write("\n")
    return 0


_NOT_ONE_OF = re.compile(
    r"^Invalid value for '(?P<opt>-[^']+)'(?: / '[^']+')*: (?:Value error, )?'(?P<value>.*)' "
    r"is not one of "
    r"(?P<choices>.+?)\.?$"
)


def _reworded(message: str) -> str:
    """Click's enum error in postcheck's words: `--platform: unknown platform 'tiktok'
    (choose from x, mastodon, ...)`, without pydantic's "Value error," prefix."""
    match = _NOT_ONE_OF.match(message)
    if match is None:
        return message.replace("Value error, ", "")
    option = match.group("opt").split("/")[0].strip()
    what = option.lstrip("-").replace("-", " ")
    choices = match.group("choices").replace("'", "")
    return f"{option}: unknown {what} '{match.group('value')}' (choose from {choices})"


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
    sarif = "sarif"
    github = "github"
    concise = "concise"
    jsonl = "jsonl"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class PlatformChoice(str, Enum):
    x = "x"
    mastodon = "mastodon"
    bluesky = "bluesky"
    threads = "threads"
    linkedin = "linkedin"
    instagram = "instagram"
    facebook = "facebook"


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
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Check a draft social-media post against the guidelines for civil servants."""


def _complete_rule_ids(incomplete: str) -> list[str]:
    """Rule ids and categories for TAB completion of --select, --ignore and explain."""
    try:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.engine.session import Session
        from postcheck.models import CATEGORIES

        ids = [r.id for r in Session().rules_in_use()] + list(CATEGORIES)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return sorted(i for i in ids if i.upper().startswith(incomplete.upper()))


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable options that also take comma-separated lists: `--ignore A,B --ignore C`."""
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())


#: Fewer drafts than this finish before a progress bar would be worth drawing.
PROGRESS_MIN = 10


@app.command(DEFAULT_COMMAND)
def check_command(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Draft files or folders; '-' reads the draft from stdin."),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            "-p",
            help="Your profile (YAML). Default: $POSTCHECK_PROFILE, the nearest "
            ".postcheck.yaml, your user profile, the embedded default.",
        ),
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
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="Encoding of text drafts without a byte order mark (default: UTF-8).",
        ),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help='Drafts as JSON lines ({"text", "id", "profile"}); \'-\' for stdin.',
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Run only these rules (ids, id prefixes or categories; comma-separated).",
            autocompletion=_complete_rule_ids,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Do not run these rules (ids, id prefixes or categories).",
            autocompletion=_complete_rule_ids,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Skip files and folders matching this glob, quietly."),
    ] = None,
    platform: Annotated[
        PlatformChoice | None,
        typer.Option(
            "--platform", help="Count the length for this platform (default: the profile's)."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only 'SOURCE: verdict' per draft.")
    ] = False,
    no_exit: Annotated[
        bool,
        typer.Option("--no-exit", help="Exit 0 whatever is found (errors in options still 2)."),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="Processes for large batches (0: one per core)."),
    ] = 1,
    server: Annotated[
        bool,
        typer.Option(
            "--server/--no-server",
            help="Check through the warm `postcheck serve` process (started when absent); "
            "also POSTCHECK_SERVER=1.",
        ),
    ] = False,
    no_semantic: Annotated[
        bool,
        typer.Option(
            "--no-semantic",
            help="Leave out the semantic layer (faster; rules only); also POSTCHECK_SEMANTIC=off.",
        ),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="NAME",
            help="The name of the draft read from stdin: used in reports, to find the "
            "profile and to tell Markdown (for editors and pre-commit).",
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colours in the text report (also NO_COLOR).")
    ] = False,
) -> None:
    """Check drafts (the default command: `postcheck draft.txt`)."""
    if no_semantic:
        # The rule type reads the switch when it runs, in this process and in --jobs workers.
        os.environ["POSTCHECK_SEMANTIC"] = "off"
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.jobs import Workers
    from postcheck.engine.report import assemble
    from postcheck.engine.session import Options, Session, exit_status
    from postcheck.inputs.reading import STDIN, count_lines, read_items, read_jsonl_lines

    names = list(files or [])
    if any(not name.strip() for name in names):
        raise UsageError("an empty name was given: name a draft or a folder, or '-' for stdin")
    if stdin_filename is not None and not stdin_filename.strip():
        raise UsageError("--stdin-filename: the name is empty")
    if jsonl is not None and names:
        raise UsageError("give drafts as files or with --jsonl, not both")
    if quiet and fmt is not Format.text and _given(ctx, "fmt"):
        raise UsageError(f"--quiet prints only verdicts; it cannot go with --format {fmt.value}")
    if jsonl is None and not names:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no draft given: name a file, or pipe a draft into postcheck")
        names = [STDIN]
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding '{encoding}'") from None
    if names.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    session = Session(
        Options(
            profile=profile,
            rules=tuple(rules or ()),
            lang=lang.value,
            select=_split(select),
            ignore=_split(ignore),
            platform=platform.value if platform else None,
        )
    )
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.config import config_options

    config = config_options(session, [f.value for f in Format])
    if config.format is not None and not _given(ctx, "fmt") and not quiet:
        fmt = Format(config.format)
    if config.fail_on is not None and not _given(ctx, "fail_on"):
        fail_on = FailOn(config.fail_on)
    if config.exclude is not None and not _given(ctx, "exclude"):
        exclude = list(config.exclude)
    if config.platform is not None and platform is None:
        session.options.platform = config.platform
    with Workers(session.options, jobs) as pool:
        if jsonl is not None:
            if pool.method == "spawn" and pool.parallel(count_lines(jsonl)):
                pool.start()  # spawned workers load while the batch is read
            items = read_jsonl_lines(jsonl, max_bytes=max_bytes)
        else:
            exclude_ = _split(exclude)
            items = read_items(
                names,
                max_bytes=max_bytes,
                exclude=exclude_,
                encoding=encoding,
                stdin_filename=stdin_filename,
            )
        pool.load(session, items)
        show_progress = (
            fmt is Format.text and not quiet and len(items) >= PROGRESS_MIN and _interactive()
        )
        if fmt in (Format.json, Format.jsonl) and not quiet:
            status = _stream_json(session, items, pool, fail_on.value, lines=fmt is Format.jsonl)
            raise typer.Exit(0 if no_exit else status)
        report = assemble(_check(session, items, show_progress, pool))
    for result in report.results:
        if result.error:
            typer.echo(printable(f"postcheck: {result.source}: {result.error}"), err=True)
    _emit(report, fmt, quiet=quiet, session=session, no_color=no_color)
    raise typer.Exit(0 if no_exit else exit_status(report, fail_on.value))


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether an option came from the command line (or its variable), not its default:
    only then does it win over the configuration file."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


def _stream_json(
    session: Any, items: list[Any], pool: Any, fail_on: str, *, lines: bool = False
) -> int:
    """The JSON report (or JSON lines) written as results come, in input order, the
    profile section after them; the exit status at the end.

    Same bytes as rendering the whole report at once, but a batch of 100,000 drafts is
    never held in memory whole (see `formatters.json.render_stream`). With `--jobs` the
    workers render too: this process only writes.
    """
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.jobs import Rendering, iter_rendered
    from postcheck.engine.report import ProfileGatherer
    from postcheck.engine.session import findings_status
    from postcheck.formatters import json as json_format

    status = 0
    if lines:
        rendering = Rendering(json_format.render_line, json_format.LINE_SEPARATOR, fail_on)
        frame = json_format.frame_lines
    else:
        rendering = Rendering(json_format.render_result, json_format.SEPARATOR, fail_on)
        frame = json_format.frame
    gatherer = ProfileGatherer()

    def pieces() -> Iterator[str]:
        nonlocal status
        for chunk in iter_rendered(session, items, pool, rendering):
            for source, error in chunk.errors:
                typer.echo(printable(f"postcheck: {source}: {error}"), err=True)
            status = max(status, chunk.status)
            gatherer.merge(chunk.profiles, chunk.langs)
            if chunk.count:
                yield chunk.text

    write = sys.stdout.write
    for piece in frame(pieces(), gatherer.section):
        write(_encodable_json(piece))
    sys.stdout.flush()
    return max(status, findings_status(gatherer.section().findings, fail_on))


def _interactive() -> bool:
    return sys.stdout.isatty() and sys.stderr.isatty()


def _check(session: Any, items: list[Any], show_progress: bool, pool: Any) -> list[Any]:
    """Check with a transient progress bar on stderr, for people watching a long batch."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.jobs import check as check_jobs

    if not show_progress:
        return check_jobs(session, items, pool)
    # Lazy: start-up speed, each command loads only what it uses.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("Checking drafts"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("check", total=len(items))
        return check_jobs(session, items, pool, lambda _: bar.advance(task))


def _emit(
    report: Any, fmt: Format, *, quiet: bool = False, session: Any = None, no_color: bool = False
) -> None:
    if quiet:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.text import render_quiet

        sys.stdout.write(render_quiet(report))
    elif fmt is Format.json:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.json import render

        sys.stdout.write(_encodable_json(render(report)))
    elif fmt is Format.sarif:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.sarif import render as render_sarif

        rules = session.rules_in_use() if session else ()
        sys.stdout.write(_encodable_json(render_sarif(report, rules)))
    elif fmt is Format.github:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.github import render as render_github

        sys.stdout.write(render_github(report))
    elif fmt is Format.concise:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.concise import render as render_concise

        sys.stdout.write(render_concise(report))
    elif fmt is Format.jsonl:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.json import render_lines

        sys.stdout.write(render_lines(report))
    else:
        # Lazy: start-up speed, each command loads only what it uses.
        from postcheck.formatters.text import render as render_text

        render_text(report, _console(no_color=no_color))
        return
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    """The full command line (the console script enters through `client.main`)."""
    _escape_what_cannot_be_written()
    _command()(args=argv, prog_name="postcheck")


def _escape_what_cannot_be_written() -> None:
    """Output streams that cannot encode a character write an escape instead of failing.

    A terminal or pipe that is not UTF-8 (`LANG=C`, `PYTHONIOENCODING=ascii`) cannot take
    an emoji from a draft, and a strict UTF-8 one cannot take a file name that is not
    UTF-8: both ended the run with a UnicodeEncodeError. JSON and SARIF are escaped the
    JSON way (`_encodable_json`), so they stay valid.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="backslashreplace")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _encodable_json(text: str) -> str:
    """JSON text that stdout's encoding can write: what it cannot is written `\\uXXXX`."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return text  # all of it (a lone surrogate is written \udcXX, valid JSON too)
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return _NON_ASCII.sub(lambda m: json.dumps(m.group())[1:-1], text)
    return text


@lru_cache(maxsize=1)
def _command() -> Any:
    """The click command typer builds from `app`, built once: the warm server runs a command
    line per request, and building it (reading every option's annotations) took 60% of
    a warm check."""
    return typer.main.get_command(app)


#: How help names the value of an option whose type alone would say `<list[str]>`.
METAVARS = {
    "files": "FILE...",
    "paths": "PATH...",
    "profile": "PATH",
    "rules": "PATH",
    "output": "PATH",
    "socket_path": "PATH",
    "max_bytes": "N",
    "jobs": "N",
    "idle_timeout": "SECONDS",
    "select": "RULES",
    "ignore": "RULES",
    "exclude": "GLOB",
    "profiles": "DIR",
    "cases": "LABELLED",
}


def _plain_metavars(command: Any) -> None:
    """Value names as people write them (`--select RULES`, `FILE...`), not typer's types.

    Choices keep their list (`<text|json|...>`): that is what the value may be. Done once
    per command object (the warm server reuses one).
    """
    if getattr(command, "_plain_metavars", False):
        return
    command._plain_metavars = True
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None  # the name says it; no `<list[str]>`
        if getattr(param, "metavar", None) is not None or getattr(param, "is_flag", False):
            continue
        desc = getattr(param, "type_descriptor", None)
        if desc is not None and desc.is_choice and not desc.is_list:
            continue
        name = METAVARS.get(param.name or "") or (param.name or "value").upper()
        if param.param_type_name == "argument":
            # The usage line adds "..." itself, and the name says the type already.
            name = name.removesuffix("...")
        param.metavar = name


@app.command("serve")
def serve_command(
    socket_path: Annotated[
        Path | None,
        typer.Option("--socket", help="The Unix socket (default: in your runtime folder)."),
    ] = None,
    idle_timeout: Annotated[
        float, typer.Option("--idle-timeout", min=1, help="Exit after this many idle seconds.")
    ] = 900.0,
) -> None:
    """Keep the engine loaded and answer `postcheck --server` checks over a local socket."""
    # Lazy: the server's modules load spaCy; other commands must not pay for them.
    from postcheck.server.serve import serve

    raise typer.Exit(serve(main, socket_path, idle_timeout))


@app.command("rules")
def rules_command(
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
) -> None:
    """List the rules in use: id, category, severity and message."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.ruledocs import render_list, rules_json
    from postcheck.packs.loading import builtin_pack_dirs, load_rules

    ruleset = load_rules([*builtin_pack_dirs(), *(rules or [])])
    if fmt is ListFormat.json:
        sys.stdout.write(rules_json(ruleset.rules))
    else:
        render_list(ruleset.rules, _console())


def _hint(word: str, candidates: list[str]) -> str:
    """ " (did you mean X?)" for the closest candidate, or nothing."""
    close = closest(word, candidates)
    return f" (did you mean {close}?)" if close else ""


@app.command("explain")
def explain_command(
    rule_id: Annotated[
        str | None,
        typer.Argument(help="A rule id, e.g. RIJK-TONE-001.", autocompletion=_complete_rule_ids),
    ] = None,
    type_name: Annotated[
        str | None,
        typer.Option("--type", help="A rule type (lexicon, pattern, ...): its documentation."),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
    lang: Annotated[
        LangChoice, typer.Option("--lang", help="Language of the text.")
    ] = LangChoice.nl,
) -> None:
    """Show a rule's documentation (why, basis, suggestion, examples), or a rule type's."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.ruledocs import render_rule, render_type
    from postcheck.packs.loading import builtin_pack_dirs, load_rules
    from postcheck.ruletypes import REGISTRY

    if type_name is not None:
        rtype = REGISTRY.get(type_name.lower())
        if rtype is None:
            raise UsageError(
                f"no rule type '{type_name}'{_hint(type_name.lower(), list(REGISTRY))}; "
                f"the types are {', '.join(REGISTRY)}"
            )
        render_type(rtype, _console())
        return
    if rule_id is None:
        raise UsageError("name a rule id (`postcheck rules` lists them) or --type TYPE")
    ruleset = load_rules([*builtin_pack_dirs(), *(rules or [])])
    rule = ruleset.rule(rule_id.upper())
    if rule is None:
        hint = _hint(rule_id.upper(), [r.id for r in ruleset.rules])
        raise UsageError(f"no rule '{rule_id}'{hint}; `postcheck rules` lists them")
    render_rule(rule, _console(), lang="en" if lang is LangChoice.en else "nl", ruleset=ruleset)


def _console(*, stderr: bool = False, no_color: bool = False) -> Any:
    # Lazy: start-up speed, each command loads only what it uses.
    from rich.console import Console

    plain = no_color or "NO_COLOR" in os.environ
    # COLUMNS=0 (or junk) made rich wrap the report to nothing; such a value is ignored.
    columns = os.environ.get("COLUMNS", "").strip()
    width = 80 if columns and not (columns.isdigit() and int(columns) >= MIN_COLUMNS) else None
    return Console(no_color=plain or None, highlight=False, stderr=stderr, width=width)


#: Narrower than this, COLUMNS is taken for a mistake and the report is 80 wide.
MIN_COLUMNS = 20


# ----------------------------------------------------------------------- configuration

profile_app = typer.Typer(
    help="Your profile: which one postcheck uses, and what it says.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(profile_app, name="profile")


@profile_app.command("show")
def profile_show_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A draft or folder: show the profile that applies there (default: here)."
        ),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Your profile (YAML).")
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack (YAML file or folder)."),
    ] = None,
) -> None:
    """Print the profile postcheck would use, and where it came from."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.engine.session import Options, Session
    from postcheck.profile.discovery import ProfileResolver
    from postcheck.profile.loading import dump_profile, read_profile

    resolver = ProfileResolver(profile)
    target = path or Path.cwd()
    ref = resolver.for_folder(target) if target.is_dir() else resolver.for_path(target)
    loaded = read_profile(ref)
    Session(Options(profile=profile, rules=tuple(rules or ()))).ruleset_for(loaded)
    sys.stdout.write(f"# profile: {ref.describe()}\n{dump_profile(loaded.profile)}")


@app.command("init")
def init_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write (default: your user profile; .postcheck.yaml for a folder).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: take the answers from the flags.")
    ] = False,
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    function: Annotated[str | None, typer.Option("--function", help="Function title.")] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Organisation.")
    ] = None,
    department: Annotated[str | None, typer.Option("--department", help="Department.")] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Policy area(s), comma-separated.")
    ] = None,
    keywords: Annotated[
        str | None, typer.Option("--keywords", help="Terms of your area, comma-separated.")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help="Your role.")] = None,
    spokesperson: Annotated[
        bool | None,
        typer.Option("--spokesperson/--no-spokesperson", help="Authorised to speak for it."),
    ] = None,
    account_kind: Annotated[
        str | None, typer.Option("--account-kind", help="personal or official.")
    ] = None,
    platform: Annotated[
        PlatformChoice | None, typer.Option("--platform", help="Where you post.")
    ] = None,
    handle: Annotated[str | None, typer.Option("--handle", help="Account handle.")] = None,
    bio: Annotated[str | None, typer.Option("--bio", help="Account bio.")] = None,
) -> None:
    """Write a profile: asks the questions, or takes the answers from flags."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.init import Question, collect, to_profile, write_profile
    from postcheck.profile.discovery import user_profile_path

    given = {
        "name": name,
        "function_title": function,
        "organisation": organisation,
        "department": department,
        "beleidsterrein": area,
        "keywords": keywords,
        "role": role,
        "spokesperson": spokesperson,
        "account.kind": account_kind,
        "account.platform": platform.value if platform else None,
        "account.handle": handle,
        "account.bio": bio,
    }

    def ask(q: Question, default: str) -> str:
        hint = f" ({'/'.join(q.choices)})" if q.choices else ""
        return str(typer.prompt(q.text + hint, default=default, show_default=bool(default)))

    def confirm(q: Question, default: bool) -> bool:
        return bool(typer.confirm(q.text, default=default))

    answers = collect(
        given,
        ask=None if no_input else ask,
        confirm=None if no_input else confirm,
        report=lambda problem: typer.echo(f"  {problem}", err=True),
    )
    target = output or user_profile_path(os.environ)
    write_profile(to_profile(answers), target, force=force)
    typer.echo(f"Wrote {target}. `postcheck profile show` shows which profile is used where.")


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Rule packs and profiles (files or folders). Default: those in use."),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Your profile (YAML).")
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", help="An extra rule pack the profiles may refer to."),
    ] = None,
) -> None:
    """Check rule packs and profiles without checking drafts; report every problem."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.cli.validation import validate_paths

    failed = False
    for checked in validate_paths(list(paths or []), rules=list(rules or []), profile=profile):
        if checked.error:
            failed = True
            typer.echo(printable(f"postcheck: error: {checked.error}"), err=True)
        else:
            typer.echo(printable(checked.line()))
        for problem in checked.problems:
            failed = True
            typer.echo(printable(f"postcheck: error: {problem}"), err=True)
        for note in checked.notes:
            typer.echo(printable(f"  note: {note}"))
    raise typer.Exit(2 if failed else 0)


# Lazy inside: the scorer imports the engine only when it runs.
from postcheck.cli.evaluate import eval_command  # noqa: E402

app.command("eval")(eval_command)


class SchemaName(str, Enum):
    profile = "profile"
    rule_pack = "rule-pack"
    report = "report"


@app.command("schema")
def schema_command(
    name: Annotated[SchemaName, typer.Argument(help="Which format's JSON Schema.")],
) -> None:
    """Print the JSON Schema of profiles, rule packs or the JSON report, for editors."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.packs.schemagen import shipped

    sys.stdout.write(shipped(name.value))
