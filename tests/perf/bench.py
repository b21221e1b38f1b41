"""``make bench``: speed and memory benchmarks, printed as ratios against floors measured in the
same run on the same machine (absolute times on shared machines are noisy; ratios are not).

Every ``tests/perf/bench_*.py`` module exposes ``run(ctx: Context) -> list[Result]``. Each
section runs in its own Python process (a section's Qt application, imports or memory never
leak into the next one), every section runs in a full run, and a failed section is reported
as a failure. Where a row has a floor, app and floor runs alternate (``paired``) and the
ratio is the median of the paired ratios, so a slow minute on a shared machine hits both.

The run ends with a summary table and the time the run took (the whole run, then the book's
building and each section, in seconds), and writes ``bench.json`` (one object a row: name,
value, unit, floor, ratio, goal, met, note; ``seconds``: the time per part);
``python -m tests.perf.readme_table`` puts its table in the README. The 10,000-account book
is built once per run (its generation is itself measured) in a temporary folder, or reused
from ``--book PATH``.

    python -m tests.perf.bench [--accounts N] [--book PATH] [--only NAME[,NAME]] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import tests.perf

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    goal: float | None = None
    """Goal for the ratio value/floor (lower is better), when there is one."""
    note: str = ""
    paired_ratio: float | None = None
    """The median of paired app/floor ratios (see ``paired``); when set it is the ratio."""
    section: str = ""

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return None if not self.floor else self.value / self.floor

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if self.goal is None or ratio is None:
            return None
        return ratio <= self.goal

    def line(self) -> str:
        text = f"{self.name:<58} {self.value:>10.3f} {self.unit:<6}"
        ratio = self.ratio
        if ratio is not None and self.floor is not None:
            text += f"  floor {self.floor:.3f} ({self.floor_name})  ratio {ratio:5.2f}x"
            if self.goal is not None:
                text += f"  goal <= {self.goal:g}x: {'meets' if self.met else 'MISSES'}"
        if self.note:
            text += f"  {self.note}"
        return text

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Result:
        known = {k: v for k, v in data.items() if k not in ("ratio", "met")}
        return cls(**known)  # type: ignore[arg-type]


@dataclass
class Context:
    accounts: int
    folder: Path
    book: Path
    generation_seconds: float | None = None
    extras: dict[str, object] = field(default_factory=dict)


def median_time(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


MIN_PAIRS = 5
"""The fewest app/floor pairs a row's ratio may come from."""


@dataclass(frozen=True)
class Paired:
    """App and floor measured alternately: ``ratio`` is the median of the paired ratios."""

    app: float
    """Median of the app's measurements."""
    floor: float
    """Median of the floor's measurements."""
    ratio: float
    """Median of app_i / floor_i over the pairs."""
    apps: tuple[float, ...]
    floors: tuple[float, ...]

    @property
    def ratios(self) -> tuple[float, ...]:
        return tuple(a / f for a, f in zip(self.apps, self.floors, strict=True))

    def result(
        self,
        name: str,
        floor_name: str,
        *,
        unit: str = "s",
        goal: float | None = None,
        note: str = "",
    ) -> Result:
        if len(self.apps) < MIN_PAIRS:
            raise ValueError(
                f"{name!r}: {len(self.apps)} pairs measured; a row needs at least {MIN_PAIRS}"
            )
        spread = (
            f"ratios {min(self.ratios):.2f}-{max(self.ratios):.2f}x over {len(self.apps)} pairs"
        )
        return Result(
            name,
            self.app,
            unit,
            self.floor,
            floor_name,
            goal,
            f"{note}; {spread}" if note else spread,
            paired_ratio=self.ratio,
        )


def paired_values(
    app_fn: Callable[[], float], floor_fn: Callable[[], float], pairs: int = 5
) -> Paired:
    """Run ``app_fn`` and ``floor_fn`` alternately ``pairs`` times, each returning its own
    measurement (seconds, megabytes...), the order flipped every pair so neither always runs
    first on a warm or a cold machine. No warm-up: call each once before if it needs one."""
    if pairs < 1:
        raise ValueError("pairs must be at least 1")
    apps: list[float] = []
    floors: list[float] = []
    for i in range(pairs):
        if i % 2 == 0:
            apps.append(app_fn())
            floors.append(floor_fn())
        else:
            floors.append(floor_fn())
            apps.append(app_fn())
    ratios = [a / f for a, f in zip(apps, floors, strict=True)]
    return Paired(
        statistics.median(apps),
        statistics.median(floors),
        statistics.median(ratios),
        tuple(apps),
        tuple(floors),
    )


def paired(
    app_fn: Callable[[], object],
    floor_fn: Callable[[], object],
    pairs: int = 5,
    *,
    warmup: int = 1,
) -> Paired:
    """Time ``app_fn`` and ``floor_fn`` alternately (after ``warmup`` untimed calls of each);
    ``.ratio`` is the median of the paired time ratios, ``.app``/``.floor`` the median times.
    ``paired(...).result(name, floor_name, goal=1.5)`` makes the row."""
    for _ in range(warmup):
        app_fn()
        floor_fn()
    return paired_values(lambda: _timed(app_fn), lambda: _timed(floor_fn), pairs)


def _timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``python -c code args`` from the repository's root; return its stdout."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"child failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    return out.stdout


def peak_rss_mb() -> float:
    """This process's own peak resident size (VmHWM), not a parent's inherited high-water mark
    (``ru_maxrss`` of a forked child starts at its parent's)."""
    return _status_mb("VmHWM:")


def rss_mb() -> float:
    return _status_mb("VmRSS:")


def _status_mb(key: str) -> float:
    with Path("/proc/self/status").open(encoding="ascii") as handle:
        for line in handle:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


def section_names() -> list[str]:
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(tests.perf.__path__)
        if m.name.startswith("bench_")
    )


def _run_section(name: str, ctx: Context, out: Path) -> int:
    """In the section's own process: run it, write its rows to ``out`` as JSON."""
    import importlib
    import traceback

    module = importlib.import_module(f"tests.perf.bench_{name}")
    try:
        results = [replace_section(res, name) for res in module.run(ctx)]
    except Exception as exc:
        traceback.print_exc()
        print(f"   failed: {type(exc).__name__}: {exc}", flush=True)
        return 1
    out.write_text(json.dumps([res.to_json() for res in results]), encoding="utf-8")
    for res in results:
        print(res.line(), flush=True)
    return 0


def replace_section(res: Result, name: str) -> Result:
    from dataclasses import replace

    return replace(res, section=name)


def run_time(seconds: Mapping[str, float]) -> str:
    """The run's cost: the whole run's wall time, then each part's (the book's building, each
    section's process), in the order they ran."""
    total = sum(seconds.values())
    parts = ", ".join(f"{name} {value:,.0f} s" for name, value in seconds.items())
    return f"run time {total:,.0f} s ({total / 60:.1f} min): {parts}"


def summary(
    results: list[Result], failed: list[str], seconds: Mapping[str, float] | None = None
) -> str:
    """The run's table: every row with a floor or a goal, the sections that failed, and the
    time the run took (``seconds``: wall time per part, see :func:`run_time`)."""
    header = f"{'measurement':<58} {'value':>12} {'floor':>10} {'ratio':>7} {'goal':>7}  met"
    lines = ["", "== summary ==", header, "-" * len(header)]
    for res in results:
        floor = "" if res.floor is None else f"{res.floor:.3g}"
        ratio = "" if res.ratio is None else f"{res.ratio:.2f}x"
        goal = "" if res.goal is None else f"{res.goal:g}x"
        met = {True: "yes", False: "NO", None: ""}[res.met]
        value = f"{res.value:.3g} {res.unit}"
        lines.append(f"{res.name[:58]:<58} {value:>12} {floor:>10} {ratio:>7} {goal:>7}  {met}")
    goals = [res for res in results if res.met is not None]
    missed = [res for res in goals if not res.met]
    lines.append(
        f"{len(goals) - len(missed)} of {len(goals)} goals met"
        + (f"; missed: {', '.join(res.name for res in missed)}" if missed else "")
    )
    if failed:
        lines.append(f"FAILED sections (no rows): {', '.join(failed)}")
    if seconds:
        lines.append(run_time(seconds))
    return "\n".join(lines)


def write_json(
    path: Path,
    results: list[Result],
    failed: list[str],
    ctx: Context,
    sections: list[str],
    *,
    complete: bool,
    seconds: Mapping[str, float] | None = None,
) -> None:
    data = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "accounts": ctx.accounts,
        "sections": sections,
        "failed_sections": failed,
        "complete": complete,
        "rows": [res.to_json() for res in results],
        "seconds": dict(seconds or {}),
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--book", type=Path, help="reuse this demo book instead of building one")
    parser.add_argument("--only", help="run only these sections (comma-separated, e.g. ui,core)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench.json", help="results file")
    parser.add_argument("--section", help=argparse.SUPPRESS)  # a child: run this section
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generation-seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.section:
        ctx = Context(args.accounts, args.folder, args.book, args.generation_seconds)
        code = _run_section(args.section, ctx, args.out)
        # The rows are written: leave without the interpreter's teardown, where a section's Qt
        # objects being collected after its application can crash the process.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    names = section_names()
    if args.only:
        wanted = args.only.split(",")
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"no section {', '.join(unknown)}; there are {', '.join(names)}")
        names = [n for n in names if n in wanted]
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        folder = Path(tmp)
        ctx = Context(args.accounts, folder, (args.book or folder / "bench.aspbook").resolve())
        seconds: dict[str, float] = {}
        if args.book is None:
            from planner.services import demo

            print(f"Building a {args.accounts:,}-account demo book...", flush=True)
            began = time.perf_counter()
            result = demo.generate_demo(ctx.book, accounts=args.accounts)
            seconds["book"] = time.perf_counter() - began
            ctx.generation_seconds = result.seconds
        results: list[Result] = []
        failed: list[str] = []
        for name in names:
            print(f"\n== {name} ==", flush=True)
            out = folder / f"{name}.json"
            section_folder = folder / name
            section_folder.mkdir()
            command = [
                sys.executable,
                "-m",
                "tests.perf.bench",
                "--section",
                name,
                "--out",
                str(out),
                "--folder",
                str(section_folder),
                "--book",
                str(ctx.book),
                "--accounts",
                str(ctx.accounts),
            ]
            if ctx.generation_seconds:
                command += ["--generation-seconds", str(ctx.generation_seconds)]
            began = time.perf_counter()
            code = subprocess.run(command, cwd=ROOT, check=False).returncode
            seconds[name] = time.perf_counter() - began
            print(f"   ({name}: {seconds[name]:,.0f} s)", flush=True)
            if code != 0 or not out.exists():
                failed.append(name)
                continue
            results += [Result.from_json(row) for row in json.loads(out.read_text("utf-8"))]
        print(summary(results, failed, seconds), flush=True)
        complete = not args.only and not failed
        write_json(args.json, results, failed, ctx, names, complete=complete, seconds=seconds)
        print(f"wrote {args.json}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
