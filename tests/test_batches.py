"""Many drafts: folders, Word files, JSONL batches, unreadable inputs, exclusion, progress."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from rich.console import Console

import postcheck.cli.app
from postcheck.engine.session import Options, Session
from postcheck.inputs.reading import Failure, Item, read_items, read_jsonl, walk
from workflow_support import PROFILE_YAML, TOPICS, run

pytestmark = pytest.mark.usefixtures("workflow_data")


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> str:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(path))
    return str(path)


# ------------------------------------------------------------------------------ folders


def test_folder_is_walked_for_txt_md_and_docx(tmp_path):
    write(tmp_path / "b.txt", "Wat een prutsers.")
    write(tmp_path / "a" / "c.md", "Het jaarverslag is uit.")
    make_docx(tmp_path / "a" / "d.docx", ["De kamerbrief ligt klaar."])
    write(tmp_path / "notes.rst", "prutsers")  # not a draft type
    write(tmp_path / ".git" / "x.txt", "prutsers")  # hidden folders are skipped
    write(tmp_path / ".hidden.txt", "prutsers")
    (tmp_path / "a" / "~$d.docx").write_bytes(b"\x00lock")  # Word's lock file while open
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert found == ["a/c.md", "a/d.docx", "b.txt"]
    result = run("--format", "json", str(tmp_path))
    verdicts = {Path(r["source"]).name: r["verdict"] for r in json.loads(result.stdout)["results"]}
    assert verdicts == {"c.md": "ok", "d.docx": "stop", "b.txt": "caution"}
    assert result.exit_code == 1


def test_bad_file_in_the_middle_is_named_and_others_checked(tmp_path):
    write(tmp_path / "1.txt", "Wat een prutsers.")
    (tmp_path / "2.txt").write_bytes(b"Caf\xe9 met de minister")  # Latin-1, not UTF-8
    (tmp_path / "3.txt").write_bytes(b"\x00\x01binary")
    write(tmp_path / "4.txt", "Het jaarverslag is uit.")
    result = run("--format", "json", str(tmp_path))
    assert result.exit_code == 2
    results = json.loads(result.stdout)["results"]
    assert [Path(r["source"]).name for r in results] == ["1.txt", "2.txt", "3.txt", "4.txt"]
    assert [r["verdict"] for r in results] == ["caution", "error", "error", "ok"]
    assert "not valid UTF-8 at byte 3" in results[1]["error"]
    assert "binary" in results[2]["error"]
    assert f"{tmp_path / '2.txt'}: not valid UTF-8" in result.stderr
    # --no-exit: scripts that read the report themselves get 0 even then.
    assert run("--no-exit", "--format", "json", str(tmp_path)).exit_code == 0


def test_excluded_files_exit_0_quietly(tmp_path):
    old = write(tmp_path / "archief" / "oud.txt", "De kamerbrief ligt klaar.")
    new = write(tmp_path / "nieuw.txt", "Het jaarverslag is uit.")
    result = run("--exclude", "archief", old)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = run("--exclude", "*/archief/*", "--format", "json", str(tmp_path))
    names = [Path(r["source"]).name for r in json.loads(result.stdout)["results"]]
    assert names == ["nieuw.txt"] and result.exit_code == 0
    sarif = json.loads(run("--exclude", "*.txt", "--format", "sarif", old, new).stdout)
    assert sarif["runs"][0]["results"] == []


# --------------------------------------------------------------------------------- docx


def test_docx_text_and_positions(tmp_path):
    path = make_docx(
        tmp_path / "concept.docx",
        ["Eerste alinea.", "De kamerbrief ligt klaar."],
        table=[["Bel 0612345678", "ok"]],
    )
    (item,) = read_items([path])
    assert isinstance(item, Item)
    text = item.draft.text
    assert text == "Eerste alinea.\nDe kamerbrief ligt klaar.\nBel 0612345678\nok"
    report = json.loads(run("--format", "json", path).stdout)
    findings = {f["rule"]: f for f in report["results"][0]["findings"]}
    conf = findings["TEST-CONF-001"]
    assert (conf["line"], conf["column"]) == (2, 4)
    assert text[conf["start"] : conf["end"]] == conf["text"] == "kamerbrief"
    assert findings["TEST-PRIV-001"]["line"] == 3


def test_damaged_docx_is_an_error_result(tmp_path):
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (failure,) = read_items([str(bad)])
    assert isinstance(failure, Failure) and "not a Word document" in failure.error
    empty = make_docx(tmp_path / "leeg.docx", ["", "  "])
    (failure,) = read_items([empty])
    assert isinstance(failure, Failure) and "empty" in failure.error


# -------------------------------------------------------------------------------- JSONL


def test_jsonl_one_result_per_line_in_order(tmp_path):
    lines = [
        {"id": "p1", "text": "Wat een prutsers."},
        {"text": "Het jaarverslag is uit."},
        {"id": 3, "text": "De kamerbrief ligt klaar."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    result = run("--jsonl", path, "--format", "json")
    results = json.loads(result.stdout)["results"]
    assert [r["source"] for r in results] == ["p1", f"{path}:2", "3"]
    assert [r["verdict"] for r in results] == ["caution", "ok", "stop"]
    assert result.exit_code == 1


def test_jsonl_from_stdin_with_bad_lines(tmp_path):
    text = "\n".join(
        [
            json.dumps({"id": "a", "text": "Wat een prutsers."}),
            "{not json",
            json.dumps({"id": "c"}),
            json.dumps(["text"]),
            json.dumps({"id": "e", "text": "Het jaarverslag is uit."}),
        ]
    )
    result = run("--jsonl", "-", "--format", "json", input=text)
    results = json.loads(result.stdout)["results"]
    assert [r["source"] for r in results] == ["a", "<stdin>:2", "c", "<stdin>:4", "e"]
    assert [r["verdict"] for r in results] == ["caution", "error", "error", "error", "ok"]
    assert "not valid JSON" in results[1]["error"]
    assert "missing 'text'" in results[2]["error"]
    assert result.exit_code == 2


def test_jsonl_profiles_paths_and_inline(tmp_path):
    profile = write(tmp_path / "profiles" / "zorg.yaml", PROFILE_YAML)
    inline = {"function_title": "Woordvoerder", "organisation": "VWS", "role": "woordvoerder"}
    broken = {"function_title": "x", "organisation": "y", "role": "baas"}
    lines = [
        {"id": "path", "text": "Over euthanasie.", "profile": "profiles/zorg.yaml"},
        {"id": "inline", "text": "Over euthanasie.", "profile": inline},
        {"id": "none", "text": "Over euthanasie."},
        {"id": "broken", "text": "Over euthanasie.", "profile": broken},
        {"id": "missing", "text": "Over euthanasie.", "profile": "nope.yaml"},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines))
    report = json.loads(run("--jsonl", path, "--format", "json").stdout)
    results = {r["source"]: r for r in report["results"]}
    assert results["path"]["topic"]["level"] == "own"  # the profile's area: ethiek
    assert results["inline"]["topic"]["level"] == "unknown"  # no policy area given
    assert any("--profile" in n for n in results["none"]["notes"])  # the default profile
    assert "profile:" in results["broken"]["error"] and "baas" in results["broken"]["error"]
    assert "no such profile file" in results["missing"]["error"]
    assert str(Path(profile).name) not in json.dumps(results["path"])


def test_engines_are_cached_per_distinct_profile(tmp_path, monkeypatch):
    write(tmp_path / "zorg.yaml", PROFILE_YAML)
    texts = [{"text": f"Bericht {i} over euthanasie.", "profile": "zorg.yaml"} for i in range(6)]
    texts += [{"text": "Nog een.", "profile": {"function_title": "a", "organisation": "b"}}] * 3
    texts += [{"text": "Zonder profiel."}] * 2
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in texts))
    session = Session(Options(builtin=True, topics=TOPICS, cwd=tmp_path))
    built: list[str] = []
    original = Session.engine_for

    def counting(self, loaded):
        if loaded.key not in self._engines:
            built.append(loaded.name)
        return original(self, loaded)

    monkeypatch.setattr(Session, "engine_for", counting)
    results = session.check(read_jsonl(path))
    assert len(results) == 11 and len(built) == 3
    assert [r.source for r in results] == [f"{path}:{i}" for i in range(1, 12)]


# ------------------------------------------------------------------------------ progress


def test_progress_bar_only_for_people(tmp_path, monkeypatch):
    for i in range(postcheck.cli.app.PROGRESS_MIN):
        write(tmp_path / f"{i:02}.txt", "Het jaarverslag is uit.")
    shown: list[str] = []
    buffer = io.StringIO()

    def console(*, stderr: bool = False, **_: object) -> Console:
        if stderr:
            shown.append("progress")
            return Console(file=buffer, force_terminal=True, width=80)
        return Console(file=io.StringIO(), width=80)

    monkeypatch.setattr(postcheck.cli.app, "_console", console)
    monkeypatch.setattr(postcheck.cli.app, "_interactive", lambda: True)
    assert run(str(tmp_path)).exit_code == 0
    assert shown == ["progress"] and "Checking drafts" in buffer.getvalue()
    shown.clear()
    for args in (("--format", "json"), ("--format", "sarif"), ("--quiet",)):
        result = run(*args, str(tmp_path))
        assert result.exit_code == 0 and "Checking" not in result.output
    assert shown == [], "never in machine output"
    monkeypatch.setattr(postcheck.cli.app, "_interactive", lambda: False)
    run(str(tmp_path))
    assert shown == [], "not when the output goes to a file or a pipe"


def test_small_batches_have_no_progress_bar(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", "Het jaarverslag is uit.")
    monkeypatch.setattr(postcheck.cli.app, "_interactive", lambda: True)
    consoles: list[bool] = []

    def console(*, stderr: bool = False, **_: object) -> Console:
        consoles.append(stderr)
        return Console(file=io.StringIO())

    monkeypatch.setattr(postcheck.cli.app, "_console", console)
    run(str(tmp_path))
    assert consoles == [False], "only the report's own console, no progress console"


# ------------------------------------------------------------------------ options checks


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--jsonl", "x.jsonl", "a.txt"), "not both"),
        (("--quiet", "--format", "json", "a.txt"), "--quiet"),
        (("--format", "xml", "a.txt"), "xml"),
    ],
)
def test_usage_errors_are_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_quiet_prints_only_verdicts(tmp_path):
    a = write(tmp_path / "a.txt", "Wat een prutsers.")
    b = write(tmp_path / "b.txt", "Het jaarverslag is uit.")
    result = run("--quiet", a, b)
    assert result.stdout == f"{a}: caution\n{b}: ok\n"
    assert run("-q", "--fail-on", "warning", a).exit_code == 1
    assert run("-q", "--no-exit", "--fail-on", "warning", a).exit_code == 0
