"""Plan templates: the ones shipped with the app, the ones saved in the book, starting a plan
from one, saving a plan as one, and sharing them as files.

Where templates live (decided for this version):

* **Built-in** templates are JSON files in ``resources/plan_templates`` (Onboarding, Adoption
  push, Renewal rescue, Expansion). They cannot be changed or deleted; a saved template cannot
  take a built-in's name.
* **Saved** templates live in the book (table ``plan_templates``: name, description and the
  same JSON document as a file), so they travel with the book: a copy, a backup, an archive and
  a merge carry them like any other record. A team shares them as files: export one, import it
  into another book.

Saving a plan as a template keeps its goals (with their targets as fixed values), the
account's open risks and the actions tied to the plan's goals, all with dates relative to the
plan's start; the account's name, its people's names, e-mail addresses and the website are
replaced by neutral words (:func:`planner.domain.plan_template.scrub`), and owners are left out.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import plan_template as pt
from planner.domain.enums import PlanStatus, RiskStatus
from planner.reports.files import write_bytes
from planner.services import plans
from planner.services._crud import create_in
from planner.services.actions import ACTION, ActionItem
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book
from planner.store.rows import DeletedRows

BUILT_IN = "built-in"
SAVED = "book"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    description: str
    source: str
    """``"built-in"`` or ``"book"``."""
    template: pt.PlanTemplate
    id: str | None = None
    """The saved template's row id (None for a built-in one)."""

    @property
    def built_in(self) -> bool:
        return self.source == BUILT_IN

    @property
    def summary(self) -> str:
        t = self.template
        return (
            f"{len(t.goals)} goals, {len(t.risks)} risks, {len(t.actions)} actions over "
            f"{t.length_days} days"
        )

    def as_contract(self) -> dict[str, Any]:
        t = self.template
        return {
            "name": self.name,
            "source": self.source,
            "description": self.description,
            "plan_title": t.title,
            "length_days": t.length_days,
            "goals": len(t.goals),
            "risks": len(t.risks),
            "actions": len(t.actions),
        }


@dataclass(frozen=True, slots=True)
class PlanFromTemplate:
    """What starting a plan from a template created."""

    template: str
    plan: plans.SuccessPlan
    goals: tuple[plans.Goal, ...]
    risks: tuple[plans.Risk, ...]
    actions: tuple[ActionItem, ...]

    def as_contract(self) -> dict[str, Any]:
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        p = self.plan
        return {
            "template": self.template,
            "plan": {
                "id": p.id,
                "account_id": p.account_id,
                "title": p.title,
                "status": p.status.value,
                "period_start": day(p.period_start),
                "period_end": day(p.period_end),
                "desired_outcomes": p.desired_outcomes,
            },
            "goals": [
                {
                    "id": g.id,
                    "title": g.title,
                    "category": g.category.value,
                    "kpi_name": g.kpi_name,
                    "unit": g.unit,
                    "baseline": g.baseline,
                    "target": g.target,
                    "due_date": day(g.due_date),
                    "priority": g.priority.value,
                }
                for g in self.goals
            ],
            "risks": [
                {"id": r.id, "title": r.title, "severity": r.severity.value} for r in self.risks
            ],
            "actions": [
                {"id": a.id, "title": a.title, "due_date": day(a.due_date), "goal_id": a.goal_id}
                for a in self.actions
            ],
        }


# --------------------------------------------------------------------------- listing


def built_in_templates() -> list[TemplateInfo]:
    """The templates shipped with the app, by name."""
    folder = importlib.resources.files("resources") / "plan_templates"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            t = pt.read_template_bytes(entry.read_bytes(), f"The built-in template {entry.name}")
            found.append(TemplateInfo(t.name, t.description, BUILT_IN, t))
    return sorted(found, key=lambda i: i.name.casefold())


def _saved_in(session: Session) -> list[TemplateInfo]:
    out = []
    for row in session.scalars(select(m.PlanTemplate).order_by(m.PlanTemplate.name)):
        try:
            t = pt.parse_template(row.content, f"The saved template {row.name!r}")
        except errors.ValidationError:
            continue  # damaged by hand: listed by check, never offered
        out.append(TemplateInfo(row.name, row.description, SAVED, t, row.id))
    return out


def list_templates(book: Book) -> list[TemplateInfo]:
    """Built-in templates first, then the book's own, each by name."""
    with book.read() as session:
        saved = _saved_in(session)
    return built_in_templates() + sorted(saved, key=lambda i: i.name.casefold())


def find_template(book: Book, name: str) -> TemplateInfo:
    """A template by name (case and spacing ignored)."""
    wanted = " ".join(name.split()).casefold()
    available = list_templates(book)
    for info in available:
        if info.name.casefold() == wanted:
            return info
    names = ", ".join(i.name for i in available)
    raise errors.NotFoundError(
        f"There is no plan template called {name[:80]!r}. The templates are: {names}."
    )


# --------------------------------------------------------------------------- using one


def create_plan_from_template(
    book: Book, account_id: str, name: str, *, start: date | None = None
) -> PlanFromTemplate:
    """Start a plan for the account from a template: the plan, its goals, the risks and the
    actions, dated from ``start`` (default today), in one transaction."""
    info = find_template(book, name)
    day = start or book.clock.today()
    made = pt.instantiate(info.template, day)
    with book.write() as session:
        if session.get(m.Account, account_id) is None:
            raise errors.NotFoundError("That account no longer exists. Refresh the view.")
        plan = create_in(session, plans.PLAN, {"account_id": account_id, **made.plan})
        goals = [create_in(session, plans.GOAL, {"plan_id": plan.id, **g}) for g in made.goals]
        risks = [
            create_in(session, plans.RISK, {"account_id": account_id, **r}) for r in made.risks
        ]
        acts = []
        for values, goal_index in made.actions:
            link = {"goal_id": goals[goal_index].id} if goal_index is not None else {}
            acts.append(create_in(session, ACTION, {"account_id": account_id, **values, **link}))
        return PlanFromTemplate(
            info.name,
            plans.PLAN.from_obj(plan),
            tuple(plans.GOAL.from_obj(g) for g in goals),
            tuple(plans.RISK.from_obj(r) for r in risks),
            tuple(ACTION.from_obj(a) for a in acts),
        )


def remove_plan_from_template(book: Book, made: PlanFromTemplate) -> tuple[DeletedRows, ...]:
    """Undo :func:`create_plan_from_template`: delete what it created. The captures come back
    in the order to restore them (``changes.restore`` each, to redo): plan, risks, actions."""
    with book.write() as session:
        acts = rows.delete_rows(session, "action_items", [a.id for a in made.actions])
        risks = rows.delete_rows(session, "risks", [r.id for r in made.risks])
        plan = rows.delete_rows(session, "success_plans", [made.plan.id])
    return tuple(c for c in (plan, risks, acts) if c.rows)


# --------------------------------------------------------------------------- saving one


def template_from_plan(
    book: Book, plan_id: str, *, name: str, description: str = ""
) -> pt.PlanTemplate:
    """What saving the plan as a template would store (nothing is written)."""
    with book.read() as session:
        return _template_from_plan(session, plan_id, name, description)


def _template_from_plan(
    session: Session, plan_id: str, name: str, description: str
) -> pt.PlanTemplate:
    plan = session.get(m.SuccessPlan, plan_id)
    if plan is None:
        raise errors.NotFoundError("That plan no longer exists. Refresh the view.")
    account = session.get(m.Account, plan.account_id)
    assert account is not None
    people = session.execute(
        select(m.Stakeholder.name, m.Stakeholder.role).where(m.Stakeholder.account_id == account.id)
    ).all()
    names = pt.Names(account.name, tuple((n, r) for n, r in people), account.website)

    def clean(text: str) -> str:
        return pt.scrub(text, names)

    start = plan.period_start or plan.created_at.date()
    length = (plan.period_end - start).days if plan.period_end else 90
    length = min(max(length, 1), pt.MAX_DAYS)

    def rel(day: date | None) -> int | None:
        return None if day is None else min(max((day - start).days, 0), pt.MAX_DAYS)

    goal_rows = session.scalars(
        select(m.Goal)
        .where(m.Goal.plan_id == plan_id)
        .order_by(m.Goal.due_date.is_(None), m.Goal.due_date, m.Goal.title)
    ).all()[: pt.MAX_GOALS]
    goals = tuple(
        pt.TemplateGoal(
            title=clean(g.title),
            description=clean(g.description),
            category=g.category,
            kpi_name=clean(g.kpi_name),
            unit=g.unit,
            baseline=g.baseline,
            target=pt.Target(pt.TargetRule.FIXED, g.target) if g.target is not None else None,
            due_day=rel(g.due_date),
            priority=g.priority,
            customer_visible=g.customer_visible,
        )
        for g in goal_rows
    )
    risks = tuple(
        pt.TemplateRisk(
            title=clean(r.title),
            description=clean(r.description),
            category=r.category,
            severity=r.severity,
            likelihood=r.likelihood,
            mitigation=clean(r.mitigation),
        )
        for r in session.scalars(
            select(m.Risk)
            .where(
                m.Risk.account_id == account.id,
                m.Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]),
            )
            .order_by(m.Risk.raised_on, m.Risk.title)
        ).all()[: pt.MAX_RISKS]
    )
    index = {g.id: n for n, g in enumerate(goal_rows, start=1)}
    actions = tuple(
        pt.TemplateAction(
            title=clean(a.title),
            description=clean(a.description),
            due_day=rel(a.due_date),
            priority=a.priority,
            type=a.type,
            goal=index.get(a.goal_id or ""),
        )
        for a in session.scalars(
            select(m.ActionItem)
            .where(m.ActionItem.goal_id.in_(list(index)))
            .order_by(m.ActionItem.due_date.is_(None), m.ActionItem.due_date, m.ActionItem.title)
        ).all()[: pt.MAX_ACTIONS]
    )
    document = pt.template_document(
        pt.PlanTemplate(
            name=" ".join(name.split()),
            description=clean(description),
            title=clean(plan.title),
            length_days=length,
            status=PlanStatus.ACTIVE if plan.status is PlanStatus.COMPLETED else plan.status,
            desired_outcomes=clean(plan.desired_outcomes),
            goals=goals,
            risks=risks,
            actions=actions,
        )
    )
    return pt.parse_template(document, "The new template")  # the same checks as a file


def save_plan_as_template(
    book: Book, plan_id: str, *, name: str, description: str = "", replace: bool = False
) -> TemplateInfo:
    """Save the plan as a template in the book (see the module docstring for what it keeps)."""
    with book.write() as session:
        template = _template_from_plan(session, plan_id, name, description)
        return _store(session, template, replace=replace)


def _store(session: Session, template: pt.PlanTemplate, *, replace: bool) -> TemplateInfo:
    name = template.name
    if any(b.name.casefold() == name.casefold() for b in built_in_templates()):
        raise errors.ValidationError(
            "name", f"A built-in template is called {name!r}. Choose another name."
        )
    existing = session.scalars(
        select(m.PlanTemplate).where(func.lower(m.PlanTemplate.name) == name.lower())
    ).first()
    if existing is not None and not replace:
        raise errors.ConflictError(
            f"The book already has a template called {existing.name!r}. Choose another name, "
            "or replace it."
        )
    document = pt.template_document(template)
    if existing is None:
        existing = m.PlanTemplate(name=name, description=template.description, content=document)
        session.add(existing)
    else:
        existing.name = name
        existing.description = template.description
        existing.content = document
    session.flush()
    return TemplateInfo(name, template.description, SAVED, template, existing.id)


def delete_template(book: Book, name: str) -> DeletedRows:
    """Delete a saved template (built-in ones cannot be deleted)."""
    info = find_template(book, name)
    if info.built_in or info.id is None:
        raise errors.ValidationError("name", f"{info.name!r} is built in and cannot be deleted.")
    with book.write() as session:
        return rows.delete_rows(session, "plan_templates", [info.id])


# --------------------------------------------------------------------------- files


def export_template(book: Book, name: str, path: Path) -> Path:
    """Write a template (built-in or saved) to a JSON file another book can import."""
    info = find_template(book, name)
    return write_bytes(Path(path), pt.template_json(info.template).encode("utf-8"))


def read_template_file(path: Path) -> pt.PlanTemplate:
    """Read and check a template file (nothing is written)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(pt.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise errors.NotFoundError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise errors.ValidationError("template", f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise errors.StorageError(f"{path.name} could not be read: {exc.strerror}.") from exc
    return pt.read_template_bytes(data, path.name)


def import_template(book: Book, path: Path, *, replace: bool = False) -> TemplateInfo:
    """Save the template in a file into the book (checked strictly first)."""
    template = read_template_file(path)
    with book.write() as session:
        return _store(session, template, replace=replace)


__all__ = [
    "BUILT_IN",
    "SAVED",
    "PlanFromTemplate",
    "TemplateInfo",
    "built_in_templates",
    "create_plan_from_template",
    "delete_template",
    "export_template",
    "find_template",
    "import_template",
    "list_templates",
    "read_template_file",
    "remove_plan_from_template",
    "save_plan_as_template",
    "template_from_plan",
]
