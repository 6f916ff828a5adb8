"""Tracebacks, silent skips and odd environments (issue 13, items 4, 8, 13, 14).

Each case is one the adversarial run found: it ended in a traceback, lost the rest of a
batch, skipped a draft without a word, or printed nothing. Now each is an answer: a
report, or one line naming the input, and the other drafts are still checked.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import REPO, rule_yaml
from postcheck import store
from postcheck.cli.app import app
from postcheck.inputs import reading
from postcheck.inputs.reading import read_items

runner = CliRunner()

PACK = "rules:\n" + rule_yaml(
    """
    - id: T-WORD-001
      type: lexicon
      category: confidentiality
      severity: warning
      match: lower
      terms: [geheim]
    """
)


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "function_title: Beleidsmedewerker\norganisation: Gemeente Utrecht\npacks: []\n",
        encoding="utf-8",
    )
    return {"pack": pack, "profile": profile, "dir": tmp_path}


def check(setup: dict[str, Path], *args: str, **kwargs: Any) -> Any:
    return runner.invoke(
        app, ["--profile", str(setup["profile"]), "--rules", str(setup["pack"]), *args], **kwargs
    )


def cli(setup: dict[str, Path], *args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "POSTCHECK_SERVER": "0", **kwargs.pop("env", {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "postcheck",
            "--profile",
            str(setup["profile"]),
            "--rules",
            str(setup["pack"]),
            *args,
        ],
        capture_output=True,
        timeout=300,
        env=env,
        **kwargs,
    )


# ------------------------------------------------------------------- item 4: no tracebacks


def test_a_jsonl_line_nested_too_deep_is_one_error(setup: dict[str, Path]) -> None:
    batch = setup["dir"] / "batch.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    lines = [json.dumps({"id": "a", "text": "geheim"}), deep, json.dumps({"text": "mooi"})]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(setup, "--quiet", "--jsonl", str(batch))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == ["a: caution", f"{batch}:2: error", f"{batch}:3: ok"]
    assert result.stderr == f"postcheck: {batch}:2: not valid JSON: nested too deeply\n"


def test_regexes_beyond_one_re2_set_still_check(tmp_path: Path) -> None:
    """Too many large regexes for one RE2 set: each is searched alone instead of failing."""
    from postcheck.matching.saferegex import RegexSet

    regexes = RegexSet()
    for i in range(300):
        regexes.add(rf"(?:[a-z]{{1,40}}{i}){{1,20}}[0-9]{{5,60}}.{{1,50}}x")
    phone = regexes.add(r"06\d{8}")
    assert regexes.matching("bel 0612345678") == [phone]
    assert regexes.matching("niets") == []


def test_an_unreadable_folder_on_the_way_is_an_error_not_a_traceback(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (root reads everything): `is_dir`/`is_file` raise PermissionError."""
    locked = setup["dir"] / "locked"
    locked.mkdir()
    (setup["dir"] / "ok.txt").write_text("geheim", encoding="utf-8")
    real_is_dir, real_is_file = Path.is_dir, Path.is_file

    def is_dir(self: Path) -> bool:
        if locked in (self, *self.parents):
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    def is_file(self: Path) -> bool:
        if locked in (self, *self.parents):
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    monkeypatch.setattr(Path, "is_file", is_file)
    items = read_items([str(locked / "draft.txt"), str(setup["dir"] / "ok.txt")])
    assert isinstance(items[0], reading.Failure)  # root's open() finds no file there
    assert items[1].draft.text == "geheim"  # type: ignore[union-attr]


def test_a_profile_search_through_an_unreadable_folder_is_one_line(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from postcheck.profile.discovery import ProfileResolver

    locked = setup["dir"] / "locked"
    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        if locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    resolver = ProfileResolver(None, env={}, cwd=setup["dir"])
    from postcheck.errors import PostcheckError

    with pytest.raises(PostcheckError, match="Permission denied"):
        resolver.for_path(locked / "sub" / "draft.txt")


def test_stdout_that_is_not_utf8_gets_escapes_not_a_traceback(setup: dict[str, Path]) -> None:
    draft = setup["dir"] / "emoji.txt"
    draft.write_text("Geheim plan 🤫 voor café", encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github"):
        proc = cli(setup, "--format", fmt, str(draft), env={"PYTHONIOENCODING": "ascii"})
        assert b"Traceback" not in proc.stderr, (fmt, proc.stderr)
        assert proc.returncode == 0, (fmt, proc.stderr)
        proc.stdout.decode("ascii")
    quiet = cli(setup, "--quiet", str(draft), env={"PYTHONIOENCODING": "ascii"})
    assert quiet.stdout.decode("ascii").endswith(": caution\n")


def test_an_undecodable_file_name_under_strict_utf8(setup: dict[str, Path]) -> None:
    folder = os.fsencode(setup["dir"])
    name = folder + b"/caf\xe9.txt"
    with open(name, "wb") as fh:
        fh.write(b"geheim")
    proc = cli(setup, "--quiet", setup["dir"].as_posix(), env={"PYTHONIOENCODING": "utf-8:strict"})
    assert b"Traceback" not in proc.stderr
    assert proc.stdout.endswith(b"caf\\xe9.txt: caution\n")


def test_a_cache_entry_of_the_wrong_type_is_rebuilt(
    setup: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    draft = setup["dir"] / "d.txt"
    draft.write_text("geheim", encoding="utf-8")
    first = check(setup, "--quiet", str(draft))
    assert first.stdout.endswith(": caution\n")
    cache = tmp_path / "cache" / "postcheck"
    for entry in [*cache.glob("rules-*.pickle"), *cache.glob("topics-*.pickle")]:
        with entry.open("wb") as fh:
            fh.write(b"postcheck-cache\n")
            pickle.dump(["not", "a", "rule set"], fh)
    again = check(setup, "--quiet", str(draft))
    assert again.exception is None or isinstance(again.exception, SystemExit)
    assert again.stdout == first.stdout


def test_store_read_checks_the_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store.write("x.pickle", {"a": 1})
    assert store.read("x.pickle", dict) == {"a": 1}
    assert store.read("x.pickle", list) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_with_jobs_is_one_line(setup: dict[str, Path]) -> None:
    batch = setup["dir"] / "batch.jsonl"
    line = json.dumps({"text": "Een geheim plan voor de gemeente, " * 20}) + "\n"
    batch.write_text(line * 40_000, encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "postcheck",
            "--profile",
            str(setup["profile"]),
            "--rules",
            str(setup["pack"]),
            "--jobs",
            "2",
            "--quiet",
            "--jsonl",
            str(batch),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "POSTCHECK_SERVER": "0"},
        start_new_session=True,
    )
    for _ in range(2400):  # until both workers run (counted, the machine may be slow)
        found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
        if len(found.stdout.split()) >= 2:
            break
        time.sleep(0.05)
    time.sleep(1)  # and have started on their chunks
    # A batch that ended before the Ctrl-C tests nothing: say so rather than fail obscurely.
    assert proc.poll() is None, f"the batch ended before Ctrl-C (exit {proc.returncode})"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=120)
    assert err.decode() == "postcheck: interrupted\n", f"exit {proc.returncode}: {err!r}"
    assert proc.returncode == 130


# --------------------------------------------------------- item 8: Word files, memory


def _docx_with(tmp_path: Path, document_xml: bytes) -> Path:
    import docx

    path = tmp_path / "big.docx"
    docx.Document().save(str(path))
    rebuilt = tmp_path / "rebuilt.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return rebuilt


def test_word_xml_beyond_what_a_draft_can_be_is_refused_before_parsing(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1 MB file whose XML unpacks to far more than any draft's markup never reaches lxml."""
    padding = b"<!--" + b" " * (reading.MAX_DOCX_XML + 10) + b"-->"
    body = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + padding
        + b"<w:body><w:p><w:r><w:t>geheim</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _docx_with(setup["dir"], body)
    assert path.stat().st_size < 1_000_000

    import docx

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx was asked to parse it")

    monkeypatch.setattr(docx, "Document", never)
    (failure,) = read_items([str(path)])
    assert failure.error == (  # type: ignore[union-attr]
        f"Word file's text parts unpack to more than {reading.MAX_DOCX_XML:,} bytes"
    )


def test_an_ordinary_word_file_is_still_read(setup: dict[str, Path]) -> None:
    (item,) = read_items([str(REPO / "examples" / "concept.docx")])
    assert item.draft.text  # type: ignore[union-attr]


# ---------------------------------------------------- item 13: nothing skipped silently


def test_a_dangling_and_a_looping_symlink_are_reported(setup: dict[str, Path]) -> None:
    folder = setup["dir"] / "drafts"
    folder.mkdir()
    (folder / "real.txt").write_text("geheim", encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    items = read_items([str(folder)])
    got = {Path(getattr(i, "source", "") or i.draft.source).name: i for i in items}  # type: ignore[union-attr]
    assert set(got) == {"gone.txt", "loop.txt", "real.txt"}
    assert got["gone.txt"].error == "a symbolic link to nothing"  # type: ignore[union-attr]
    assert got["loop.txt"].error == "a symbolic link that loops"  # type: ignore[union-attr]


def test_an_unreadable_subfolder_is_reported(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (root reads everything): os.walk reports the folder it cannot list."""
    folder = setup["dir"] / "drafts"
    (folder / "secret").mkdir(parents=True)
    (folder / "real.txt").write_text("geheim", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder / "secret":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = read_items([str(folder)])
    errors = [(i.source, i.error) for i in items if isinstance(i, reading.Failure)]
    assert errors == [(str(folder / "secret"), "cannot read the folder: Permission denied")]
    assert len(items) == 2


# ------------------------------------------------------------- item 14: odd environments


def test_columns_zero_still_prints_the_report(setup: dict[str, Path]) -> None:
    draft = setup["dir"] / "d.txt"
    draft.write_text("Een geheim plan.", encoding="utf-8")
    proc = cli(setup, str(draft), env={"COLUMNS": "0"})
    assert proc.returncode == 0, proc.stderr
    assert b"geheim" in proc.stdout and b"Oordeel" in proc.stdout


def test_jsonl_error_says_at_column_once(setup: dict[str, Path]) -> None:
    batch = setup["dir"] / "b.jsonl"
    batch.write_text('{"text": "open', encoding="utf-8")
    result = check(setup, "--quiet", "--jsonl", str(batch))
    assert "at at" not in result.stderr
    assert result.stderr == (
        f"postcheck: {batch}:1: not valid JSON: Unterminated string starting at column 10\n"
    )


def test_validate_a_built_in_pack_by_its_path_reports_no_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed copy's built-in packs live in site-packages; the checkout's
    `rules/rijk` is the same pack by another path, so its rules are not duplicates."""
    import shutil

    from postcheck.cli import validation

    installed = tmp_path / "site-packages" / "postcheck" / "rules"
    shutil.copytree(REPO / "rules", installed)
    monkeypatch.setattr(validation, "data_dir", lambda: installed)
    monkeypatch.setattr(validation, "builtin_pack_dirs", lambda: [installed / "rijk"])
    (checked,) = validation.validate_paths([REPO / "rules" / "rijk"])
    assert checked.error is None, checked.error
    assert not any("duplicate" in p for p in checked.problems), checked.problems[:3]


# ------------------------------------------------------ the line limit (issue 13, Done when)


def test_a_draft_over_the_line_limit_is_refused_in_one_line(setup: dict[str, Path]) -> None:
    """40,000 short lines cost the analysis a minute; the limit goes with --max-bytes."""
    draft = setup["dir"] / "lines.txt"
    draft.write_text("geheim\n" * 10_001, encoding="utf-8")  # 70 KB, under the byte limit
    result = check(setup, "--quiet", str(draft))
    assert result.exit_code == 2
    assert result.stderr == (
        f"postcheck: {draft}: draft has 10,001 lines, more than the limit of 10,000 "
        "(raise it with --max-bytes: 1 line per 100 bytes)\n"
    )
    raised = check(setup, "--quiet", "--max-bytes", "2000000", str(draft))
    assert raised.exit_code == 0 and raised.stdout.endswith(": caution\n")
    batch = setup["dir"] / "b.jsonl"
    batch.write_text(json.dumps({"id": "x", "text": "a\n" * 10_001}) + "\n", encoding="utf-8")
    jsonl = check(setup, "--quiet", "--jsonl", str(batch))
    assert jsonl.stdout == "x: error\n"


def test_a_profile_over_the_keyword_limit_is_refused_in_one_line(setup: dict[str, Path]) -> None:
    """60,000 keywords cost every check half a minute (each is analysed like a rule term);
    a real profile names a few dozen."""
    from postcheck.models import MAX_KEYWORDS

    profile = setup["dir"] / "many.yaml"
    words = ", ".join(f"woord{i}" for i in range(MAX_KEYWORDS + 1))
    profile.write_text(
        f"function_title: Beleidsmedewerker\norganisation: Gemeente Utrecht\n"
        f"packs: []\nkeywords: [{words}]\n",
        encoding="utf-8",
    )
    draft = setup["dir"] / "d.txt"
    draft.write_text("geheim", encoding="utf-8")
    result = runner.invoke(
        app, ["--profile", str(profile), "--rules", str(setup["pack"]), "--quiet", str(draft)]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"postcheck: error: {profile}:4: keywords")
    assert f"at most {MAX_KEYWORDS:,}" in line or f"at most {MAX_KEYWORDS}" in line
