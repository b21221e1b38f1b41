"""The ``search``, ``attention``, ``digest``, ``templates``, ``plan`` and ``forecast`` commands,
and ``check --repair-index``: their output, JSON contracts, writes under the lock, and errors."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import accounts, actions, books, interactions, plans
from tests.conftest import TODAY


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "book.aspbook"
    with books.create_book(target) as book:
        books.set_setting(book, "fx_rates", {"EUR": "1.10"})
        acme = accounts.create_account(
            book, name="Müller Logistik", renewal_date=date(2027, 1, 20), arr_minor=120_000_00
        )
        accounts.create_account(
            book,
            name="Yen KK",
            renewal_date=date(2027, 2, 1),
            arr_minor=5_000_000,
            currency="JPY",
        )
        accounts.create_account(
            book,
            name="Euro SA",
            renewal_date=date(2027, 3, 1),
            arr_minor=10_000_00,
            currency="EUR",
        )
        interactions.create_interaction(
            book,
            acme.id,
            occurred_on=TODAY - timedelta(days=60),
            subject="Escalation review",
            summary="The <script> integration credentials are missing",
        )
        actions.create_action(
            book, acme.id, title="Send pricing *now*", due_date=TODAY - timedelta(days=2)
        )
        plans.create_plan(book, acme.id, title="Acme plan")
    return target


def test_search_text_and_json(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", path, "muller")
    assert code == 0
    assert "Accounts (1)" in out
    assert "Müller Logistik" in out
    code, out, _ = run(capsys, "search", path, '"integration credentials"', "--json")
    data = json.loads(out)
    assert data["matches"] == 1
    [hit] = data["hits"]
    assert hit["kind"] == "interaction"
    assert hit["tab"] == "timeline"
    assert hit["account"] == "Müller Logistik"
    assert sorted(hit["matched"]) == ["credentials", "integration"]
    code, out, _ = run(capsys, "search", path, "escal", "--kind", "action")
    assert "Nothing in this book matches" in out
    for hostile in ("NEAR(", '"', "*", "a OR", "\x1b[31mred"):
        code, out, err = run(capsys, "search", path, hostile)
        assert code == 0, hostile
        assert "\x1b" not in out
        assert not err
    code, _, err = run(capsys, "search", path, "x", "--kind", "widgets")
    assert code == 1
    assert "not a kind of record" in err
    code, _, err = run(capsys, "search", path, "x", "--limit", "0")
    assert code == 1


def test_attention_list_act_and_thresholds(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "attention", path)
    assert code == 0
    assert "No recent interaction" in out
    assert "Müller Logistik: No interaction for 60 days" in out
    code, out, _ = run(capsys, "attention", path, "--json")
    data = json.loads(out)
    keys = {i["kind"]: i["key"] for i in data["items"] if i["account"] == "Müller Logistik"}
    assert set(keys) == {"no_interaction", "overdue_actions", "renewal_without_qbr"}
    code, out, _ = run(
        capsys, "attention", path, "--snooze", keys["no_interaction"], "--until", "2026-12-01"
    )
    assert code == 0
    assert "Snoozed until 1 Dec 2026" in out
    code, out, _ = run(
        capsys,
        "attention",
        path,
        "--dismiss",
        keys["overdue_actions"],
        "--reason",
        "Waiting on legal",
    )
    assert code == 0
    code, out, _ = run(capsys, "attention", path, "--json")
    assert {i["kind"] for i in json.loads(out)["items"]} == {"renewal_without_qbr"}
    assert json.loads(out)["hidden"] == 2
    code, out, _ = run(capsys, "attention", path, "--all")
    assert "[dismissed: Waiting on legal]" in out
    assert "[snoozed until 1 Dec 2026]" in out
    code, _, err = run(capsys, "attention", path, "--dismiss", keys["no_interaction"])
    assert code == 1
    assert "Say why" in err
    code, out, _ = run(capsys, "attention", path, "--threshold", "plan_days=1")
    assert "attention.plan_days = 1" in out
    code, _, err = run(capsys, "attention", path, "--threshold", "plan_days=0")
    assert code == 1
    assert "from 1 to 3650" in err


def test_digest_writes_escaped_markdown(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "monday.md"
    code, out, _ = run(capsys, "digest", path, "--out", out_file)
    assert code == 0
    assert out.strip() == str(out_file)
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Needs attention: week of 23 Nov 2026")
    assert r"Send pricing \*now\*" in text
    code, _, err = run(capsys, "digest", path, "--out", tmp_path)
    assert code == 1
    assert err.startswith("planner: ")


def test_templates_and_plan_from_template(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "templates", path, "--json")
    names = [t["name"] for t in json.loads(out)]
    assert names == ["Adoption push", "Expansion", "Onboarding", "Renewal rescue"]
    code, out, _ = run(
        capsys,
        "plan",
        "add",
        path,
        "--account",
        "Müller",
        "--from-template",
        "onboarding",
        "--start",
        "2027-01-04",
        "--json",
    )
    assert code == 0
    made = json.loads(out)
    assert made["plan"]["period_start"] == "2027-01-04"
    assert [g["due_date"] for g in made["goals"]] == ["2027-02-18", "2027-03-05", "2027-04-04"]
    code, out, _ = run(capsys, "templates", path, "--save-plan-of", "Müller", "--name", "Mine")
    assert code == 0
    assert "as the template 'Mine'" in out
    exported = tmp_path / "mine.json"
    code, _, _ = run(capsys, "templates", path, "--export", "Mine", "--out", exported)
    assert code == 0
    assert "Müller" not in exported.read_text(encoding="utf-8")
    code, _, err = run(capsys, "templates", path, "--import", exported)
    assert code == 1
    assert "already has a template" in err
    code, _, _ = run(capsys, "templates", path, "--import", exported, "--replace")
    assert code == 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\x01 not json")
    code, _, err = run(capsys, "templates", path, "--import", bad)
    assert code == 1
    assert "bad.json is not valid JSON" in err
    assert "Traceback" not in err
    code, _, err = run(
        capsys, "plan", "add", path, "--account", "Müller", "--from-template", "nope"
    )
    assert code == 1
    assert "no plan template called 'nope'" in err
    code, _, err = run(
        capsys,
        "plan",
        "add",
        path,
        "--account",
        "Müller",
        "--from-template",
        "Onboarding",
        "--title",
        "Mine",
    )
    assert code == 1
    assert "leave out --title" in err
    code, _, err = run(
        capsys,
        "plan",
        "add",
        path,
        "--account",
        "Müller",
        "--start",
        "2027-01-01",
        "--title",
        "Plain",
    )
    assert code == 1
    assert "--start goes with --from-template" in err
    code, out, _ = run(capsys, "plan", "add", path, "--account", "Müller", "--title", "Plain")
    assert code == 0  # plan add without a template is unchanged


def test_forecast_text_json_and_override(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forecast", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["base_currency"] == "USD"
    assert data["arr_at_stake_minor"] == 120_000_00 + 11_000_00
    assert data["weighted_arr_minor"] == sum(
        r["weighted_arr_minor"] for r in data["rows"] if r["converted"]
    )
    assert data["fx"] == {
        "base_currency": "USD",
        "rates_used": {"EUR": "1.10"},
        "not_converted_currencies": ["JPY"],
    }
    yen = next(r for r in data["rows"] if r["account"] == "Yen KK")
    assert (yen["converted"], yen["arr_minor"], yen["arr_at_stake_minor"]) == (
        False,
        5_000_000,
        None,
    )
    code, out, _ = run(capsys, "forecast", path)
    assert "Not converted (no rate): JPY" in out
    assert "--set fx.JPY=RATE" in out
    assert "Rates used: 1 EUR = 1.10 USD." in out
    assert "Last quarter (Q3 2026), as forecast on 1 Jul 2026" in out
    code, out, _ = run(
        capsys,
        "forecast",
        path,
        "--override",
        "Müller",
        "--category",
        "commit",
        "--reason",
        "CFO said yes",
    )
    assert code == 0
    assert "set to commit by hand" in out
    code, out, _ = run(capsys, "forecast", path, "--json")
    row = next(r for r in json.loads(out)["rows"] if r["account"] == "Müller Logistik")
    assert (row["category"], row["overridden"]) == ("commit", True)
    code, _, err = run(capsys, "forecast", path, "--override", "Müller", "--category", "commit")
    assert code == 1
    assert "Say why" in err
    code, out, _ = run(capsys, "forecast", path, "--weight", "likely=70")
    assert "forecast.weight_likely = 70" in out
    code, _, err = run(capsys, "forecast", path, "--quarters", "13")
    assert code == 1


def test_check_repairs_the_search_index(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", path, "--repair-index")
    assert code == 0
    assert "Search index: in step" in out
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM search_index")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "search", path, "muller")
    assert "Nothing" in out
    code, out, _ = run(capsys, "check", path, "--repair-index")
    assert code == 0
    assert "Search index rebuilt" in out
    assert "now in step" in out
    code, out, _ = run(capsys, "search", path, "muller")
    assert "Müller Logistik" in out
