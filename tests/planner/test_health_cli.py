"""The health and metrics commands: output, JSON contract, writes, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import accounts, books, health
from tests.conftest import TODAY


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def first_account(path: Path) -> tuple[str, str]:
    """The first account with a health history that runs to today (not a churned one)."""
    with books.open_book(path, read_only=True) as book:
        account = next(
            a
            for a in accounts.list_accounts(book)
            if len(shots := health.list_snapshots(book, a.id)) >= 2
            and max(s.taken_on for s in shots) == TODAY
        )
        return account.id, account.name


def test_health_explains_factors_and_moves(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid, name = first_account(demo_path)
    code, out, err = run(capsys, "health", demo_path, "--account", name, "--on", "2026-11-23")
    assert (code, err) == (0, "")
    assert out.startswith(f"{name}: health ")
    assert "snapshot of 23 Nov 2026" in out
    for label in (
        "Product adoption",
        "Engagement",
        "Support load",
        "NPS / CSAT",
        "Stakeholder coverage",
        "CSM sentiment",
    ):
        assert label in out
    assert "Points add up to the computed score" in out
    assert "Since the snapshot of" in out
    code, out, _ = run(
        capsys, "health", demo_path, "--account", aid, "--on", "2026-11-23", "--json"
    )
    data = json.loads(out)
    assert data["account"] == {"id": aid, "name": name}
    assert data["source"] == "snapshot"
    assert [f["key"] for f in data["factors"]] == list(health.h.FACTORS)
    total = sum(f["contribution"] for f in data["factors"])
    assert total == pytest.approx(data["computed_score"], abs=0.1)
    assert data["previous"]["taken_on"] < data["snapshot"]["taken_on"]
    assert data["change"] == pytest.approx(
        data["computed_score"] - data["previous"]["computed_score"], abs=0.05
    )
    assert all(f["rule"] for f in data["factors"])
    code, out, _ = run(capsys, "health", demo_path, "--account", aid, "--json")
    assert json.loads(out)["source"] == "computed now (not saved)"


def test_record_override_csm_and_model(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aid, name = first_account(demo_path)
    with books.open_book(demo_path, read_only=True) as book:
        before = len(health.list_snapshots(book, aid))
        active = len(
            [a for a in accounts.list_accounts(book) if a.lifecycle_stage.value != "churned"]
        )
    code, out, _ = run(
        capsys, "record-health", demo_path, "--account", aid, "--as-of", "2026-12-01"
    )
    assert code == 0
    assert out.strip() == "Recorded 1 health snapshot dated 1 Dec 2026."
    code, out, _ = run(capsys, "record-health", demo_path, "--as-of", "2026-12-02")
    assert out.strip() == f"Recorded {active} health snapshots dated 2 Dec 2026."
    code, _, err = run(
        capsys,
        "override-health",
        demo_path,
        "--account",
        aid,
        "--score",
        "90",
        "--as-of",
        "2026-12-02",
    )
    assert code == 1
    assert "Say why you are overriding the score" in err
    code, out, _ = run(
        capsys,
        "override-health",
        demo_path,
        "--account",
        aid,
        "--score",
        "90",
        "--reason",
        "Renewal signed",
        "--as-of",
        "2026-12-02",
    )
    assert code == 0
    assert "is now 90.0 (Green) by hand" in out
    code, out, _ = run(
        capsys, "override-health", demo_path, "--account", aid, "--clear", "--as-of", "2026-12-02"
    )
    assert "override removed" in out
    code, out, _ = run(
        capsys,
        "csm-sentiment",
        demo_path,
        "--account",
        aid,
        "--value",
        "-2",
        "--note",
        "Sponsor left",
        "--on",
        "2026-12-02",
    )
    assert out.strip() == f"{name}: CSM sentiment -2 on 2 Dec 2026."
    code, _, err = run(capsys, "csm-sentiment", demo_path, "--account", aid, "--value", "5")
    assert code == 2
    assert "invalid choice" in err
    code, out, _ = run(
        capsys,
        "health-model",
        demo_path,
        "--weight",
        "engagement=40",
        "--green-from",
        "75",
        "--note",
        "Engagement matters more",
        "--json",
    )
    data = json.loads(out)
    assert data["created"] is True
    assert data["model"]["version"] == 3
    assert data["model"]["weights"]["engagement"] == 40.0
    assert (data["model"]["red_below"], data["model"]["green_from"]) == (40, 75)
    code, out, _ = run(capsys, "health-model", demo_path)
    assert "Health model v3: red below 40, yellow 40-74, green from 75" in out
    assert "v2" in out
    code, out, _ = run(capsys, "health-model", demo_path, "--green-from", "75")
    assert "Nothing changed" in out
    code, _, err = run(capsys, "health-model", demo_path, "--red-below", "80")
    assert code == 1
    assert "Green must start above where red ends (80)" in err
    code, _, err = run(capsys, "health-model", demo_path, "--weight", "luck=3")
    assert code == 2
    assert "FACTOR=WEIGHT" in err
    with books.open_book(demo_path, read_only=True) as book:
        history = health.list_snapshots(book, aid)
        assert len(history) == before + 2
        assert health.get_csm_sentiment(book, aid).note == "Sponsor left"


def test_metrics_text_and_json(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "metrics",
        demo_path,
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-23",
        "--as-of",
        "2026-11-23",
    )
    assert (code, err) == (0, "")
    for label in (
        "Logo churn",
        "Customer retention",
        "Gross revenue retention (GRR)",
        "Net revenue retention (NRR)",
        "Renewal rate (count)",
        "Renewal rate (ARR)",
        "Customer lifetime value (CLV)",
        "NPS",
        "CSAT",
        "Median time-to-value",
        "Health distribution",
        "ARR bridge: start",
    ):
        assert label in out
    code, out, _ = run(
        capsys,
        "metrics",
        demo_path,
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-23",
        "--segment",
        "tier=enterprise",
        "--json",
    )
    data = json.loads(out)
    assert data["segment"] == {"field": "tier", "value": "enterprise"}
    assert set(data) == {
        "period",
        "segment",
        "currency",
        "exchange_rates",
        "accounts",
        "logos",
        "revenue",
        "arr_bridge",
        "renewals",
        "clv",
        "nps",
        "csat",
        "time_to_value",
        "health_distribution",
    }
    assert isinstance(data["revenue"]["start_arr_minor"], int)
    bridge = data["arr_bridge"]
    assert (
        bridge["start_minor"]
        + bridge["new_minor"]
        + bridge["expansion_minor"]
        - bridge["contraction_minor"]
        - bridge["churn_minor"]
        == bridge["end_minor"]
    )


def test_errors_are_plain_with_the_right_exit_code(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "health", demo_path, "--account", "No Such Company")
    assert (code, out) == (1, "")
    assert err.startswith("planner: No account is called 'No Such Company'")
    assert "Traceback" not in err
    code, _, err = run(capsys, "metrics", demo_path, "--from", "2026-12-01", "--to", "2026-01-01")
    assert code == 1
    assert "backwards" in err
    code, _, err = run(capsys, "metrics", demo_path, "--from", "2026-01-01", "--to", "2026-13-01")
    assert code == 2
    assert "is not a date" in err
    code, _, err = run(
        capsys,
        "metrics",
        demo_path,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
        "--segment",
        "colour=blue",
    )
    assert code == 2
    assert "cannot be used as a segment" in err
    code, _, err = run(
        capsys,
        "metrics",
        demo_path,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
        "--segment",
        "tier=gold",
    )
    assert code == 1
    assert "'gold' is not a tier" in err
    code, _, err = run(
        capsys,
        "metrics",
        tmp_path / "missing.aspbook",
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    )
    assert code == 1
    assert "There is no file" in err
    code, _, err = run(capsys, "health", demo_path)
    assert code == 2
    assert "--account" in err
    code, _, err = run(capsys, "override-health", demo_path, "--account", "x")
    assert code == 2


def test_metrics_on_an_empty_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.aspbook"
    books.create_book(path).close()
    code, out, _ = run(
        capsys, "metrics", path, "--from", "2026-01-01", "--to", "2026-12-31", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["accounts"] == 0
    assert data["revenue"]["nrr_pct"] is None
    assert data["clv"]["note"] == "n/a: no active accounts at the end of the period."
    code, out, _ = run(capsys, "record-health", path)
    assert out.strip().startswith("Recorded 0 health snapshots")
