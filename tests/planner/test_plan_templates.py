"""Plan templates: the shipped ones are complete, a plan starts from one with dates relative to
its start and targets from their rules, a plan saves as one without customer names, files
export and import, and a hostile or malformed file gets a clear message."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.domain import errors
from planner.domain import plan_template as pt
from planner.domain.enums import GoalCategory, PlanStatus, RiskStatus, StakeholderRole
from planner.services import accounts, actions, changes, plan_templates, plans, stakeholders
from planner.services.books import Book

SHIPPED = {"Onboarding", "Adoption push", "Renewal rescue", "Expansion"}


def document(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": pt.FORMAT,
        "format_version": 1,
        "name": "Pilot",
        "plan": {"title": "Pilot plan", "length_days": 30},
        "goals": [{"title": "Go live", "target": {"rule": "fixed", "value": 1}, "due_day": 20}],
        "risks": [{"title": "IT is slow", "severity": "high"}],
        "actions": [{"title": "Kick off", "due_day": 2, "goal": 1}],
    }
    base.update(changes)
    return base


@pytest.fixture
def acme(book: Book) -> accounts.Account:
    return accounts.create_account(book, name="Acme Logistics GmbH", website="www.acme-log.example")


# ------------------------------------------------------------------ the shipped templates


def test_four_shipped_templates_each_complete(book: Book) -> None:
    shipped = {t.name: t for t in plan_templates.list_templates(book) if t.built_in}
    assert set(shipped) == SHIPPED
    for info in shipped.values():
        t = info.template
        assert len(t.desired_outcomes) > 200, info.name
        assert t.goals
        assert t.risks
        assert t.actions
        assert all(g.kpi_name and g.target is not None for g in t.goals), info.name
        assert all(a.due_day is not None for a in t.actions), info.name
        assert "goals" in info.summary


def test_plan_from_a_template_dates_and_targets(book: Book, acme: accounts.Account) -> None:
    made = plan_templates.create_plan_from_template(
        book, acme.id, "onboarding", start=date(2027, 1, 4)
    )
    assert made.template == "Onboarding"
    assert made.plan.period_start == date(2027, 1, 4)
    assert made.plan.period_end == date(2027, 4, 4)  # 90 days
    assert made.plan.status is PlanStatus.ACTIVE
    first = next(g for g in made.goals if g.title == "First team live in the product")
    assert first.due_date == date(2027, 2, 18)  # day 45
    assert (first.baseline, first.target, first.current) == (0.0, 70.0, 0.0)
    kickoff = next(a for a in made.actions if a.title.startswith("Hold the kick-off"))
    assert kickoff.due_date == date(2027, 1, 9)
    value_goal = next(g for g in made.goals if g.category is GoalCategory.ROI_VALUE)
    assert kickoff.goal_id == value_goal.id
    assert {r.status for r in made.risks} == {RiskStatus.OPEN}
    assert [p.id for p in plans.list_plans(book, acme.id)] == [made.plan.id]
    contract = made.as_contract()
    assert contract["plan"]["period_start"] == "2027-01-04"
    assert len(contract["goals"]) == 3


def test_a_relative_target_without_baseline_is_left_for_the_csm(
    book: Book, acme: accounts.Account
) -> None:
    made = plan_templates.create_plan_from_template(book, acme.id, "Adoption push")
    licences = next(g for g in made.goals if g.kpi_name == "Weekly active licences")
    assert licences.target is None
    assert "Target: baseline + 20% (set the baseline" in licences.description
    second = next(g for g in made.goals if g.kpi_name == "Use cases live")
    assert second.target == 2.0  # baseline 1 + 1
    assert made.plan.period_start == book.clock.today()


def test_undo_and_redo_of_a_plan_from_a_template(book: Book, acme: accounts.Account) -> None:
    made = plan_templates.create_plan_from_template(book, acme.id, "Renewal rescue")
    removed = plan_templates.remove_plan_from_template(book, made)
    assert plans.list_plans(book, acme.id) == []
    assert plans.list_risks(book, acme.id) == []
    assert actions.list_actions(book, acme.id) == []
    for captured in removed:
        changes.restore(book, captured)
    assert len(plans.list_account_goals(book, acme.id)) == 3
    assert len(actions.list_actions(book, acme.id)) == 6


def test_unknown_template_names_the_choices(book: Book, acme: accounts.Account) -> None:
    with pytest.raises(errors.NotFoundError, match="Onboarding"):
        plan_templates.create_plan_from_template(book, acme.id, "Nope")


# ------------------------------------------------------------------ saving a plan as one


def test_save_plan_as_template_relative_dates_and_no_names(
    book: Book, acme: accounts.Account
) -> None:
    ann = stakeholders.create_stakeholder(
        book, acme.id, name="Ann Lee", role=StakeholderRole.CHAMPION, email="ann@acme-log.example"
    )
    plan = plans.create_plan(
        book,
        acme.id,
        title="Acme Logistics 2027 plan",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 3, 2),
        desired_outcomes="Acme's drivers use routing daily. Ann wants it on www.acme-log.example",
    )
    goal = plans.create_goal(
        book,
        plan.id,
        title="Ann Lee signs off routing",
        owner_stakeholder_id=ann.id,
        due_date=date(2027, 2, 1),
        kpi_name="Routes",
        unit="routes",
        baseline=10,
        target=50,
    )
    actions.create_action(
        book,
        acme.id,
        title="Mail ann@acme-log.example the guide",
        goal_id=goal.id,
        due_date=date(2027, 1, 11),
        owner_name="Priya",
    )
    actions.create_action(book, acme.id, title="Unrelated action")
    plans.create_risk(book, acme.id, title="ACME LOGISTICS budget freeze")

    saved = plan_templates.save_plan_as_template(
        book, plan.id, name="  Routing   rollout ", description="For Acme-like rollouts"
    )
    t = saved.template
    assert saved.name == "Routing rollout"
    assert saved.source == plan_templates.SAVED
    assert t.title == "the customer 2027 plan"
    assert t.length_days == 60
    assert t.goals[0].title == "the champion signs off routing"
    assert t.goals[0].due_day == 31
    assert t.goals[0].target == pt.Target(pt.TargetRule.FIXED, 50.0)
    assert [a.title for a in t.actions] == ["Mail (e-mail) the guide"]
    assert t.actions[0].due_day == 10
    assert t.actions[0].goal == 1
    assert [r.title for r in t.risks] == ["the customer budget freeze"]
    text = pt.template_json(t)
    for name in ("Acme", "ACME", "Ann", "Lee", "acme-log", "Priya"):
        assert name not in text, name
    assert "the customer's drivers" in t.desired_outcomes

    # it is offered, and a plan made from it gets the dates back
    other = accounts.create_account(book, name="Globex")
    made = plan_templates.create_plan_from_template(
        book, other.id, "routing rollout", start=date(2027, 6, 1)
    )
    assert made.goals[0].due_date == date(2027, 7, 2)
    assert made.actions[0].due_date == date(2027, 6, 11)


def test_saved_names_must_be_free(book: Book, acme: accounts.Account) -> None:
    plan = plans.create_plan(book, acme.id, title="Plan")
    with pytest.raises(errors.ValidationError, match="built-in template"):
        plan_templates.save_plan_as_template(book, plan.id, name="onboarding")
    plan_templates.save_plan_as_template(book, plan.id, name="Mine")
    with pytest.raises(errors.ConflictError, match="already has a template"):
        plan_templates.save_plan_as_template(book, plan.id, name="MINE")
    plan_templates.save_plan_as_template(book, plan.id, name="MINE", replace=True)
    assert [t.name for t in plan_templates.list_templates(book) if not t.built_in] == ["MINE"]
    plan_templates.delete_template(book, "mine")
    assert all(t.built_in for t in plan_templates.list_templates(book))
    with pytest.raises(errors.ValidationError, match="built in"):
        plan_templates.delete_template(book, "Expansion")


# ------------------------------------------------------------------ files


def test_export_then_import_into_another_book(
    book: Book, tmp_path: Path, acme: accounts.Account
) -> None:
    out = plan_templates.export_template(book, "Expansion", tmp_path / "expansion.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == pt.FORMAT
    data["name"] = "Expansion (EMEA)"
    out.write_text(json.dumps(data), encoding="utf-8")
    info = plan_templates.import_template(book, out)
    assert info.name == "Expansion (EMEA)"
    assert info.template.goals == plan_templates.find_template(book, "Expansion").template.goals
    with pytest.raises(errors.ConflictError):
        plan_templates.import_template(book, out)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"Account Name,ARR\nAcme,1\n", "not valid JSON"),
        (b"[1, 2]", "expected an object, found a list"),
        (json.dumps({"format": pt.FORMAT, "format_version": 1}).encode(), "'name' is missing"),
        (json.dumps(document(format="other")).encode(), "does not say it is one"),
        (json.dumps(document(format_version=9)).encode(), "newer version"),
        (json.dumps(document(extra=1)).encode(), "unknown field 'extra'"),
        (json.dumps(document(name="  ")).encode(), "(name): it must not be empty"),
        (
            json.dumps(document(goals=[{"title": "x", "category": "<script>"}])).encode(),
            "(goals[1].category): '<script>' is not one of",
        ),
        (json.dumps(document(goals=[{"title": "x", "due_day": -3}])).encode(), "goals[1].due_day"),
        (
            json.dumps(document(goals=[{"title": "x", "baseline": "10"}])).encode(),
            "goals[1].baseline): expected a number, found text",
        ),
        (
            json.dumps(
                document(goals=[{"title": "x", "target": {"rule": "double", "value": 1}}])
            ).encode(),
            "goals[1].target.rule",
        ),
        (json.dumps(document(actions=[{"title": "x", "goal": 7}])).encode(), "actions[1].goal"),
        (json.dumps(document(risks=[{"title": "x"}] * 41)).encode(), "at most 40"),
        (json.dumps(document(plan={"title": "t" * 2001})).encode(), "limit is 2,000"),
        (json.dumps(document(plan={"title": "a\u0000b"})).encode(), "NUL"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b" " * (pt.MAX_FILE_BYTES + 1), "at most 512 KB"),
    ],
)
def test_bad_template_files_are_refused_clearly(
    book: Book, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(errors.ValidationError, match=r"bad\.json") as caught:
        plan_templates.import_template(book, path)
    assert words in str(caught.value)
    assert all(t.built_in for t in plan_templates.list_templates(book))  # nothing was saved


def test_hostile_text_is_kept_as_text(book: Book, tmp_path: Path, acme: accounts.Account) -> None:
    path = tmp_path / "hostile.json"
    hostile = document(name="=cmd|' /C calc'!A0", description="<script>alert(1)</script>")
    path.write_text(json.dumps(hostile), encoding="utf-8")
    info = plan_templates.import_template(book, path)
    assert info.name == "=cmd|' /C calc'!A0"
    assert info.description == "<script>alert(1)</script>"
    made = plan_templates.create_plan_from_template(book, acme.id, info.name)
    assert made.plan.title == "Pilot plan"


def test_missing_file_and_folder(book: Book, tmp_path: Path) -> None:
    with pytest.raises(errors.NotFoundError, match="no file"):
        plan_templates.import_template(book, tmp_path / "nope.json")
    with pytest.raises(errors.ValidationError, match="folder"):
        plan_templates.import_template(book, tmp_path)


def test_target_rules() -> None:
    assert pt.Target(pt.TargetRule.FIXED, 5).apply(None) == 5
    assert pt.Target(pt.TargetRule.INCREASE_BY, 5).apply(10) == 15
    assert pt.Target(pt.TargetRule.INCREASE_PCT, 20).apply(50) == 60
    assert pt.Target(pt.TargetRule.DECREASE_PCT, 30).apply(200) == 140
    assert pt.Target(pt.TargetRule.DECREASE_PCT, 30).apply(None) is None
    assert pt.Target(pt.TargetRule.INCREASE_PCT, 20).describe() == "20 % above the baseline"
