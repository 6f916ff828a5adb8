"""Bad drafts: each gets a correct report or one line naming it, and never stops the others.

The drafts are checked against a small pack of this file's own (a profile with `packs: []`
turns the built-in packs off), so that tuning the Rijk pack never moves a position here.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import rule_yaml
from postcheck.cli.app import app
from postcheck.engine.hidden import PLACEHOLDER, find_hidden, visible
from postcheck.inputs.reading import decode, read_items

runner = CliRunner()

PACK = (
    "rules:\n"
    + rule_yaml(
        r"""
        - id: T-PHONE-001
          type: regex
          category: privacy
          severity: error
          pattern: '06\d{8}'
        """
    )
    + rule_yaml(
        """
        - id: T-WORD-001
          type: lexicon
          category: confidentiality
          severity: warning
          match: lower
          terms: [geheim]
        """
    )
)
GOOD = "Mooie dag in het park vandaag, de eerste zonnige zaterdag van het jaar."


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "function_title: Beleidsmedewerker\norganisation: Gemeente Utrecht\npacks: []\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    return {"pack": pack, "profile": profile, "good": good, "dir": tmp_path}


def check(setup: dict[str, Path], *args: str, input: bytes | None = None) -> Any:
    return runner.invoke(
        app,
        ["--profile", str(setup["profile"]), "--rules", str(setup["pack"]), *args],
        input=input,
    )


def json_results(result: Any) -> list[dict[str, Any]]:
    return json.loads(result.stdout)["results"]  # type: ignore[no-any-return]


def assert_positions(text: str, findings: list[dict[str, Any]]) -> None:
    """start/end index the draft; line/column (1-based, code points, CRLF one break) agree."""
    for f in findings:
        if f["scope"] != "post":
            continue
        assert text[f["start"] : f["end"]] == f["text"]
        before = text[: f["start"]].replace("\r\n", "\n").replace("\r", "\n")
        assert f["line"] == before.count("\n") + 1
        assert f["column"] == len(before) - (before.rfind("\n") + 1) + 1


# ----------------------------------------------------------- unreadable: one line, exit 2


def test_every_unreadable_draft_is_one_line_and_the_good_one_is_still_checked(setup):
    d = setup["dir"]
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \r\n\t \n")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "latin1.txt").write_bytes("Café op de hoek, geheim plan.".encode("latin-1"))
    (d / "huge.txt").write_bytes(b"Dit is een lange zin. " * 500_000)  # 11 MB
    (d / "nodrafts").mkdir()
    (d / "nodrafts" / "notes.pdf").write_bytes(b"%PDF")
    names = ["empty.txt", "blank.txt", "binary.txt", "latin1.txt", "huge.txt", "nodrafts"]
    paths = [str(d / n) for n in [*names[:3], "missing.txt", *names[3:]]]
    result = check(setup, "--format", "json", *paths, str(setup["good"]))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(paths)
    expected = [
        "the draft is empty",
        "the draft is empty",
        "looks like a binary file",
        "no such file",
        "not valid UTF-8 at byte 3 (save the draft as UTF-8, or name its encoding, "
        "e.g. --encoding cp1252)",
        "more than the limit of 1,000,000 (raise it with --max-bytes)",
        "folder holds no drafts",
    ]
    for line, path, message in zip(lines, paths, expected, strict=True):
        assert line.startswith(f"postcheck: {path}: ") and message in line
    results = json_results(result)
    assert [r["verdict"] for r in results] == ["error"] * len(paths) + ["ok"]
    assert results[-1]["source"] == str(setup["good"])


def test_encoding_option_reads_other_encodings(setup):
    draft = setup["dir"] / "latin1.txt"
    draft.write_bytes("Café: het plan is geheim.".encode("cp1252"))
    result = check(setup, "--format", "json", "--encoding", "cp1252", str(draft))
    assert result.exit_code == 0, result.stderr
    (only,) = json_results(result)
    assert [f["text"] for f in only["findings"]] == ["geheim"]
    assert only["findings"][0]["start"] == len("Café: het plan is ")
    bad = check(setup, "--encoding", "klingon", str(draft))
    assert (
        bad.exit_code == 2
        and bad.stderr == "postcheck: error: --encoding: unknown encoding 'klingon'\n"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + b"geheim", "geheim"),
        ("Bel 0612345678".encode("utf-16"), "Bel 0612345678"),
        (codecs.BOM_UTF16_BE + "Zo 😀".encode("utf-16-be"), "Zo 😀"),
        (codecs.BOM_UTF32_LE + "Zo 😀".encode("utf-32-le"), "Zo 😀"),
    ],
)
def test_byte_order_marks_decide_the_encoding(data, expected):
    assert decode(data, "x") == expected
    assert decode(data, "x", "cp1252") == expected  # a mark beats --encoding


def test_invalid_utf16_names_the_byte():
    with pytest.raises(ValueError, match="not valid UTF-16 at byte 4"):
        decode(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "x")


def test_utf16_draft_positions_refer_to_the_decoded_text(setup):
    text = "Eerste regel.\r\nBel 0612345678 😀 geheim"
    draft = setup["dir"] / "utf16.txt"
    draft.write_bytes(text.encode("utf-16"))
    result = check(setup, "--format", "json", str(draft))
    (only,) = json_results(result)
    assert sorted(f["text"] for f in only["findings"]) == ["0612345678", "geheim"]
    assert_positions(text, only["findings"])


def test_windows_line_endings_keep_positions(setup):
    lf = "Eerste regel.\nTweede: 0612345678.\n\nVierde: geheim\n"
    crlf = lf.replace("\n", "\r\n")
    cr = lf.replace("\n", "\r")
    found = {}
    for name, text in {"lf": lf, "crlf": crlf, "cr": cr}.items():
        path = setup["dir"] / f"{name}.txt"
        path.write_bytes(text.encode("utf-8"))
        (only,) = json_results(check(setup, "--format", "json", str(path)))
        assert_positions(text, only["findings"])
        found[name] = [(f["line"], f["column"], f["text"]) for f in only["findings"]]
    assert found["lf"] == found["crlf"] == found["cr"] == [(2, 9, "0612345678"), (4, 9, "geheim")]


def test_windows_line_endings_in_the_text_report(setup):
    """rich drops a carriage return: the report shows it as a space, so highlights stay put."""
    assert visible("a\r\nb\rc") == "a \nb\nc"
    path = setup["dir"] / "crlf.txt"
    path.write_bytes(b"Regel een.\r\nHet is geheim.\r\n")
    result = check(setup, str(path))
    assert "Het is geheim." in result.stdout and "\r" not in result.stdout


# ------------------------------------------------------------------- size and long lines


def test_a_raised_limit_checks_a_draft_larger_than_spacy_accepts(setup):
    """spaCy refuses texts over 1,000,000 characters by default; --max-bytes is the limit."""
    text = ("Een zin over het weer. " * 60_000) + "En dit is geheim."
    path = setup["dir"] / "large.txt"
    path.write_text(text, encoding="utf-8")
    assert len(text) > 1_000_000
    result = check(setup, "--format", "json", "--max-bytes", "2000000", str(path))
    assert result.exit_code == 0, result.stderr
    (only,) = json_results(result)
    assert [f["text"] for f in only["findings"]] == ["geheim"]
    assert_positions(text, only["findings"])


def test_a_single_line_of_one_megabyte_is_checked(setup):
    """One 1 MB token once took over five minutes (quadratic lemma and language code)."""
    text = "geheim " + "a" * 999_000 + " 0612345678"
    path = setup["dir"] / "line.txt"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "postcheck",
            "--format",
            "json",
            "--profile",
            str(setup["profile"]),
            "--rules",
            str(setup["pack"]),
            str(path),
        ],
        capture_output=True,
        timeout=600,  # only a guard against a hang; this takes seconds
        env={**os.environ, "POSTCHECK_SERVER": "0"},
    )
    assert proc.returncode == 1, proc.stderr
    (only,) = json.loads(proc.stdout)["results"]
    assert [f["text"] for f in only["findings"]] == ["geheim", "0612345678"]
    assert_positions(text, only["findings"])


# ------------------------------------------------------------------ Unicode and hidden text


UNICODE_DRAFT = (
    "👋🏽 Hoi! 👨‍👩‍👧‍👦 🇳🇱 🏴󠁧󠁢󠁳󠁣󠁴󠁿 café cafe\u0301 geheim\n"
    "שלום עולם, مرحبا 0612345678 ‏(RTL)\n"
    "e\u0301\u0301n woord: geheim"
)


def test_emoji_combining_accents_and_rtl_text_keep_positions(setup):
    path = setup["dir"] / "unicode.txt"
    path.write_text(UNICODE_DRAFT, encoding="utf-8")
    result = check(setup, "--format", "json", str(path))
    (only,) = json_results(result)
    assert [f["text"] for f in only["findings"]] == ["geheim", "0612345678", "geheim"]
    assert_positions(UNICODE_DRAFT, only["findings"])
    # ZWJ emoji, a subdivision flag's tags and a direction mark in Hebrew text are legitimate.
    assert find_hidden(UNICODE_DRAFT) == []
    assert not any("Hidden" in n or "Verborgen" in n for n in only["notes"])


def test_hidden_characters_are_named_with_their_positions(setup):
    text = (
        "Het plan is ge\u200bheim.\nZie \u202eelif.fdp\u202c en \u2066x\u2069 "
        "en ver\u00adtrouwelijk"
    )
    path = setup["dir"] / "hidden.txt"
    path.write_text(text, encoding="utf-8")
    (only,) = json_results(check(setup, "--format", "json", str(path)))
    (note,) = [n for n in only["notes"] if n.startswith("Verborgen tekens")]
    assert "6 onzichtbare" in note
    assert "U+200B ZERO WIDTH SPACE op 1:15" in note
    assert "U+202E RIGHT-TO-LEFT OVERRIDE op 2:5" in note
    assert "en nog 1" in note
    # The zero-width space hides `geheim` from the rule: that is why it is reported.
    assert only["findings"] == []
    text_report = check(setup, str(path))
    assert "⚠ Verborgen tekens" in text_report.stdout
    assert "\u202e" not in text_report.stdout and PLACEHOLDER in text_report.stdout


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("a\u200db", ["\u200d"]),  # a joiner between Latin letters hides nothing useful
        ("👨\u200d👩", []),
        ("\ufeffbegin", []),  # a byte order mark at the start is harmless
        ("mid\ufeffdle", ["\ufeff"]),
        ("Tag \U000e0041\U000e0042", ["\U000e0041", "\U000e0042"]),  # tag smuggling
        ("\u200fabc", ["\u200f"]),  # a direction mark without right-to-left text
        ("abc \u05d0\u200f", []),
        ("क्\u200dष", []),  # Devanagari half form
    ],
)
def test_which_characters_count_as_hidden(text, hidden):
    assert [h.char for h in find_hidden(text)] == hidden


def test_escape_sequences_in_a_draft_do_not_reach_the_terminal(setup):
    path = setup["dir"] / "esc.txt"
    path.write_text("Het \x1b[2J\x1b]0;pwned\x07 plan is geheim.", encoding="utf-8")
    result = runner.invoke(
        app,
        ["--profile", str(setup["profile"]), "--rules", str(setup["pack"]), str(path)],
        env={"NO_COLOR": "1"},
    )
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "geheim" in result.stdout


def test_unpaired_surrogates_in_jsonl_are_one_line_each(setup):
    batch = setup["dir"] / "batch.jsonl"
    batch.write_text(
        '{"id": "a", "text": "geheim \\ud800 hier"}\n'
        '{"id": "b\\udc00", "text": "geheim"}\n'
        '{"id": "c", "text": "geheim"}\n',
        encoding="utf-8",
    )
    result = check(setup, "--format", "json", "--jsonl", str(batch))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"postcheck: a: {batch}:1: 'text' holds an unpaired surrogate U+D800 at character 7",
        f"postcheck: {batch}:2: 'id' holds an unpaired surrogate U+DC00 at character 1",
    ]
    assert [r["verdict"] for r in json_results(result)] == ["error", "error", "caution"]


def test_a_file_name_that_is_not_utf8_works_in_every_format(setup):
    name = os.fsdecode(b"concept-\xff.txt")
    (setup["dir"] / name).write_text("Het is geheim.", encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github"):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "postcheck",
                "--format",
                fmt,
                "--profile",
                str(setup["profile"]),
                "--rules",
                str(setup["pack"]),
                name,
            ],
            cwd=setup["dir"],
            capture_output=True,
            timeout=300,
            env={**os.environ, "POSTCHECK_SERVER": "0"},
        )
        assert proc.returncode == 0, (fmt, proc.stderr)
        assert b"Traceback" not in proc.stderr
        if fmt == "sarif":
            assert b'"uri": "concept-%FF.txt"' in proc.stdout


# ------------------------------------------------------------------- FIFOs and stdin


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_that_closes_early_gives_a_report_on_what_arrived(setup):
    fifo = setup["dir"] / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b"Half een concept, geheim en dan")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = check(setup, "--format", "json", str(fifo))
    thread.join(timeout=60)
    (only,) = json_results(result)
    assert [f["text"] for f in only["findings"]] == ["geheim"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_inside_a_folder_is_skipped_not_waited_for(setup, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    os.mkfifo(folder / "waiting.txt")
    (folder / "real.txt").write_text("geheim", encoding="utf-8")
    items = read_items([str(folder)])
    assert [getattr(i, "path", None) for i in items] == [folder / "real.txt"]


def test_stdin_that_closes_early_and_closed_stdin(setup):
    partial = check(setup, "--format", "json", "-", input=b"Alleen dit: geheim")
    assert [f["text"] for f in json_results(partial)[0]["findings"]] == ["geheim"]
    proc = subprocess.run(
        [sys.executable, "-m", "postcheck", "--profile", str(setup["profile"]), "-"],
        capture_output=True,
        timeout=300,
        env={**os.environ, "POSTCHECK_SERVER": "0"},
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[0] == "postcheck: <stdin>: standard input is closed"


# ------------------------------------------------------------------ JSONL and Word files


def test_a_runaway_jsonl_line_is_skipped_not_held_in_memory(setup):
    batch = setup["dir"] / "batch.jsonl"
    huge = json.dumps({"id": "big", "text": "x" * 200_000})
    batch.write_text(huge + "\n" + json.dumps({"id": "ok", "text": "geheim"}) + "\n")
    result = check(setup, "--format", "json", "--max-bytes", "10", "--jsonl", str(batch))
    assert result.exit_code == 2
    assert result.stderr == f"postcheck: {batch}:1: line is longer than 100,060 bytes\n"
    assert [r["verdict"] for r in json_results(result)] == ["error", "caution"]


def test_a_word_file_that_unpacks_too_far_is_refused(setup, monkeypatch):
    import docx

    import postcheck.inputs.reading

    path = setup["dir"] / "bomb.docx"
    document = docx.Document()
    document.add_paragraph("geheim")
    document.save(str(path))
    monkeypatch.setattr(postcheck.inputs.reading, "MAX_DOCX_UNPACKED", 1000)
    (failure,) = read_items([str(path)])
    assert failure.error == "Word file unpacks to more than 1,000 bytes"


# ------------------------------------------------------------- file names are escaped


def test_control_characters_in_file_names_are_escaped_in_quiet_and_stderr(setup):
    """A name with a newline printed `x` and a forged `good.txt: ok` line; ESC sequences
    could hide the verdict. Both are written as escapes now, one line per draft."""
    folder = setup["dir"]
    forged = folder / "x\ngood.txt: ok\x1b[8m.txt"
    forged.write_text("Het is geheim.", encoding="utf-8")
    empty = folder / "leeg\nfake.txt: ok\u202e.txt"
    empty.write_bytes(b"")
    result = check(setup, "--quiet", str(forged), str(empty))
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert lines[0] == f"{folder}/x\\ngood.txt: ok\\x1b[8m.txt: caution"
    assert lines[1].startswith(f"{folder}/leeg\\nfake.txt: ok\\u202e.txt: ")
    err = result.stderr.splitlines()
    assert len(err) == 1 and err[0].startswith(f"postcheck: {folder}/leeg\\nfake.txt"), err
    assert "\u202e" not in result.stderr
