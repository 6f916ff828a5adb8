"""postcheck's benchmark: one command, plain Python, writes `bench/results.md`.

    python3 bench/run.py            # full run (about 10-15 minutes on 2 cores)
    python3 bench/run.py --quick    # fewer repeats and no 100,000-post runs

It measures, side by side in one run so that the ratios hold on a noisy machine:

1. a cold single-post check (whole process) next to `import spacy; spacy.blank('nl')`;
2. the in-process cost per post on 10,000 posts next to bare `nlp.pipe` tokenization;
3. whole-process throughput on 10,000 and 100,000 posts (JSONL), `--jobs 1` and `--jobs 2`;
4. the warm mode: a whole `postcheck --server draft.txt` process next to proselint's cold
   check of the same post, and the latency of one check over the socket (p50, p95);
5. peak memory (max RSS) of each process.

Timings are medians over repeated runs, with min and max. The corpus is made on the spot
(`bench/corpus.py`). postcheck runs from the interpreter that runs this script when it can
import postcheck, else from `bench/.venv` (created with `pip install -e .`); proselint is
installed into `bench/.venv-proselint`, never into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

DRAFT = (
    "Vandaag verscheen het jaarverslag over de spreidingswet. Ik vind het eerlijk gezegd "
    "onverstandig dat het weer wordt uitgesteld, knap hoor 🙄 https://example.org/rapport "
    "@noorbakker #asiel\n"
)


# ----------------------------------------------------------------------------- helpers


def _venv_python(folder: Path, packages: list[str]) -> Path:
    python = folder / "bin" / "python"
    if not python.exists():
        print(f"creating {folder} ...", file=sys.stderr)
        venv.create(folder, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *packages], check=True)
    return python


def postcheck_python() -> Path:
    try:
        import postcheck  # noqa: F401

        return Path(sys.executable)
    except ImportError:
        return _venv_python(HERE / ".venv", ["-e", str(REPO)])


def run_once(cmd: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed with status {status}")
    return elapsed, usage.ru_maxrss


def interleaved(
    commands: dict[str, list[str]], env: dict[str, str], repeats: int
) -> dict[str, tuple[list[float], int]]:
    """Each command `repeats` times, taking turns, so machine noise hits all alike."""
    out: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            t, rss = run_once(cmd, env)
            times, peak = out[name]
            times.append(t)
            out[name] = (times, max(peak, rss))
    return out


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt_time(values: list[float], unit: str = "s") -> str:
    med, lo, hi = stats(values)
    scale = 1000.0 if unit == "ms" else 1.0
    return f"{med * scale:.3g} {unit} ({lo * scale:.3g}–{hi * scale:.3g})"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ------------------------------------------------------------------------ measurements

IN_PROCESS = r"""
import json, sys, time
import spacy
from postcheck.inputs.reading import read_jsonl
from postcheck.language.pipeline import detect_language, get_pipeline
from postcheck.engine.session import Options, Session
items = read_jsonl(sys.argv[1], max_bytes=1_000_000)
texts = [i.draft.text for i in items]
bare_nlp = spacy.blank("nl")
session = Session(Options())
session.check(items[:500])          # warm: pipelines, matchers, caches
list(bare_nlp.pipe(texts[:500]))

def language_layer():
    # What every check does before any rule runs: detection, then postcheck's pipeline.
    langs = [detect_language(t) for t in texts]
    for lang in set(langs):
        list(get_pipeline(lang).pipe(t for t, lg in zip(texts, langs) if lg == lang))

ours, bare, layer = [], [], []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); list(bare_nlp.pipe(texts)); bare.append(time.perf_counter() - t)
    t = time.perf_counter(); session.check(items); ours.append(time.perf_counter() - t)
    t = time.perf_counter(); language_layer(); layer.append(time.perf_counter() - t)
print(json.dumps({"n": len(items), "ours": ours, "bare": bare, "layer": layer}))
"""

LATENCY = r"""
import json, sys, time
from postcheck.cli import client
argv = sys.argv[2:]
times = []
for i in range(int(sys.argv[1])):
    t = time.perf_counter()
    with client.connect(start=False) as sock:
        client.request(argv, sock)
    times.append(time.perf_counter() - t)
print(json.dumps(times), file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 100k runs")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    repeats = 3 if args.quick else 10
    py = str(postcheck_python())
    proselint = _venv_python(HERE / ".venv-proselint", ["proselint"])

    work = Path(tempfile.mkdtemp(prefix="postcheck-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "PYTHONWARNINGS": "ignore"}
    env["POSTCHECK_SOCKET"] = str(work / "run" / "server.sock")
    for var in ("POSTCHECK_SERVER", "POSTCHECK_NO_CACHE", "POSTCHECK_PROFILE"):
        env.pop(var, None)
    draft = work / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    corpus.write_files(work / "files1000", 1000)
    p10k = corpus.write_jsonl(work / "p10k.jsonl", 10_000)
    p100k = corpus.write_jsonl(work / "p100k.jsonl", 100_000)
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []

    def row(what: str, value: str, reference: str, memory: str) -> None:
        rows.append((what, value, reference, memory))
        print(f"{what}: {value} | {reference} | {memory}", file=sys.stderr)

    postcheck = [py, "-m", "postcheck"]
    run_once([*postcheck, str(draft)], env)  # fills the disk cache, as any first run does

    # 1. cold single post, without and with the semantic layer (its encoder is the cost)
    cold = interleaved(
        {
            "floor": [py, "-c", "import spacy; spacy.blank('nl')"],
            "cold": [*postcheck, "--no-semantic", "--format", "json", str(draft)],
            "cold_text": [*postcheck, "--no-semantic", str(draft)],
            "cold_semantic": [*postcheck, "--format", "json", str(draft)],
        },
        env,
        repeats,
    )
    floor_med = stats(cold["floor"][0])[0]
    for name, label, target in (
        ("cold", "--format json, --no-semantic", "1.2x"),
        ("cold_text", "text report, --no-semantic", "1.2x"),
        ("cold_semantic", "--format json, with the semantic layer", "2x"),
    ):
        ratio = stats(cold[name][0])[0] / floor_med
        row(
            f"1. cold single-post check ({label})",
            fmt_time(cold[name][0]),
            f"spaCy floor {fmt_time(cold['floor'][0])}: **{ratio:.2f}x** (target ≤ {target})",
            f"{cold[name][1] / 1024:.0f} MB (floor {cold['floor'][1] / 1024:.0f} MB)",
        )

    # 2. in-process cost per post: the rules alone (target ≤ 300 µs), then with the
    # semantic layer (a sentence encoder: milliseconds, not microseconds)
    plain = {**env, "POSTCHECK_SEMANTIC": "off"}
    out = subprocess.run(
        [py, "-c", IN_PROCESS, str(p10k), str(max(2, repeats // 3))],
        env=plain,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    n = data["n"]
    ours_us = [t / n * 1e6 for t in data["ours"]]
    bare_us = [t / n * 1e6 for t in data["bare"]]
    layer_us = [t / n * 1e6 for t in data["layer"]]
    ratio = statistics.median(ours_us) / statistics.median(bare_us)
    row(
        "2. in-process cost per post (10,000 posts)",
        f"{statistics.median(ours_us):.0f} µs ({min(ours_us):.0f}–{max(ours_us):.0f})",
        f"bare `nlp.pipe` {statistics.median(bare_us):.1f} µs: **{ratio:.1f}x** (target ≤ 3x)",
        "",
    )
    ratio = statistics.median(layer_us) / statistics.median(bare_us)
    row(
        "2. of which the language layer (detection, our pipeline)",
        f"{statistics.median(layer_us):.0f} µs ({min(layer_us):.0f}–{max(layer_us):.0f})",
        f"bare `nlp.pipe` {statistics.median(bare_us):.1f} µs: {ratio:.1f}x",
        "",
    )
    p1k = corpus.write_jsonl(work / "p1k.jsonl", 1_000)
    out = subprocess.run(
        [py, "-c", IN_PROCESS, str(p1k), "2"], env=env, capture_output=True, text=True, check=True
    )
    sem = json.loads(out.stdout)
    sem_us = [t / sem["n"] * 1e6 for t in sem["ours"]]
    row(
        "2. in-process cost per post with the semantic layer (1,000 posts)",
        f"{statistics.median(sem_us):.0f} µs ({min(sem_us):.0f}–{max(sem_us):.0f})",
        f"{statistics.median(sem_us) / statistics.median(ours_us):.1f}x the rules alone",
        "",
    )

    # 3. whole-process throughput
    sizes = [("1,000 files", ["files"]), ("10,000 posts", [p10k])]
    if not args.quick:
        sizes.append(("100,000 posts", [p100k]))
    for label, (source,) in sizes:
        inputs = [str(work / "files1000")] if source == "files" else ["--jsonl", str(source)]
        count = 1000 if source == "files" else (10_000 if source == p10k else 100_000)
        reps = max(2, repeats // (5 if count == 100_000 else 3))
        res = interleaved(
            {
                f"j{j}": [*postcheck, "--no-semantic", "--format", "json", "--jobs", str(j), *inputs]
                for j in (1, 2)
            },
            env,
            reps,
        )
        t1, t2 = stats(res["j1"][0])[0], stats(res["j2"][0])[0]
        for j in (1, 2):
            times, rss = res[f"j{j}"]
            speed = count / stats(times)[0]
            ref = f"{speed:,.0f} posts/s"
            if j == 2:
                ref += f"; **{t1 / t2:.2f}x** `--jobs 1`" + (
                    " (target ≥ 1.7x)" if count == 100_000 else ""
                )
            row(f"3. {label}, `--jobs {j}`", fmt_time(times), ref, f"{rss / 1024:.0f} MB")

    # 4. warm mode
    serve = subprocess.Popen(
        [*postcheck, "serve", "--socket", env["POSTCHECK_SOCKET"], "--idle-timeout", "600"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not Path(env["POSTCHECK_SOCKET"]).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        run_once([*postcheck, "--server", str(draft)], env)
        warm = interleaved(
            {
                "server": [*postcheck, "--server", "--format", "json", str(draft)],
                "proselint": [str(proselint), "-m", "proselint", "check", str(draft)],
            },
            env,
            repeats * 2,
        )
        ratio = stats(warm["server"][0])[0] / stats(warm["proselint"][0])[0]
        row(
            "4. `postcheck --server draft.txt`, whole process",
            fmt_time(warm["server"][0]),
            f"proselint cold {fmt_time(warm['proselint'][0])}: **{ratio:.2f}x** (target ≤ 1x)",
            f"{warm['server'][1] / 1024:.0f} MB (proselint {warm['proselint'][1] / 1024:.0f} MB)",
        )
        lat = subprocess.run(
            [py, "-c", LATENCY, "300", "--format", "json", str(draft)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        times = json.loads(lat.stderr.strip().splitlines()[-1])
        p50, p95 = percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000
        server_rss = _vmhwm(serve.pid)
        row(
            "4. warm check over the socket (300 checks)",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            "target p95 < 20 ms",
            f"server {server_rss}",
        )
    finally:
        serve.terminate()
        serve.wait(timeout=30)

    _write(args.out, rows, notes, py, repeats)
    print(f"wrote {args.out}", file=sys.stderr)


def _vmhwm(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"{int(line.split()[1]) / 1024:.0f} MB"
    except OSError:
        pass
    return "n/a"


def _machine(py: str) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [py, "-c", "import spacy, postcheck; print(spacy.__version__, postcheck.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    spacy_v, postcheck_v = [*versions, "?", "?"][:2]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, spaCy {spacy_v}, postcheck {postcheck_v}"
    )


def _write(
    path: Path, rows: list[tuple[str, str, str, str]], notes: list[str], py: str, repeats: int
) -> None:
    lines = [
        f"Measured {date.today().isoformat()} on {_machine(py)}; medians (min–max) over "
        f"{repeats} interleaved runs (`python3 bench/run.py`).",
        "",
        "| measurement | postcheck | reference / ratio | peak memory |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        *notes,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
