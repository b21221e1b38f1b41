"""``make bench``: speed and memory benchmarks, printed as ratios against floors measured in the
same run on the same machine (absolute times on shared machines are noisy; ratios are not).

Every ``tests/perf/bench_*.py`` module exposes ``run(ctx: Context) -> list[Result]``. The
10,000-account book is built once per run (its generation is itself measured) in a temporary
folder, or reused from ``--book PATH``.

    python -m tests.perf.bench [--accounts N] [--book PATH] [--only NAME]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tests.perf


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

    @property
    def ratio(self) -> float | None:
        return None if not self.floor else self.value / self.floor

    def line(self) -> str:
        text = f"{self.name:<58} {self.value:>10.3f} {self.unit:<6}"
        if self.ratio is not None:
            text += f"  floor {self.floor:.3f} ({self.floor_name})  ratio {self.ratio:5.2f}x"
            if self.goal is not None:
                verdict = "meets" if self.ratio <= self.goal else "MISSES"
                text += f"  goal <= {self.goal:g}x: {verdict}"
        if self.note:
            text += f"  {self.note}"
        return text


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--book", type=Path, help="reuse this demo book instead of building one")
    parser.add_argument("--only", help="run only bench_<ONLY>.py")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        folder = Path(tmp)
        ctx = Context(args.accounts, folder, args.book or folder / "bench.aspbook")
        if args.book is None:
            from planner.services import demo

            print(f"Building a {args.accounts:,}-account demo book...", flush=True)
            result = demo.generate_demo(ctx.book, accounts=args.accounts)
            ctx.generation_seconds = result.seconds
        names = sorted(
            m.name for m in pkgutil.iter_modules(tests.perf.__path__) if m.name.startswith("bench_")
        )
        failures = 0
        for name in names:
            if args.only and name != f"bench_{args.only}":
                continue
            module = importlib.import_module(f"tests.perf.{name}")
            print(f"\n== {name.removeprefix('bench_')} ==", flush=True)
            try:
                for res in module.run(ctx):
                    print(res.line(), flush=True)
            except Exception as exc:
                failures += 1
                print(f"   failed: {type(exc).__name__}: {exc}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
