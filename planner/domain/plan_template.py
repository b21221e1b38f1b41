"""Plan templates: a success plan without a customer, its dates relative to the plan's start.

A template is a JSON document (the same in a file, in ``resources/plan_templates`` and in a
book's ``plan_templates`` table)::

    {
      "format": "account-success-planner/plan-template", "format_version": 1,
      "name": "Onboarding", "description": "The first 90 days ...",
      "plan": {"title": "Onboarding plan", "length_days": 90, "status": "active",
               "desired_outcomes": "..."},
      "goals": [{"title": "...", "description": "...", "category": "onboarding",
                 "kpi_name": "Weekly active users", "unit": "%", "baseline": 0,
                 "target": {"rule": "fixed", "value": 70}, "due_day": 60,
                 "priority": "high", "customer_visible": true}],
      "risks": [{"title": "...", "description": "...", "category": "adoption",
                 "severity": "high", "likelihood": "possible", "mitigation": "..."}],
      "actions": [{"title": "...", "description": "...", "due_day": 7, "priority": "high",
                   "type": "lifecycle", "goal": 1}]
    }

``due_day`` counts days from the plan's start (0 = the start day). A goal's ``target`` rule is
``fixed`` (the value), ``increase_by`` (baseline + value), ``increase_pct`` (baseline raised by
value %) or ``decrease_pct`` (baseline lowered by value %); a relative rule without a baseline
leaves the target empty and says so in the goal's description. An action's ``goal`` is the
1-based number of the goal it serves.

:func:`parse_template` is strict: every key is known, every value has the right type and
range, texts are bounded; a file that is not a template, or is damaged, gets a message that
names the field (``goals[2].category``) and what is wrong with it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from planner.domain import errors
from planner.domain.enums import (
    ActionType,
    GoalCategory,
    LabelledEnum,
    Likelihood,
    PlanStatus,
    Priority,
    RiskCategory,
    Severity,
    StakeholderRole,
)

FORMAT = "account-success-planner/plan-template"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 512 * 1024
MAX_GOALS, MAX_RISKS, MAX_ACTIONS = 40, 40, 120
MAX_DAYS = 3650
TITLE_LIMIT, NAME_LIMIT, TEXT_LIMIT, SHORT_LIMIT = 2000, 120, 20_000, 120
E = TypeVar("E", bound=StrEnum)


class TargetRule(LabelledEnum):
    FIXED = "fixed"
    INCREASE_BY = "increase_by"
    INCREASE_PCT = "increase_pct"
    DECREASE_PCT = "decrease_pct"


@dataclass(frozen=True, slots=True)
class Target:
    rule: TargetRule
    value: float

    def apply(self, baseline: float | None) -> float | None:
        """The target for ``baseline`` (None when the rule needs a baseline and has none)."""
        if self.rule is TargetRule.FIXED:
            return self.value
        if baseline is None:
            return None
        if self.rule is TargetRule.INCREASE_BY:
            return baseline + self.value
        factor = (
            1 + self.value / 100 if self.rule is TargetRule.INCREASE_PCT else 1 - self.value / 100
        )
        return round(baseline * factor, 6)

    def describe(self, unit: str = "") -> str:
        amount = f"{self.value:g}"
        suffix = f" {unit}" if unit and unit != "%" else unit
        return {
            TargetRule.FIXED: f"{amount}{suffix}",
            TargetRule.INCREASE_BY: f"baseline + {amount}{suffix}",
            TargetRule.INCREASE_PCT: f"{amount} % above the baseline",
            TargetRule.DECREASE_PCT: f"{amount} % below the baseline",
        }[self.rule]


@dataclass(frozen=True, slots=True)
class TemplateGoal:
    title: str
    description: str = ""
    category: GoalCategory = GoalCategory.ADOPTION
    kpi_name: str = ""
    unit: str = ""
    baseline: float | None = None
    target: Target | None = None
    due_day: int | None = None
    priority: Priority = Priority.MEDIUM
    customer_visible: bool = True


@dataclass(frozen=True, slots=True)
class TemplateRisk:
    title: str
    description: str = ""
    category: RiskCategory = RiskCategory.ADOPTION
    severity: Severity = Severity.MEDIUM
    likelihood: Likelihood = Likelihood.POSSIBLE
    mitigation: str = ""


@dataclass(frozen=True, slots=True)
class TemplateAction:
    title: str
    description: str = ""
    due_day: int | None = None
    priority: Priority = Priority.MEDIUM
    type: ActionType = ActionType.FOLLOW_UP
    goal: int | None = None
    """1-based number of the goal it serves."""


@dataclass(frozen=True, slots=True)
class PlanTemplate:
    name: str
    description: str
    title: str
    length_days: int
    status: PlanStatus
    desired_outcomes: str
    goals: tuple[TemplateGoal, ...] = ()
    risks: tuple[TemplateRisk, ...] = ()
    actions: tuple[TemplateAction, ...] = ()


# --------------------------------------------------------------------------- reading


class _Reader:
    """Checks one template document, naming the path of every problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> errors.ValidationError:
        place = f" ({where})" if where else ""
        return errors.ValidationError(
            "template", f"{self.source} is not a usable plan template{place}: {problem}"
        )

    def obj(
        self, value: Any, where: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, found {_kind(value)}.")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise self.fail(
                where,
                f"unknown field {unknown[0][:40]!r}; the fields are {', '.join(sorted(allowed))}.",
            )
        for name in required:
            if name not in value:
                raise self.fail(where, f"the field {name!r} is missing.")
        return value

    def text(
        self,
        value: Any,
        where: str,
        limit: int,
        *,
        required: bool = False,
        single_line: bool = False,
    ) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(where, f"expected text, found {_kind(value)}.")
        if "\x00" in value:
            raise self.fail(where, "the text contains a NUL character.")
        cleaned = " ".join(value.split()) if single_line else value.strip()
        if required and not cleaned:
            raise self.fail(where, "it must not be empty.")
        if len(cleaned) > limit:
            raise self.fail(
                where, f"the text is {len(cleaned):,} characters; the limit is {limit:,}."
            )
        return cleaned

    def number(self, value: Any, where: str, *, optional: bool = True) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"expected a number, found {_kind(value)}.")
        if not math.isfinite(value) or abs(value) > 1e12:
            raise self.fail(where, "the number is out of range.")
        return float(value)

    def day(self, value: Any, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            raise self.fail(
                where,
                f"expected a whole number of days from 0 to {MAX_DAYS}, found {str(value)[:20]!r}.",
            )
        return value

    def choice(self, value: Any, where: str, enum: type[E], default: E) -> E:
        if value is None:
            return default
        if isinstance(value, str) and issubclass(enum, LabelledEnum):
            try:
                return enum.parse(value)  # type: ignore[return-value]
            except ValueError:
                pass
        options = ", ".join(m.value for m in enum)
        raise self.fail(where, f"{str(value)[:40]!r} is not one of: {options}.")

    def flag(self, value: Any, where: str, *, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, found {_kind(value)}.")
        return value

    def items(self, value: Any, where: str, limit: int) -> Sequence[Any]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, found {_kind(value)}.")
        if len(value) > limit:
            raise self.fail(where, f"{len(value)} entries; a template holds at most {limit}.")
        return value


def _kind(value: Any) -> str:
    return {
        type(None): "nothing (null)",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


_TOP = ("format", "format_version", "name", "description", "plan", "goals", "risks", "actions")
_PLAN = ("title", "length_days", "status", "desired_outcomes")
_GOAL = (
    "title",
    "description",
    "category",
    "kpi_name",
    "unit",
    "baseline",
    "target",
    "due_day",
    "priority",
    "customer_visible",
)
_RISK = ("title", "description", "category", "severity", "likelihood", "mitigation")
_ACTION = ("title", "description", "due_day", "priority", "type", "goal")


def parse_template(document: Any, source: str = "The template") -> PlanTemplate:
    """Check a template document strictly and return it (or raise, naming the problem)."""
    r = _Reader(source)
    top = r.obj(document, "", _TOP)
    if top.get("format") != FORMAT:
        raise r.fail("format", f"it does not say it is one (format should be {FORMAT!r}).")
    version = top.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise r.fail("format_version", "expected a whole number.")
    if version > FORMAT_VERSION:
        raise r.fail(
            "format_version",
            f"it was made by a newer version of the app (template "
            f"format {version}); update the app to use it.",
        )
    if version < 1:
        raise r.fail("format_version", f"{version} is not a template format.")
    r.obj(top, "", _TOP, ("name", "plan"))
    plan = r.obj(top["plan"], "plan", _PLAN, ("title",))
    length = r.day(plan.get("length_days", 90), "plan.length_days")
    goals = tuple(
        _goal(r, g, f"goals[{n}]")
        for n, g in enumerate(r.items(top.get("goals"), "goals", MAX_GOALS), 1)
    )
    risks = tuple(
        _risk(r, g, f"risks[{n}]")
        for n, g in enumerate(r.items(top.get("risks"), "risks", MAX_RISKS), 1)
    )
    actions = tuple(
        _action(r, a, f"actions[{n}]", len(goals))
        for n, a in enumerate(r.items(top.get("actions"), "actions", MAX_ACTIONS), 1)
    )
    return PlanTemplate(
        name=r.text(top.get("name"), "name", NAME_LIMIT, required=True, single_line=True),
        description=r.text(top.get("description"), "description", TEXT_LIMIT),
        title=r.text(plan.get("title"), "plan.title", TITLE_LIMIT, required=True, single_line=True),
        length_days=length if length else 90,
        status=r.choice(plan.get("status"), "plan.status", PlanStatus, PlanStatus.ACTIVE),
        desired_outcomes=r.text(plan.get("desired_outcomes"), "plan.desired_outcomes", TEXT_LIMIT),
        goals=goals,
        risks=risks,
        actions=actions,
    )


def _goal(r: _Reader, value: Any, where: str) -> TemplateGoal:
    g = r.obj(value, where, _GOAL, ("title",))
    target: Target | None = None
    if g.get("target") is not None:
        t = r.obj(g["target"], f"{where}.target", ("rule", "value"), ("rule", "value"))
        rule = r.choice(t["rule"], f"{where}.target.rule", TargetRule, TargetRule.FIXED)
        amount = r.number(t["value"], f"{where}.target.value", optional=False)
        assert amount is not None
        if rule is TargetRule.DECREASE_PCT and not 0 <= amount <= 100:
            raise r.fail(f"{where}.target.value", "a decrease is between 0 and 100 %.")
        target = Target(rule, amount)
    return TemplateGoal(
        title=r.text(
            g.get("title"), f"{where}.title", TITLE_LIMIT, required=True, single_line=True
        ),
        description=r.text(g.get("description"), f"{where}.description", TEXT_LIMIT),
        category=r.choice(
            g.get("category"), f"{where}.category", GoalCategory, GoalCategory.ADOPTION
        ),
        kpi_name=r.text(g.get("kpi_name"), f"{where}.kpi_name", SHORT_LIMIT, single_line=True),
        unit=r.text(g.get("unit"), f"{where}.unit", 40, single_line=True),
        baseline=r.number(g.get("baseline"), f"{where}.baseline"),
        target=target,
        due_day=r.day(g.get("due_day"), f"{where}.due_day"),
        priority=r.choice(g.get("priority"), f"{where}.priority", Priority, Priority.MEDIUM),
        customer_visible=r.flag(
            g.get("customer_visible"), f"{where}.customer_visible", default=True
        ),
    )


def _risk(r: _Reader, value: Any, where: str) -> TemplateRisk:
    k = r.obj(value, where, _RISK, ("title",))
    return TemplateRisk(
        title=r.text(
            k.get("title"), f"{where}.title", TITLE_LIMIT, required=True, single_line=True
        ),
        description=r.text(k.get("description"), f"{where}.description", TEXT_LIMIT),
        category=r.choice(
            k.get("category"), f"{where}.category", RiskCategory, RiskCategory.ADOPTION
        ),
        severity=r.choice(k.get("severity"), f"{where}.severity", Severity, Severity.MEDIUM),
        likelihood=r.choice(
            k.get("likelihood"), f"{where}.likelihood", Likelihood, Likelihood.POSSIBLE
        ),
        mitigation=r.text(k.get("mitigation"), f"{where}.mitigation", TEXT_LIMIT),
    )


def _action(r: _Reader, value: Any, where: str, goals: int) -> TemplateAction:
    a = r.obj(value, where, _ACTION, ("title",))
    goal = a.get("goal")
    if goal is not None and (
        isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= goals
    ):
        raise r.fail(
            f"{where}.goal",
            f"expected the number of one of the template's {goals} "
            f"goals, found {str(goal)[:20]!r}.",
        )
    return TemplateAction(
        title=r.text(
            a.get("title"), f"{where}.title", TITLE_LIMIT, required=True, single_line=True
        ),
        description=r.text(a.get("description"), f"{where}.description", TEXT_LIMIT),
        due_day=r.day(a.get("due_day"), f"{where}.due_day"),
        priority=r.choice(a.get("priority"), f"{where}.priority", Priority, Priority.MEDIUM),
        type=r.choice(a.get("type"), f"{where}.type", ActionType, ActionType.FOLLOW_UP),
        goal=goal,
    )


def read_template_bytes(data: bytes, source: str) -> PlanTemplate:
    """A template from a file's bytes: bounded, UTF-8 (a BOM is fine), JSON, then checked."""
    if len(data) > MAX_FILE_BYTES:
        raise errors.ValidationError(
            "template",
            f"{source} is {len(data) / 1024:,.0f} KB; a plan template is at most "
            f"{MAX_FILE_BYTES // 1024} KB. Is it really a template?",
        )
    if not data.strip():
        raise errors.ValidationError("template", f"{source} is empty, so it holds no template.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise errors.ValidationError(
            "template",
            f"{source} is not UTF-8 text, so it is not a plan template (they are JSON files).",
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise errors.ValidationError(
            "template",
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}). A plan template is a JSON file exported from the app.",
        ) from None
    except RecursionError:
        raise errors.ValidationError("template", f"{source} is nested too deeply.") from None
    return parse_template(document, source)


# --------------------------------------------------------------------------- writing


def _value(member: StrEnum) -> str:
    return str(member.value)


def template_document(t: PlanTemplate) -> dict[str, Any]:
    """The JSON document of a template (what files and the book store)."""

    def goal(g: TemplateGoal) -> dict[str, Any]:
        out: dict[str, Any] = {"title": g.title}
        if g.description:
            out["description"] = g.description
        out.update(
            category=_value(g.category), kpi_name=g.kpi_name, unit=g.unit, baseline=g.baseline
        )
        out["target"] = (
            {"rule": _value(g.target.rule), "value": g.target.value} if g.target else None
        )
        out.update(
            due_day=g.due_day, priority=_value(g.priority), customer_visible=g.customer_visible
        )
        return out

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": t.name,
        "description": t.description,
        "plan": {
            "title": t.title,
            "length_days": t.length_days,
            "status": _value(t.status),
            "desired_outcomes": t.desired_outcomes,
        },
        "goals": [goal(g) for g in t.goals],
        "risks": [
            {
                "title": k.title,
                "description": k.description,
                "category": _value(k.category),
                "severity": _value(k.severity),
                "likelihood": _value(k.likelihood),
                "mitigation": k.mitigation,
            }
            for k in t.risks
        ],
        "actions": [
            {
                "title": a.title,
                "description": a.description,
                "due_day": a.due_day,
                "priority": _value(a.priority),
                "type": _value(a.type),
                "goal": a.goal,
            }
            for a in t.actions
        ],
    }


def template_json(t: PlanTemplate) -> str:
    return json.dumps(template_document(t), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- using one


@dataclass(frozen=True, slots=True)
class Instance:
    """What a template becomes on a start date: the values of the rows to create."""

    plan: dict[str, Any]
    goals: tuple[dict[str, Any], ...]
    risks: tuple[dict[str, Any], ...]
    actions: tuple[tuple[dict[str, Any], int | None], ...]
    """(values, 0-based goal index or None)."""


def _on(start: date, day: int | None) -> date | None:
    return None if day is None else start + timedelta(days=day)


def instantiate(t: PlanTemplate, start: date) -> Instance:
    """The plan, goals, risks and actions of ``t`` for a plan starting on ``start``."""
    goals = []
    for g in t.goals:
        target = g.target.apply(g.baseline) if g.target else None
        description = g.description
        if g.target is not None and target is None:
            note = f"Target: {g.target.describe(g.unit)} (set the baseline, then the target)."
            description = f"{description}\n\n{note}".strip()
        goals.append(
            {
                "title": g.title,
                "description": description,
                "category": g.category,
                "kpi_name": g.kpi_name,
                "unit": g.unit,
                "baseline": g.baseline,
                "current": g.baseline,
                "target": target,
                "due_date": _on(start, g.due_day),
                "priority": g.priority,
                "customer_visible": g.customer_visible,
            }
        )
    return Instance(
        plan={
            "title": t.title,
            "period_start": start,
            "period_end": start + timedelta(days=t.length_days),
            "status": t.status,
            "desired_outcomes": t.desired_outcomes,
        },
        goals=tuple(goals),
        risks=tuple(
            {
                "title": k.title,
                "description": k.description,
                "category": k.category,
                "severity": k.severity,
                "likelihood": k.likelihood,
                "mitigation": k.mitigation,
                "raised_on": start,
            }
            for k in t.risks
        ),
        actions=tuple(
            (
                {
                    "title": a.title,
                    "description": a.description,
                    "due_date": _on(start, a.due_day),
                    "priority": a.priority,
                    "type": a.type,
                },
                None if a.goal is None else a.goal - 1,
            )
            for a in t.actions
        ),
    )


# --------------------------------------------------------------------------- removing names

_LEGAL = {
    "inc",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "srl",
    "spa",
    "bv",
    "nv",
    "kk",
    "oy",
    "ab",
    "as",
    "co",
    "corp",
    "corporation",
    "company",
    "limited",
    "pty",
    "pte",
    "group",
    "holdings",
    "de",
    "cv",
    "llp",
    "lp",
    "trust",
}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True, slots=True)
class Names:
    """The names a saved template must not carry: the account's and its people's."""

    account: str
    people: tuple[tuple[str, StakeholderRole], ...] = ()
    website: str = ""


def _account_forms(name: str) -> list[str]:
    words = name.replace(",", " ").split()
    forms = [" ".join(words)]
    while words and words[-1].casefold().strip(".") in _LEGAL:
        words = words[:-1]
        if words:
            forms.append(" ".join(words))
    return [f for f in forms if len(f) >= 2]


def scrub(text: str, names: Names) -> str:
    """``text`` with the account's name, its people's names, e-mail addresses and the account's
    website replaced by neutral words ("the customer", "the champion")."""
    if not text:
        return text
    out = _EMAIL.sub("(e-mail)", text)
    site = names.website.strip().removeprefix("https://").removeprefix("http://").strip("/")
    if site:
        out = re.sub(re.escape(site.removeprefix("www.")), "(website)", out, flags=re.IGNORECASE)
    replacements: list[tuple[str, str]] = [
        (f, "the customer") for f in _account_forms(names.account)
    ]
    for person, role in names.people:
        label = f"the {role.label.lower()}"
        parts = [p for p in person.replace(",", " ").split() if len(p) >= 3]
        replacements.append((" ".join(person.split()), label))
        replacements.extend((p, label) for p in parts)
    for needle, word in sorted(replacements, key=lambda r: -len(r[0])):
        if needle.strip():
            pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
            out = re.sub(pattern, word, out, flags=re.IGNORECASE)
    first = names.account.split()[0] if len(names.account.split()) > 1 else ""
    if len(first) >= 4 and first[0].isupper():  # "Acme" of "Acme Logistics", as a brand only
        brand = "|".join(re.escape(f) for f in {first, first.upper()})
        out = re.sub(rf"(?<!\w)(?:{brand})(?!\w)", "the customer", out)
    return out
