"""Put the benchmark table of a ``make bench`` run (``bench.json``) in the README, between the
``<!-- bench-table -->`` and ``<!-- /bench-table -->`` lines.

    python -m tests.perf.readme_table [--json bench.json] [--readme README.md] [--check]

A run of some sections only (``--only``), or one where a section failed, leaves the README as
it is unless ``--partial`` is given.

``--check`` changes nothing and exits 1 when the README's table is not the one ``bench.json``
makes (for a review: was the table regenerated after the last run?).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from tests.perf.bench import run_time

ROOT = Path(__file__).resolve().parents[2]
START = "<!-- bench-table -->"
END = "<!-- /bench-table -->"


def number(value: float, unit: str) -> str:
    if unit == "s" and value < 1:
        return f"{value * 1000:,.0f} ms"
    if unit in ("s", "ms"):
        return f"{value:,.2f} {unit}" if value < 10 else f"{value:,.1f} {unit}"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.3g} {unit}"


SECOND_GOAL = re.compile(r"goal < ([0-9.,]+ \w+): (meets|MISSES)")
"""A row's goal on its absolute value, said in its note (a search: "goal < 50 ms: MISSES")."""


def second_goal(data: dict[str, Any]) -> tuple[str, bool] | None:
    """The goal a row's note states besides its ratio, and whether it was met."""
    found = SECOND_GOAL.search(str(data.get("note") or ""))
    return None if found is None else (f"under {found.group(1)}", found.group(2) == "meets")


def row(data: dict[str, Any]) -> str:
    unit = str(data["unit"])
    result = number(float(data["value"]), unit)
    floor = ""
    if data.get("floor") is not None:
        floor = f"{data['floor_name']}, {number(float(data['floor']), unit)}"
    ratio = "" if data.get("ratio") is None else f"{float(data['ratio']):.2f}x"
    goal = ""
    if data.get("goal") is not None:
        goal = f"<= {float(data['goal']):g}x: " + ("met" if data.get("met") else "**missed**")
    also = second_goal(data)
    if also is not None:
        goal += f"{'; ' if goal else ''}{also[0]}: " + ("met" if also[1] else "**missed**")
    cells = [str(data["name"]), result, floor, ratio, goal]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def table(run: dict[str, Any]) -> str:
    rows = run["rows"]
    verdicts = [bool(r["met"]) for r in rows if r.get("met") is not None]
    verdicts += [also[1] for r in rows if (also := second_goal(r)) is not None]
    met = sum(verdicts)
    machine = run.get("machine", {})
    lines = [
        START,
        f"Last run: {run['when']}, {machine.get('cpus', '?')} cores, Python "
        f"{machine.get('python', '?')}, {run['accounts']:,}-account book; {met} of "
        f"{len(verdicts)} goals met. Ratios are medians of paired app/floor runs.",
        "",
        "| measurement | result | floor | ratio | goal |",
        "| --- | --- | --- | --- | --- |",
        *(row(r) for r in rows),
    ]
    if run.get("seconds"):
        spent = run_time(run["seconds"])
        lines += ["", f"{spent[0].upper()}{spent[1:]}."]
    if run.get("failed_sections"):
        lines += ["", f"Sections that failed in this run: {', '.join(run['failed_sections'])}."]
    if not run.get("complete", True):
        held = ", ".join(run["sections"])
        lines += ["", f"A partial run: only these sections are in this table: {held}."]
    lines.append(END)
    return "\n".join(lines)


def replace_table(readme: str, new: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"the README has no {START} ... {END} lines to replace")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + new + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench.json")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--partial", action="store_true", help="use a run of some sections")
    args = parser.parse_args(argv)
    run = json.loads(args.json.read_text(encoding="utf-8"))
    if not run.get("complete") and not args.partial:
        print(
            f"{args.json} is not a full run (sections: {', '.join(run.get('sections', []))}; "
            f"failed: {', '.join(run.get('failed_sections', [])) or 'none'}): the README's "
            "table was left as it is (--partial to use it anyway)."
        )
        return 0
    readme = args.readme.read_text(encoding="utf-8")
    updated = replace_table(readme, table(run))
    if args.check:
        if updated != readme:
            print(f"{args.readme} does not show the table of {args.json}", file=sys.stderr)
            return 1
        return 0
    args.readme.write_text(updated, encoding="utf-8")
    print(f"{args.readme}: benchmark table from {args.json} ({len(run['rows'])} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
