"""``planner ENTITY VERB``: every record kind, every verb, its JSON shape, validation and lock."""

from __future__ import annotations

import dataclasses
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.enums import Side, StakeholderRole
from planner.services import accounts, actions, books, interactions, plans, stakeholders
from planner.services.capture.person import preferences_file
from planner.services.records import KINDS
from planner.store import models as m
from tests.conftest import TODAY
from tests.other_process import hold_in_other_process, release

ACME = "Acme Analytics"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: object) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A book with two accounts; Acme has a plan, a champion and an internal colleague."""
    target = tmp_path / "book.aspbook"
    with books.create_book(target) as book:
        acme = accounts.create_account(book, name=ACME, arr_minor=5_000_000)
        accounts.create_account(book, name="Globex Foods", currency="JPY")
        accounts.create_account(book, name="Kuwait Trading", currency="KWD")
        plans.create_plan(book, acme.id, title="FY27 plan", status="active")
        stakeholders.create_stakeholder(
            book,
            acme.id,
            name="Jane Doe",
            email="Jane.Doe@acme-analytics.com",
            role=StakeholderRole.CHAMPION,
        )
        stakeholders.create_stakeholder(
            book, acme.id, name="Tom Baker", email="tom.baker@beacon.example", side=Side.INTERNAL
        )
    return target


# ------------------------------------------------------------------ every kind, every verb

ADD = {
    "plan": ["--title", "Expansion plan", "--period-start", "2026-12-01"],
    "goal": ["--title", "Cut onboarding time", "--baseline", "30", "--target", "10"],
    "risk": ["--title", "Champion may leave", "--severity", "high"],
    "stakeholder": ["--name", "Li Wei", "--email", "li.wei@acme-analytics.com"],
    "use-case": ["--title", "Finance dashboards", "--adoption-pct", "40"],
    "action": ["--title", "Send checklist", "--due-date", "2026-11-30"],
    "interaction": ["--subject", "Check-in", "--occurred-on", "2026-11-20", "--type", "call"],
    "survey": ["--kind", "nps", "--score", "9", "--responded-on", "2026-11-01"],
    "opportunity": ["--title", "More seats", "--amount", "12500.50"],
    "revenue": ["--kind", "expansion", "--occurred-on", "2026-11-01", "--arr-delta", "1000"],
}
UPDATE = {
    "plan": (["--status", "active"], "status", "active"),
    "goal": (["--current", "22.5"], "current", 22.5),
    "risk": (["--status", "mitigating"], "status", "mitigating"),
    "stakeholder": (["--influence", "5"], "influence", 5),
    "use-case": (["--status", "live"], "status", "live"),
    "action": (["--status", "done"], "status", "done"),
    "interaction": (["--sentiment", "-1"], "sentiment", -1),
    "survey": (["--score", "10"], "score", 10),
    "opportunity": (["--stage", "Proposal"], "stage", "proposal"),
    "revenue": (["--note", "Ten more seats"], "note", "Ten more seats"),
}
BAD = {
    "plan": (["--title", "P", "--period-start", "2026-13-01"], "--period-start", "date like"),
    "goal": (["--title", "G", "--target", "ten"], "--target", "must be a number"),
    "risk": (["--title", "R", "--severity", "huge"], "--severity", "low, medium, high"),
    "stakeholder": (["--name", "S", "--influence", "7"], "--influence", "between 1 and 5"),
    "use-case": (["--title", "U", "--adoption-pct", "150"], "--adoption-pct", "between 0 and"),
    "action": (["--title", "A", "--due-date", "soon"], "--due-date", "date like"),
    "interaction": (
        ["--subject", "I", "--occurred-on", "2026-11-20", "--sentiment", "5"],
        "--sentiment",
        "between -2 and 2",
    ),
    "survey": (
        ["--kind", "nps", "--score", "11", "--responded-on", "2026-11-01"],
        "--score",
        "between 0 and 10",
    ),
    "opportunity": (["--title", "O", "--amount", "1.234"], "--amount", "at most 2 decimal"),
    "revenue": (
        ["--kind", "new", "--occurred-on", "2026-11-01", "--arr-delta", "-5"],
        "--arr-delta",
        "positive amount",
    ),
}


def dto_fields(kind: str) -> list[str]:
    return [f.name for f in dataclasses.fields(KINDS[kind].entity.dto)]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_verb_of_every_kind(
    kind: str, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = run_json(capsys, kind, "add", path, "--account", ACME, *ADD[kind])
    keys = list(added)
    assert keys[0] == "id"
    assert keys[: len(dto_fields(kind))] == dto_fields(kind)
    assert added["account_name"] == ACME
    assert isinstance(added["account_id"], str)

    shown = run_json(capsys, kind, "show", path, "--id", added["id"])
    assert shown == added

    options, field, value = UPDATE[kind]
    updated = run_json(capsys, kind, "update", path, "--id", added["id"], *options)
    assert updated[field] == value
    assert updated["id"] == added["id"]

    listed = run_json(capsys, kind, "list", path, "--account", ACME)
    assert added["id"] in [r["id"] for r in listed]
    assert all(next(iter(r)) == "id" for r in listed)
    assert next(r for r in listed if r["id"] == added["id"]) == updated

    code, out, err = run(capsys, kind, "list", path)  # the table, across the book
    assert code == 0, err
    assert added["id"] in out

    code, out, err = run(capsys, kind, "delete", path, "--id", added["id"])
    assert code == 0, err
    assert "Deleted" in out
    code, _, err = run(capsys, kind, "show", path, "--id", added["id"])
    assert code == 1
    assert f"has the id {added['id']!r}" in err
    with books.open_book(path, read_only=True) as book, book.read() as session:
        tomb = session.get(m.Tombstone, added["id"])
        assert tomb is not None
        assert tomb.table_name == KINDS[kind].entity.table_name


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_bad_value_exits_1_naming_the_option(
    kind: str, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run_json(capsys, kind, "list", path)
    options, option, words = BAD[kind]
    code, out, err = run(capsys, kind, "add", path, "--account", ACME, *options)
    assert code == 1
    assert err.startswith(f"planner: {option}: ")
    assert words in err
    assert "Nothing was changed." in err
    assert "Traceback" not in err + out
    assert run_json(capsys, kind, "list", path) == before


def test_required_fields_and_unknown_records(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "action", "add", path, "--account", ACME)
    assert (code, err.strip()) == (1, "planner: --title: Title is required. Nothing was changed.")
    code, _, err = run(capsys, "action", "add", path, "--account", "Nobody Inc", "--title", "x")
    assert code == 1
    assert "No account is called 'Nobody Inc'" in err
    code, _, err = run(capsys, "risk", "update", path, "--id", "not-an-id", "--title", "x")
    assert code == 1
    assert "No risk has the id 'not-an-id'" in err
    goal = run_json(capsys, "goal", "list", path)
    assert goal == []
    code, _, err = run(capsys, "goal", "update", path, "--id", "x")
    assert code == 1


def test_update_with_nothing_to_change_is_refused(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    risk = run_json(capsys, "risk", "add", path, "--account", ACME, "--title", "Budget cut")
    code, _, err = run(capsys, "risk", "update", path, "--id", risk["id"])
    assert code == 1
    assert "Nothing to change" in err


def test_update_refuses_a_record_of_another_account(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    risk = run_json(capsys, "risk", "add", path, "--account", ACME, "--title", "Budget cut")
    code, _, err = run(
        capsys, "risk", "update", path, "--id", risk["id"], "--account", "Globex", "--title", "x"
    )
    assert code == 1
    assert "belongs to Acme Analytics, not Globex Foods" in err
    assert run_json(capsys, "risk", "show", path, "--id", risk["id"])["title"] == "Budget cut"


def test_empty_value_clears_an_optional_field(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    action = run_json(
        capsys,
        "action",
        "add",
        path,
        "--account",
        ACME,
        "--title",
        "Call",
        "--due-date",
        "2026-12-01",
    )
    cleared = run_json(capsys, "action", "update", path, "--id", action["id"], "--due-date", "")
    assert cleared["due_date"] is None


# ------------------------------------------------------------------ typed values


@pytest.mark.parametrize(
    ("account", "amount", "minor"),
    [
        (ACME, "0.10", 10),
        (ACME, "1,234,567.89", 123456789),
        ("Globex Foods", "1500", 1500),
        ("Kuwait Trading", "2.125", 2125),
    ],
)
def test_money_is_exact_in_the_accounts_currency(
    account: str, amount: str, minor: int, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opp = run_json(
        capsys,
        "opportunity",
        "add",
        path,
        "--account",
        account,
        "--title",
        "Seats",
        "--amount",
        amount,
    )
    assert opp["amount_minor"] == minor
    assert isinstance(opp["amount_minor"], int)
    same = run_json(
        capsys, "opportunity", "update", path, "--id", opp["id"], "--amount-minor", str(minor + 1)
    )
    assert same["amount_minor"] == minor + 1


def test_money_with_too_many_decimals_for_a_currency(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "opportunity",
        "add",
        path,
        "--account",
        "Globex",
        "--title",
        "Seats",
        "--amount",
        "10.5",
    )
    assert code == 1
    assert "JPY amounts have at most 0 decimal places" in err
    code, _, err = run(
        capsys,
        "opportunity",
        "add",
        path,
        "--account",
        ACME,
        "--title",
        "x",
        "--amount",
        "12",
        "--amount-minor",
        "1200",
    )
    assert code == 2  # one or the other


def test_enums_by_value_label_or_spelling(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for spelling in ("at_risk", "at-risk", "At risk", "AT RISK"):
        goal = run_json(
            capsys,
            "goal",
            "add",
            path,
            "--account",
            ACME,
            "--title",
            spelling,
            "--status",
            spelling,
        )
        assert goal["status"] == "at_risk"
    for spelling in ("at-risk", "at_risk", "At risk"):
        listed = run_json(capsys, "goal", "list", path, "--status", spelling)
        assert len(listed) == 4
    code, _, err = run(capsys, "goal", "list", path, "--status", "wobbly")
    assert code == 1
    assert "not_started, on_track, at_risk" in err


def test_booleans_and_lists(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    risk = run_json(
        capsys, "risk", "add", path, "--account", ACME, "--title", "x", "--internal", "yes"
    )
    assert risk["internal"] is True
    assert (
        run_json(capsys, "risk", "update", path, "--id", risk["id"], "--internal", "no")["internal"]
        is False
    )
    code, _, err = run(capsys, "risk", "update", path, "--id", risk["id"], "--internal", "maybe")
    assert code == 1
    assert "--internal: Internal only must be yes or no" in err
    survey = run_json(
        capsys,
        "survey",
        "add",
        path,
        "--account",
        ACME,
        "--kind",
        "csat",
        "--score",
        "4",
        "--responded-on",
        "2026-11-02",
        "--themes",
        "onboarding, support",
    )
    assert survey["themes"] == ["onboarding", "support"]


def test_stakeholder_references_by_email_name_or_id(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jane = run_json(capsys, "stakeholder", "list", path, "--account", ACME)
    jane_id = next(p["id"] for p in jane if p["name"] == "Jane Doe")
    action = run_json(
        capsys,
        "action",
        "add",
        path,
        "--account",
        ACME,
        "--title",
        "Call",
        "--owner-stakeholder-id",
        "JANE.DOE@acme-analytics.com",
    )
    assert action["owner_stakeholder_id"] == jane_id
    meeting = run_json(
        capsys,
        "interaction",
        "add",
        path,
        "--account",
        ACME,
        "--subject",
        "QBR",
        "--occurred-on",
        "2026-11-20",
        "--attendee-ids",
        f"Tom Baker,{jane_id}",
    )
    assert meeting["attendee_names"] == ["Jane Doe", "Tom Baker"]
    again = run_json(
        capsys, "interaction", "update", path, "--id", meeting["id"], "--attendee-ids", ""
    )
    assert again["attendee_ids"] == []
    code, _, err = run(
        capsys,
        "action",
        "add",
        path,
        "--account",
        "Globex",
        "--title",
        "x",
        "--owner-stakeholder-id",
        "Jane Doe",
    )
    assert code == 1
    assert "--owner-stakeholder-id: No stakeholder of this account" in err


def test_goal_goes_into_the_current_plan_or_the_one_given(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = run_json(capsys, "plan", "list", path, "--account", ACME)[0]
    goal = run_json(capsys, "goal", "add", path, "--account", ACME, "--title", "G")
    assert goal["plan_id"] == plan["id"]
    other = run_json(capsys, "plan", "add", path, "--account", ACME, "--title", "Draft plan")
    goal = run_json(
        capsys, "goal", "add", path, "--account", ACME, "--title", "G2", "--plan-id", "Draft plan"
    )
    assert goal["plan_id"] == other["id"]
    goal = run_json(capsys, "goal", "add", path, "--plan-id", other["id"], "--title", "G3")
    assert goal["account_name"] == ACME
    code, _, err = run(capsys, "goal", "add", path, "--account", "Globex", "--title", "G")
    assert code == 1
    assert "Globex Foods has no success plan yet" in err


# ------------------------------------------------------------------ list filters


def test_action_filters(path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with books.open_book(path) as book:
        acme = accounts.find_account(book, ACME)
        globex = accounts.find_account(book, "Globex")
        for account, title, due, status, owner in (
            (acme, "Overdue open", "2026-11-01", "open", "Priya Shah"),
            (acme, "Overdue blocked", "2026-11-20", "blocked", "Priya Shah"),
            (globex, "Overdue, someone else's", "2026-11-10", "in_progress", "Sam"),
            (acme, "Done long ago", "2026-10-01", "done", "Priya Shah"),
            (acme, "Due later", "2026-12-24", "open", "priya shah"),
            (acme, "No date", None, "open", "Priya Shah"),
        ):
            actions.create_action(
                book, account.id, title=title, due_date=due, status=status, owner_name=owner
            )
    overdue = run_json(capsys, "action", "list", path, "--status", "open", "--due-before", TODAY)
    assert [a["title"] for a in overdue] == [
        "Overdue open",
        "Overdue blocked",
        "Overdue, someone else's",
    ]
    assert [a["account_name"] for a in overdue] == [ACME, ACME, "Globex Foods"]
    exactly = run_json(capsys, "action", "list", path, "--status", "blocked,done")
    assert {a["title"] for a in exactly} == {"Overdue blocked", "Done long ago"}

    code, _, err = run(capsys, "action", "list", path, "--owner", "me")
    assert code == 1
    assert "your name is not set" in err
    prefs = preferences_file()
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_text(json.dumps({"name": "Priya Shah"}), "utf-8")
    mine = run_json(capsys, "action", "list", path, "--status", "open", "--owner", "me")
    assert [a["title"] for a in mine] == [
        "Overdue open",
        "Overdue blocked",
        "Due later",
        "No date",
    ]


def test_interaction_since_and_archived_accounts(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with books.open_book(path) as book:
        acme = accounts.find_account(book, ACME)
        globex = accounts.find_account(book, "Globex")
        for account, day in ((acme, "2026-10-01"), (acme, "2026-11-15"), (globex, "2026-11-16")):
            interactions.create_interaction(
                book, account.id, subject=f"Call {day}", occurred_on=day
            )
        accounts.set_archived(book, globex.id, archived=True)
    recent = run_json(capsys, "interaction", "list", path, "--since", "2026-11-01")
    assert [i["subject"] for i in recent] == ["Call 2026-11-15"]
    everything = run_json(
        capsys, "interaction", "list", path, "--since", "2026-11-01", "--include-archived"
    )
    assert [i["subject"] for i in everything] == ["Call 2026-11-15", "Call 2026-11-16"]
    one = run_json(capsys, "interaction", "list", path, "--account", "Globex")
    assert [i["subject"] for i in one] == ["Call 2026-11-16"]


# ------------------------------------------------------------------ goal progress


def test_goal_progress(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goal = run_json(
        capsys,
        "goal",
        "add",
        path,
        "--account",
        ACME,
        "--title",
        "Seats used",
        "--baseline",
        "100",
        "--target",
        "400",
        "--unit",
        "seats",
    )
    reading = run_json(
        capsys,
        "goal",
        "progress",
        path,
        "--id",
        goal["id"],
        "--value",
        "250",
        "--on",
        "2026-11-02",
        "--note",
        "From the admin console",
    )
    assert list(reading) == [
        "id",
        "goal_id",
        "measured_on",
        "value",
        "note",
        "created_at",
        "updated_at",
    ]
    assert (reading["measured_on"], reading["value"]) == ("2026-11-02", 250.0)
    code, out, _ = run(
        capsys, "goal", "progress", path, "--id", goal["id"], "--value", "180", "--on", "2026-10-01"
    )
    assert code == 0
    assert "current value 250" in out
    history = run_json(capsys, "goal", "progress", path, "--id", goal["id"])
    assert [(h["measured_on"], h["value"]) for h in history] == [
        ("2026-10-01", 180.0),
        ("2026-11-02", 250.0),
    ]
    assert run_json(capsys, "goal", "show", path, "--id", goal["id"])["current"] == 250.0
    code, _, err = run(capsys, "goal", "progress", path, "--id", goal["id"], "--value", "lots")
    assert (code, "--value: The value must be a number" in err) == (1, True)
    code, _, err = run(
        capsys, "goal", "progress", path, "--id", goal["id"], "--value", "1", "--on", "2027-01-01"
    )
    assert (code, "--on: A measurement cannot be dated after today" in err) == (1, True)


# ------------------------------------------------------------------ the lock


def test_writes_are_refused_while_another_process_holds_the_book(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    risk = run_json(capsys, "risk", "add", path, "--account", ACME, "--title", "Budget cut")
    holder = hold_in_other_process(path)
    try:
        for argv in (
            ["risk", "add", path, "--account", ACME, "--title", "x"],
            ["risk", "update", path, "--id", risk["id"], "--title", "y"],
            ["risk", "delete", path, "--id", risk["id"]],
            ["goal", "progress", path, "--id", risk["id"], "--value", "1"],
        ):
            code, out, err = run(capsys, *argv)
            assert code == 1, argv
            assert f"process {holder.pid}" in err
            assert socket.gethostname() in err
            assert "Traceback" not in err + out
        listed = run_json(capsys, "risk", "list", path)  # reading is fine
        assert [r["title"] for r in listed] == ["Budget cut"]
        assert run_json(capsys, "risk", "show", path, "--id", risk["id"])["title"] == "Budget cut"
    finally:
        release(holder)


def test_help_lists_every_field_of_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    for name, kind in KINDS.items():
        code, out, _ = run(capsys, name, "add", "--help")
        assert code == 0
        for field in kind.fields:
            option = "--" + field.removesuffix("_minor").replace("_", "-")
            assert option in out, (name, option)


def test_json_has_no_internal_objects(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = run_json(capsys, "stakeholder", "list", path)
    assert {p["side"] for p in people} == {"customer", "internal"}
    assert all(isinstance(p["created_at"], str) for p in people)
