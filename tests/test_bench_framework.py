"""The benchmark framework is honest: app and floor alternate, the ratio is the median of the
paired ratios, every row says whether it met its goal, and the README's table is made from the
run's ``bench.json`` (a partial run leaves the README alone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.perf import readme_table
from tests.perf.bench import Result, paired, paired_values, summary


def test_app_and_floor_alternate_and_the_ratio_is_the_median_of_pairs() -> None:
    order: list[str] = []
    apps = iter([10.0, 30.0, 20.0, 1000.0, 40.0])
    floors = iter([5.0, 10.0, 10.0, 10.0, 20.0])

    def app() -> float:
        order.append("app")
        return next(apps)

    def floor() -> float:
        order.append("floor")
        return next(floors)

    measured = paired_values(app, floor, pairs=5)
    assert order == ["app", "floor", "floor", "app", "app", "floor", "floor", "app", "app", "floor"]
    assert measured.ratios == (2.0, 3.0, 2.0, 100.0, 2.0)
    assert measured.ratio == 2.0  # one slow app run does not move it
    assert (measured.app, measured.floor) == (30.0, 10.0)


def test_paired_times_each_call_after_a_warm_up() -> None:
    calls = {"app": 0, "floor": 0}

    def run(name: str) -> None:
        calls[name] += 1

    measured = paired(lambda: run("app"), lambda: run("floor"), pairs=5)
    assert calls == {"app": 6, "floor": 6}
    assert len(measured.apps) == len(measured.floors) == 5
    row = measured.result("x", "the floor", goal=1e9)
    assert row.ratio == measured.ratio
    assert row.met is True


def test_rows_say_whether_they_met_their_goal() -> None:
    met = Result("fast", 1.0, "s", 1.0, "floor", goal=1.5)
    missed = Result("slow", 2.0, "s", 1.0, "floor", goal=1.5)
    plain = Result("count", 5.0, "acc/s")
    assert (met.met, missed.met, plain.met) == (True, False, None)
    text = summary([met, missed, plain], ["qbr"])
    assert "1 of 2 goals met; missed: slow" in text
    assert "FAILED sections (no rows): qbr" in text
    assert Result.from_json(json.loads(json.dumps(missed.to_json()))) == missed


def _run(tmp_path: Path, *, complete: bool) -> Path:
    rows = [Result("open", 3.0, "s", 1.5, "bare view", goal=1.5, paired_ratio=2.0).to_json()]
    path = tmp_path / "bench.json"
    path.write_text(
        json.dumps(
            {
                "when": "2026-12-01 10:00 UTC",
                "machine": {"cpus": 2, "python": "3.11.7"},
                "accounts": 10000,
                "sections": ["ui"],
                "failed_sections": [],
                "complete": complete,
                "rows": rows,
            }
        ),
        encoding="utf-8",
    )
    return path


def test_the_readme_table_comes_from_a_full_run(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- bench-table -->\nold\n<!-- /bench-table -->\nafter\n")
    partial = _run(tmp_path, complete=False)
    assert readme_table.main(["--json", str(partial), "--readme", str(readme)]) == 0
    assert "old" in readme.read_text()
    full = _run(tmp_path, complete=True)
    assert readme_table.main(["--json", str(full), "--readme", str(readme), "--check"]) == 1
    assert readme_table.main(["--json", str(full), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert "old" not in text
    assert text.startswith("intro\n")
    assert text.endswith("after\n")
    assert "| open | 3.00 s | bare view, 1.50 s | 2.00x | <= 1.5x: **missed** |" in text
    assert "0 of 1 goals met" in text
    assert readme_table.main(["--json", str(full), "--readme", str(readme), "--check"]) == 0


def test_a_partial_table_says_which_sections_ran(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- bench-table -->\nold\n<!-- /bench-table -->\n")
    partial = _run(tmp_path, complete=False)
    assert readme_table.main(["--json", str(partial), "--readme", str(readme), "--partial"]) == 0
    assert "A partial run: only these sections are in this table: ui." in readme.read_text()
    full = _run(tmp_path, complete=True)
    assert readme_table.main(["--json", str(full), "--readme", str(readme)]) == 0
    assert "partial" not in readme.read_text()


def test_the_summary_ends_with_the_run_time_of_each_part() -> None:
    seconds = {"book": 270.4, "core": 61.0, "qbr": 128.6}
    text = summary([Result("fast", 1.0, "s", 1.0, "floor", goal=1.5)], [], seconds)
    assert text.splitlines()[-1] == "run time 460 s (7.7 min): book 270 s, core 61 s, qbr 129 s"
    assert "run time" not in summary([], [])


def test_the_readme_table_says_what_the_run_cost(tmp_path: Path) -> None:
    path = _run(tmp_path, complete=True)
    run = json.loads(path.read_text())
    run["seconds"] = {"book": 270.0, "ui": 90.0}
    path.write_text(json.dumps(run))
    readme = tmp_path / "README.md"
    readme.write_text("<!-- bench-table -->\n<!-- /bench-table -->\n")
    assert readme_table.main(["--json", str(path), "--readme", str(readme)]) == 0
    assert "Run time 360 s (6.0 min): book 270 s, ui 90 s." in readme.read_text()


def test_a_row_comes_from_at_least_five_pairs() -> None:
    few = paired_values(lambda: 2.0, lambda: 1.0, pairs=3)
    with pytest.raises(ValueError, match="3 pairs measured; a row needs at least 5"):
        few.result("open", "bare view")
    assert paired_values(lambda: 2.0, lambda: 1.0, pairs=5).result("open", "bare").ratio == 2.0


def test_a_rows_goal_in_time_shows_in_the_readme_table(tmp_path: Path) -> None:
    """A search met its ratio but not its 50 ms: the table must not say "met" alone."""
    path = _run(tmp_path, complete=True)
    run = json.loads(path.read_text())
    slow = Result(
        "search 'the'",
        114.1,
        "ms",
        113.2,
        "bare FTS5 query",
        goal=2.0,
        note="114.1 ms, goal < 50 ms: MISSES; ratios 0.96-1.03x over 7 pairs",
        paired_ratio=1.02,
    )
    run["rows"].append(slow.to_json())
    path.write_text(json.dumps(run))
    readme = tmp_path / "README.md"
    readme.write_text("<!-- bench-table -->\n<!-- /bench-table -->\n")
    assert readme_table.main(["--json", str(path), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert "| 1.02x | <= 2x: met; under 50 ms: **missed** |" in text
    assert "1 of 3 goals met" in text
