"""The editor of every entity: its fields, and how Save creates or updates it through the undo
history (so every edit is committed at once and can be undone and redone).

Each ``*_dialog`` function returns a :class:`FormDialog` that is not shown yet; the page calls
``open()`` on it (tests drive it directly). A create records ``history.create``; an edit records
``history.update`` with only the fields the user changed, and their old values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from planner.domain import formatting as fmt
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalCategory,
    GoalStatus,
    InteractionType,
    LifecycleStage,
    Likelihood,
    OpportunityKind,
    OpportunityStage,
    OpportunityStatus,
    PlanStatus,
    Priority,
    RevenueKind,
    RiskCategory,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
    SurveyKind,
    Tier,
    UseCaseStatus,
)
from planner.domain.money import COMMON_CURRENCIES
from planner.services import (
    accounts,
    actions,
    books,
    edits,
    interactions,
    plans,
    preferences,
    revenue,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services.changes import DeletedRows
from ui.context import BookContext
from ui.dialogs.form import SENTIMENT_OPTIONS, Field, FormDialog, enum_options
from ui.widgets.common import DateField


@dataclass(frozen=True)
class Kind:
    """How to create, update and delete one entity, for the dialogs and the Delete key."""

    noun: str
    update: Callable[..., Any]
    delete: Callable[..., DeletedRows]


def _kinds() -> dict[str, Kind]:
    return {
        "account": Kind("account", accounts.update_account, accounts.delete_account),
        "plan": Kind("success plan", plans.update_plan, plans.delete_plan),
        "goal": Kind("goal", plans.update_goal, plans.delete_goal),
        "risk": Kind("risk", plans.update_risk, plans.delete_risk),
        "stakeholder": Kind(
            "stakeholder",
            stakeholders.update_stakeholder,
            stakeholders.delete_stakeholder,
        ),
        "use_case": Kind("use case", use_cases.update_use_case, use_cases.delete_use_case),
        "action": Kind("action", actions.update_action, actions.delete_action),
        "interaction": Kind(
            "timeline entry",
            interactions.update_interaction,
            interactions.delete_interaction,
        ),
        "response": Kind("survey response", surveys.update_response, surveys.delete_response),
        "opportunity": Kind("opportunity", revenue.update_opportunity, revenue.delete_opportunity),
        "event": Kind("revenue event", revenue.update_event, revenue.delete_event),
    }


KINDS = _kinds()


def _creator(
    ctx: BookContext,
    kind: str,
    title: str,
    fields: Sequence[Field],
    values: Mapping[str, Any],
    create: Callable[[dict[str, Any]], Any],
    parent: QWidget | None,
    *,
    intro: str = "",
) -> FormDialog:
    k = KINDS[kind]

    def save(v: dict[str, Any]) -> Any:
        return ctx.history.create(
            f"Add {k.noun}",
            lambda: create(v),
            delete=lambda dto: k.delete(ctx.book, dto.id),
        )

    return FormDialog(
        title,
        fields,
        values,
        save,
        parent=parent,
        read_only=ctx.read_only,
        today=ctx.today,
        intro=intro,
        save_text="Add",
    )


def _editor(
    ctx: BookContext,
    kind: str,
    title: str,
    fields: Sequence[Field],
    current: Any,
    parent: QWidget | None,
    *,
    values: Mapping[str, Any] | None = None,
    prepare: Callable[[dict[str, Any], Any], dict[str, Any]] | None = None,
) -> FormDialog:
    """An edit dialog; ``prepare(changes, current)`` may adjust the changed fields."""
    k = KINDS[kind]
    initial = (
        dict(values)
        if values is not None
        else {f.key: getattr(current, f.key, None) for f in fields}
    )
    dialog: FormDialog

    def save(v: dict[str, Any]) -> Any:
        new = dialog.changed(v)
        if prepare is not None:
            new = prepare(new, current)
        if not new:
            return current
        old = {
            key: getattr(current, key) if hasattr(current, key) else initial.get(key) for key in new
        }
        return ctx.history.update(
            f"Edit {k.noun}",
            lambda rid, **kw: k.update(ctx.book, rid, **kw),
            current.id,
            new,
            old,
        )

    dialog = FormDialog(
        title, fields, initial, save, parent=parent, read_only=ctx.read_only, today=ctx.today
    )
    return dialog


def delete_row(ctx: BookContext, kind: str, row_id: str, name: str) -> DeletedRows:
    """Delete a row through the undo history (undo puts it back with all it held)."""
    k = KINDS[kind]
    return ctx.history.delete(f"Delete {k.noun} {_short(name)}", lambda: k.delete(ctx.book, row_id))


def _short(name: str) -> str:
    flat = " ".join(name.split())
    return f"“{flat[:40]}{'…' if len(flat) > 40 else ''}”"


# --------------------------------------------------------------------------- accounts


def account_fields(*, currency: str, creating: bool) -> list[Field]:
    currencies = list(dict.fromkeys([currency, *COMMON_CURRENCIES]))
    return [
        Field("name", "Name", optional=False, placeholder="e.g. Northwind Traders"),
        Field("tier", "Tier", "choice", enum_options(Tier)),
        Field(
            "lifecycle_stage",
            "Lifecycle stage",
            "choice",
            enum_options(LifecycleStage),
            help="A new stage is added to the stage history, dated today.",
        ),
        Field(
            "arr_minor",
            "ARR",
            "money",
            currency=currency,
            currency_field="currency" if creating else "",
            help="Annual recurring revenue. A change is recorded as an expansion or a "
            "contraction dated today."
            if not creating
            else "Recorded as the account's first revenue event.",
        ),
        Field("currency", "Currency", "choice", [(c, c) for c in currencies]),
        Field("renewal_date", "Renewal date", "date"),
        Field("contract_start", "Contract start", "date"),
        Field("owner", "CSM owner", placeholder="Who looks after this account"),
        Field("industry", "Industry"),
        Field("region", "Region"),
        Field("employee_count", "Employees", "int"),
        Field("crm_id", "CRM id", placeholder="Salesforce or HubSpot id, for re-import"),
        Field("website", "Website"),
        Field("strategic", "Strategic", "bool", placeholder="Strategic account"),
        Field(
            "csm_sentiment",
            "Your sentiment",
            "choice",
            [(None, "(not set)"), *SENTIMENT_OPTIONS],
            help="Your own read of the relationship; it feeds the health score.",
        ),
        Field("csm_sentiment_note", "Sentiment note", "multiline"),
        Field("notes", "Notes", "multiline"),
    ]


def new_account_dialog(ctx: BookContext, parent: QWidget | None) -> FormDialog:
    currency = str(books.get_settings(ctx.book).get("base_currency") or "USD")
    fields = account_fields(currency=currency, creating=True)
    values = {
        "tier": Tier.MID_MARKET,
        "lifecycle_stage": LifecycleStage.ONBOARDING,
        "currency": currency,
        "owner": "",
    }

    def create(v: dict[str, Any]) -> Any:
        v = dict(v)
        v["arr_minor"] = v.get("arr_minor") or 0
        v["crm_id"] = (v.get("crm_id") or "").strip() or None
        return accounts.create_account(ctx.book, **v)

    return _creator(ctx, "account", "New account", fields, values, create, parent)


def edit_account_dialog(
    ctx: BookContext, account: accounts.Account, parent: QWidget | None
) -> FormDialog:
    """Edit an account. A new ARR is recorded as its own revenue event (an expansion or a
    contraction dated today), so undoing the edit removes exactly that event."""
    fields = account_fields(currency=account.currency, creating=False)
    initial = {f.key: getattr(account, f.key, None) for f in fields}
    k = KINDS["account"]
    dialog: FormDialog

    def save(v: dict[str, Any]) -> Any:
        new = dialog.changed(v)
        if "crm_id" in new:
            new["crm_id"] = (new["crm_id"] or "").strip() or None
        arr = new.pop("arr_minor", account.arr_minor)
        delta = (arr or 0) - account.arr_minor
        if not new and not delta:
            return account
        with ctx.history.group(f"Edit account {_short(account.name)}"):
            if new:  # first: a retry after a validation error repeats it harmlessly
                old = {key: getattr(account, key) for key in new}
                ctx.history.update(
                    f"Edit {k.noun}",
                    lambda rid, **kw: k.update(ctx.book, rid, **kw),
                    account.id,
                    new,
                    old,
                )
            if delta:
                ctx.history.create(
                    "Change ARR",
                    lambda: revenue.create_event(
                        ctx.book,
                        account.id,
                        occurred_on=ctx.today(),
                        kind=RevenueKind.EXPANSION if delta > 0 else RevenueKind.CONTRACTION,
                        arr_delta_minor=delta,
                        note="ARR edited on the account",
                    ),
                    delete=lambda event: revenue.delete_event(ctx.book, event.id),
                )
        return accounts.get_account(ctx.book, account.id)

    dialog = FormDialog(
        f"Edit {account.name}",
        fields,
        initial,
        save,
        parent=parent,
        read_only=ctx.read_only,
        today=ctx.today,
    )
    return dialog


# --------------------------------------------------------------------------- plans, goals, risks


PLAN_FIELDS = [
    Field("title", "Title", optional=False, placeholder="e.g. FY27 success plan"),
    Field("status", "Status", "choice", enum_options(PlanStatus)),
    Field("period_start", "Period start", "date"),
    Field("period_end", "Period end", "date"),
    Field(
        "desired_outcomes",
        "Desired outcomes",
        "multiline",
        placeholder="What the customer wants to achieve, in their words",
    ),
    Field("internal_notes", "Internal notes", "multiline", help="Never shown to the customer."),
]


def plan_dialog(
    ctx: BookContext, account_id: str, plan: plans.SuccessPlan | None, parent: QWidget | None
) -> FormDialog:
    if plan is not None:
        return _editor(ctx, "plan", "Edit success plan", PLAN_FIELDS, plan, parent)
    today = ctx.today()
    values = {
        "status": PlanStatus.ACTIVE,
        "period_start": today,
        "period_end": today + timedelta(days=364),
    }
    return _creator(
        ctx,
        "plan",
        "New success plan",
        PLAN_FIELDS,
        values,
        lambda v: plans.create_plan(ctx.book, account_id, **v),
        parent,
    )


def _people(ctx: BookContext, account_id: str, exclude: str = "") -> list[tuple[Any, str]]:
    return [
        (p.id, f"{p.name} ({p.job_title})" if p.job_title else p.name)
        for p in stakeholders.list_stakeholders(ctx.book, account_id)
        if p.id != exclude
    ]


VALUE_PER_UNIT_HELP = (
    "What one unit of the KPI is worth to the customer, e.g. one hour = 68. The QBR's value "
    "slide multiplies the progress by it; per-week and per-month measures (hours/week, calls "
    "per month) are counted over a year."
)


def goal_fields(people: list[tuple[Any, str]], currency: str = "USD") -> list[Field]:
    return [
        Field("title", "Goal", optional=False, placeholder="e.g. Cut ticket resolution time"),
        Field("status", "Status", "choice", enum_options(GoalStatus)),
        Field("category", "Category", "choice", enum_options(GoalCategory)),
        Field("kpi_name", "KPI", placeholder="e.g. Median resolution time"),
        Field("unit", "Unit", placeholder="e.g. hours, %, users"),
        Field("baseline", "Baseline", "float", placeholder="Where it started"),
        Field(
            "current",
            "Current value",
            "float",
            placeholder="Where it is now",
            help="A change is kept as a reading dated today (Record Progress can date one).",
            aliases=("value",),
        ),
        Field("target", "Target", "float", placeholder="Where it should get to"),
        Field(
            "value_per_unit_minor",
            "Value per unit",
            "money",
            currency=currency,
            placeholder="e.g. 68.00 for one hour",
            help=VALUE_PER_UNIT_HELP,
        ),
        Field("due_date", "Due date", "date"),
        Field("priority", "Priority", "choice", enum_options(Priority)),
        Field("owner_stakeholder_id", "Customer owner", "ref", people),
        Field("owner_name", "Internal owner"),
        Field(
            "customer_visible",
            "Customer-visible",
            "bool",
            placeholder="Show this goal in QBR decks",
        ),
        Field("description", "Description", "multiline"),
    ]


def goal_dialog(
    ctx: BookContext,
    account_id: str,
    plan_id: str,
    goal: plans.Goal | None,
    parent: QWidget | None,
) -> FormDialog:
    currency = accounts.get_account(ctx.book, account_id).currency
    fields = goal_fields(_people(ctx, account_id), currency)
    if goal is not None:
        return _goal_editor(ctx, fields, goal, parent)
    values = {
        "status": GoalStatus.NOT_STARTED,
        "category": GoalCategory.ADOPTION,
        "priority": Priority.MEDIUM,
        "customer_visible": True,
    }
    return _creator(
        ctx,
        "goal",
        "New goal",
        fields,
        values,
        lambda v: plans.create_goal(ctx.book, plan_id, **v),
        parent,
    )


def _goal_editor(
    ctx: BookContext, fields: Sequence[Field], goal: plans.Goal, parent: QWidget | None
) -> FormDialog:
    """Edit a goal. A new current value is also kept as a reading dated today (what Record
    Progress does), so the goal's history misses no change; one undo step takes back both."""
    initial = {f.key: getattr(goal, f.key, None) for f in fields}
    k = KINDS["goal"]
    dialog: FormDialog

    def save(v: dict[str, Any]) -> Any:
        new = dialog.changed(v)
        reading = new.pop("current") if new.get("current") is not None else None
        if not new and reading is None:
            return goal
        with ctx.history.group(f"Edit goal {_short(goal.title)}"):
            if new:  # first: a retry after a validation error repeats it harmlessly
                old = {key: getattr(goal, key) for key in new}
                ctx.history.update(
                    f"Edit {k.noun}",
                    lambda rid, **kw: k.update(ctx.book, rid, **kw),
                    goal.id,
                    new,
                    old,
                )
            if reading is not None:
                edits.record_progress(
                    ctx.history,
                    ctx.book,
                    "Record progress",
                    goal.id,
                    reading,
                    on=ctx.today(),
                    note="Changed in the goal's editor",
                )
        return plans.get_goal(ctx.book, goal.id)

    dialog = FormDialog(
        "Edit goal", fields, initial, save, parent=parent, read_only=ctx.read_only, today=ctx.today
    )
    return dialog


RISK_FIELDS = [
    Field("title", "Risk", optional=False, placeholder="e.g. Champion may leave"),
    Field("severity", "Severity", "choice", enum_options(Severity)),
    Field("likelihood", "Likelihood", "choice", enum_options(Likelihood)),
    Field("category", "Category", "choice", enum_options(RiskCategory)),
    Field("status", "Status", "choice", enum_options(RiskStatus)),
    Field("mitigation", "Mitigation", "multiline", placeholder="What you are doing about it"),
    Field("raised_on", "Raised on", "date"),
    Field("resolved_on", "Resolved on", "date"),
    Field("owner_name", "Owner"),
    Field("internal", "Internal only", "bool", placeholder="Keep out of customer documents"),
    Field("description", "Description", "multiline"),
]


def risk_dialog(
    ctx: BookContext, account_id: str, risk: plans.Risk | None, parent: QWidget | None
) -> FormDialog:
    if risk is not None:
        return _editor(ctx, "risk", "Edit risk", RISK_FIELDS, risk, parent)
    values = {
        "severity": Severity.MEDIUM,
        "likelihood": Likelihood.POSSIBLE,
        "category": RiskCategory.ADOPTION,
        "status": RiskStatus.OPEN,
        "raised_on": ctx.today(),
    }
    return _creator(
        ctx,
        "risk",
        "New risk",
        RISK_FIELDS,
        values,
        lambda v: plans.create_risk(ctx.book, account_id, **v),
        parent,
    )


# --------------------------------------------------------------------------- stakeholders


def stakeholder_fields(people: list[tuple[Any, str]], *, editing: bool) -> list[Field]:
    fields = [
        Field("name", "Name", optional=False),
        Field("job_title", "Job title"),
        Field("role", "Role", "choice", enum_options(StakeholderRole)),
        Field("side", "Side", "choice", enum_options(Side)),
        Field(
            "influence",
            "Influence",
            "spin",
            minimum=1,
            maximum=5,
            help="1 = little say, 5 = decides.",
        ),
        Field("sentiment", "Sentiment", "choice", SENTIMENT_OPTIONS),
    ]
    if editing:
        fields.append(
            Field(
                "sentiment_note",
                "Why it changed",
                "multiline",
                help="Kept in the sentiment history when the sentiment changes.",
            )
        )
    fields += [
        Field("reports_to_id", "Reports to", "ref", people),
        Field("email", "Email", placeholder="name@company.com"),
        Field("phone", "Phone"),
        Field("last_contact", "Last contact", "date"),
        Field("left_company", "Left the company", "bool", placeholder="No longer there"),
        Field("left_on", "Left on", "date"),
        Field("notes", "Notes", "multiline"),
    ]
    return fields


def stakeholder_dialog(
    ctx: BookContext,
    account_id: str,
    person: stakeholders.Stakeholder | None,
    parent: QWidget | None,
) -> FormDialog:
    people = _people(ctx, account_id, exclude=person.id if person else "")
    if person is not None:
        fields = stakeholder_fields(people, editing=True)

        def prepare(new: dict[str, Any], _current: Any) -> dict[str, Any]:
            note = new.pop("sentiment_note", "")
            if "sentiment" in new and note:
                new["sentiment_note"] = note
            return new

        values = {f.key: getattr(person, f.key, None) for f in fields}
        values["sentiment_note"] = ""
        return _editor(
            ctx,
            "stakeholder",
            f"Edit {person.name}",
            fields,
            person,
            parent,
            values=values,
            prepare=prepare,
        )
    values = {
        "side": Side.CUSTOMER,
        "role": StakeholderRole.END_USER,
        "influence": 3,
        "sentiment": 0,
    }
    return _creator(
        ctx,
        "stakeholder",
        "New stakeholder",
        stakeholder_fields(people, editing=False),
        values,
        lambda v: stakeholders.create_stakeholder(ctx.book, account_id, **v),
        parent,
    )


# --------------------------------------------------------------------------- use cases


def use_case_fields(currency: str) -> list[Field]:
    return [
        Field("title", "Use case", optional=False, placeholder="e.g. Self-service reporting"),
        Field("status", "Status", "choice", enum_options(UseCaseStatus)),
        Field("adoption_pct", "Adoption %", "spin", minimum=0, maximum=100),
        Field("go_live", "Go-live date", "date"),
        Field("products", "Products / features"),
        Field("problem", "Problem", "multiline"),
        Field("desired_outcome", "Desired outcome", "multiline"),
        Field(
            "value_realised",
            "Value realised",
            "multiline",
            placeholder="e.g. 30 % fewer manual reports",
        ),
        Field("value_minor", "Value amount", "money", currency=currency),
    ]


def use_case_dialog(
    ctx: BookContext,
    account: accounts.Account,
    use_case: use_cases.UseCase | None,
    parent: QWidget | None,
) -> FormDialog:
    fields = use_case_fields(account.currency)
    if use_case is not None:
        return _editor(ctx, "use_case", "Edit use case", fields, use_case, parent)
    values = {"status": UseCaseStatus.PLANNED, "adoption_pct": 0}
    return _creator(
        ctx,
        "use_case",
        "New use case",
        fields,
        values,
        lambda v: use_cases.create_use_case(ctx.book, account.id, **v),
        parent,
    )


# --------------------------------------------------------------------------- actions


def action_fields(ctx: BookContext, account_id: str) -> list[Field]:
    goals = [(g.id, g.title) for g in plans.list_account_goals(ctx.book, account_id)]
    risks = [(r.id, r.title) for r in plans.list_risks(ctx.book, account_id)]
    return [
        Field("title", "Action", optional=False, placeholder="e.g. Send the renewal proposal"),
        Field("due_date", "Due date", "date"),
        Field("status", "Status", "choice", enum_options(ActionStatus)),
        Field("priority", "Priority", "choice", enum_options(Priority)),
        Field("type", "Type", "choice", enum_options(ActionType)),
        Field("owner_name", "Owner", placeholder="Who does it (you, a colleague)"),
        Field("owner_stakeholder_id", "Customer owner", "ref", _people(ctx, account_id)),
        Field("goal_id", "For goal", "ref", goals),
        Field("risk_id", "For risk", "ref", risks),
        Field("snoozed_until", "Snoozed until", "date", help="Hidden from My Work until this day."),
        Field("description", "Notes", "multiline"),
    ]


def action_dialog(
    ctx: BookContext,
    account_id: str,
    action: actions.ActionItem | None,
    parent: QWidget | None,
    *,
    goal_id: str | None = None,
) -> FormDialog:
    """Edit ``action``, or make a new one (for the goal ``goal_id`` when given)."""
    fields = action_fields(ctx, account_id)
    if action is not None:
        return _editor(ctx, "action", "Edit action", fields, action, parent)
    values = {
        "status": ActionStatus.OPEN,
        "priority": Priority.MEDIUM,
        "type": ActionType.FOLLOW_UP,
        "due_date": ctx.today() + timedelta(days=7),
        "owner_name": my_name(),
        "goal_id": goal_id,
    }
    return _creator(
        ctx,
        "action",
        "New action",
        fields,
        values,
        lambda v: actions.create_action(ctx.book, account_id, **v),
        parent,
    )


def my_name() -> str:
    """Your name from your preferences ("" when it is not set, or they cannot be read)."""
    return preferences.load_or_default()[0].name


def quick_add_action(ctx: BookContext, account_id: str, title: str, due: Any) -> actions.ActionItem:
    """The Actions tab's quick-add line: a title and a due date, through the history; you
    (your name in Preferences) own it."""
    k = KINDS["action"]
    owner = my_name()
    return ctx.history.create(
        "Add action",
        lambda: actions.create_action(
            ctx.book, account_id, title=title, due_date=due, owner_name=owner
        ),
        delete=lambda dto: k.delete(ctx.book, dto.id),
    )


def mark_done(ctx: BookContext, action: actions.ActionItem) -> actions.ActionItem:
    return ctx.history.update(
        f"Mark {_short(action.title)} done",
        lambda rid, **kw: actions.update_action(ctx.book, rid, **kw),
        action.id,
        {"status": ActionStatus.DONE, "completed_on": ctx.today()},
        {"status": action.status, "completed_on": action.completed_on},
    )


def snooze(ctx: BookContext, action: actions.ActionItem, days: int) -> actions.ActionItem:
    return ctx.history.update(
        f"Snooze {_short(action.title)}",
        lambda rid, **kw: actions.update_action(ctx.book, rid, **kw),
        action.id,
        {"snoozed_until": ctx.today() + timedelta(days=days)},
        {"snoozed_until": action.snoozed_until},
    )


# --------------------------------------------------------------------------- timeline


def interaction_fields(people: list[tuple[Any, str]]) -> list[Field]:
    return [
        Field("type", "Type", "choice", enum_options(InteractionType)),
        Field("occurred_on", "Date", "date", optional=False),
        Field("subject", "Subject", optional=False, placeholder="e.g. Renewal check-in"),
        Field("attendees", "Attendees", "checks", people),
        Field("sentiment", "How it went", "choice", [(None, "(not recorded)"), *SENTIMENT_OPTIONS]),
        Field("summary", "Notes", "multiline", placeholder="What was said, decided, promised"),
    ]


def interaction_dialog(
    ctx: BookContext,
    account_id: str,
    item: interactions.Interaction | None,
    parent: QWidget | None,
    *,
    kind: InteractionType = InteractionType.CALL,
) -> FormDialog:
    fields = interaction_fields(_people(ctx, account_id))
    if item is not None:
        values = {f.key: getattr(item, f.key, None) for f in fields}
        values["attendees"] = item.attendee_ids
        return _editor(
            ctx, "interaction", "Edit timeline entry", fields, item, parent, values=values
        )
    titles = {
        InteractionType.CALL: "Log a call",
        InteractionType.MEETING: "Log a meeting",
        InteractionType.EMAIL: "Log an email",
        InteractionType.NOTE: "Add a note",
    }
    values = {"type": kind, "occurred_on": ctx.today(), "attendees": (), "sentiment": None}
    return _log_dialog(
        ctx, account_id, titles.get(kind, "Add to the timeline"), fields, values, parent
    )


FOLLOW_UP_FIELDS = [
    Field("follow_up", "Follow-up", "bool", placeholder="Add a follow-up action"),
    Field(
        "follow_up_title",
        "Action",
        placeholder="e.g. Send the pricing deck",
        help="An open action for this account, saved with the entry (one undo takes back both).",
    ),
    Field("follow_up_owner", "Owner", placeholder="Who does it (you, a colleague)"),
    Field("follow_up_due", "Due date", "date"),
]
FOLLOW_UP_DAYS = 7
"""A follow-up is first due this many days after the entry's date."""


def _log_dialog(
    ctx: BookContext,
    account_id: str,
    title: str,
    fields: Sequence[Field],
    values: Mapping[str, Any],
    parent: QWidget | None,
) -> FormDialog:
    """Log an interaction, with an optional follow-up action written in the same transaction
    and undone in the same step."""
    owner = accounts.get_account(ctx.book, account_id).owner
    keys = [f.key for f in FOLLOW_UP_FIELDS]

    def save(v: dict[str, Any]) -> Any:
        v = dict(v)
        wanted, what, who, due = (v.pop(key) for key in keys)
        follow_up = interactions.FollowUp(what or "", who or "", due) if wanted else None
        return ctx.history.create(
            f"Add {KINDS['interaction'].noun}" + (" and its follow-up" if follow_up else ""),
            lambda: interactions.log_interaction(ctx.book, account_id, follow_up=follow_up, **v),
            delete=lambda logged: interactions.unlog_interaction(ctx.book, logged),
        )

    dialog = FormDialog(
        title,
        [*fields, *FOLLOW_UP_FIELDS],
        {**values, "follow_up": False, "follow_up_owner": owner},
        save,
        parent=parent,
        read_only=ctx.read_only,
        today=ctx.today,
        save_text="Add",
    )
    check = dialog.inputs["follow_up"].widget
    parts = [dialog.inputs[key] for key in keys[1:]]
    date_input = dialog.inputs["follow_up_due"].widget

    def toggled(on: bool) -> None:
        for part in parts:
            part.widget.setEnabled(on)
        if on:
            if isinstance(date_input, DateField) and date_input.value() is None:
                day = dialog.inputs["occurred_on"].read()
                start = day if isinstance(day, date) else ctx.today()
                date_input.set_value(start + timedelta(days=FOLLOW_UP_DAYS))
            dialog.widget("follow_up_title").setFocus()

    def said() -> None:
        logged = dialog.result_value
        action = getattr(logged, "action", None)
        if action is not None:
            due = f", due {fmt.day(action.due_date)}" if action.due_date else ""
            ctx.nav.status.emit(
                f"Logged {logged.interaction.subject} and its follow-up “{action.title}”{due}. "
                "Undo with Ctrl+Z takes back both."
            )

    assert isinstance(check, QCheckBox)
    check.toggled.connect(toggled)
    dialog.accepted.connect(said)
    for part in parts:
        part.widget.setEnabled(False)
    return dialog


# --------------------------------------------------------------------------- voice of customer


def response_fields(people: list[tuple[Any, str]]) -> list[Field]:
    return [
        Field("kind", "Survey", "choice", enum_options(SurveyKind)),
        Field(
            "score",
            "Score",
            "spin",
            minimum=0,
            maximum=10,
            help="NPS: 0-10 (how likely to recommend). CSAT: 1-5 (how satisfied).",
        ),
        Field("responded_on", "Date", "date", optional=False),
        Field("stakeholder_id", "Respondent", "ref", people),
        Field("comment", "Comment", "multiline", placeholder="In the customer's words"),
        Field("themes", "Themes", placeholder="Comma-separated, e.g. support, reporting"),
    ]


def _themes(values: dict[str, Any]) -> dict[str, Any]:
    if "themes" in values and isinstance(values["themes"], str):
        values["themes"] = [t.strip() for t in values["themes"].split(",") if t.strip()]
    return values


def response_dialog(
    ctx: BookContext,
    account_id: str,
    response: surveys.SurveyResponse | None,
    parent: QWidget | None,
) -> FormDialog:
    fields = response_fields(_people(ctx, account_id))
    if response is not None:
        values = {f.key: getattr(response, f.key, None) for f in fields}
        values["themes"] = ", ".join(response.themes)

        def prepare(new: dict[str, Any], _current: Any) -> dict[str, Any]:
            return _themes(new)

        return _editor(
            ctx,
            "response",
            "Edit survey response",
            fields,
            response,
            parent,
            values=values,
            prepare=prepare,
        )
    values = {"kind": SurveyKind.NPS, "score": 8, "responded_on": ctx.today()}
    return _creator(
        ctx,
        "response",
        "New survey response",
        fields,
        values,
        lambda v: surveys.create_response(ctx.book, account_id, **_themes(dict(v))),
        parent,
    )


# --------------------------------------------------------------------------- expansion


def opportunity_fields(currency: str) -> list[Field]:
    return [
        Field("title", "Opportunity", optional=False, placeholder="e.g. Analytics add-on"),
        Field("kind", "Kind", "choice", enum_options(OpportunityKind)),
        Field("product", "Product"),
        Field("amount_minor", "Amount (ARR)", "money", currency=currency, optional=False),
        Field("stage", "Stage", "choice", enum_options(OpportunityStage)),
        Field("expected_close", "Expected close", "date"),
        Field("status", "Status", "choice", enum_options(OpportunityStatus)),
        Field("closed_on", "Closed on", "date"),
        Field("notes", "Notes", "multiline"),
    ]


def opportunity_dialog(
    ctx: BookContext,
    account: accounts.Account,
    opp: revenue.Opportunity | None,
    parent: QWidget | None,
) -> FormDialog:
    fields = opportunity_fields(account.currency)
    if opp is not None:
        return _editor(ctx, "opportunity", "Edit opportunity", fields, opp, parent)
    values = {
        "kind": OpportunityKind.UPSELL,
        "stage": OpportunityStage.IDENTIFIED,
        "status": OpportunityStatus.OPEN,
    }
    return _creator(
        ctx,
        "opportunity",
        "New opportunity",
        fields,
        values,
        lambda v: revenue.create_opportunity(ctx.book, account.id, **v),
        parent,
    )


def event_fields(currency: str) -> list[Field]:
    return [
        Field("occurred_on", "Date", "date", optional=False),
        Field("kind", "Kind", "choice", enum_options(RevenueKind)),
        Field(
            "arr_delta_minor",
            "ARR change",
            "money",
            currency=currency,
            optional=False,
            help="Positive for new business and expansion, negative (e.g. -5000) for a "
            "contraction or churn.",
        ),
        Field("note", "Note", "multiline"),
    ]


def event_dialog(
    ctx: BookContext,
    account: accounts.Account,
    event: revenue.RevenueEvent | None,
    parent: QWidget | None,
) -> FormDialog:
    fields = event_fields(account.currency)
    if event is not None:
        return _editor(ctx, "event", "Edit revenue event", fields, event, parent)
    values = {"occurred_on": ctx.today(), "kind": RevenueKind.EXPANSION}
    return _creator(
        ctx,
        "event",
        "Record an ARR change",
        fields,
        values,
        lambda v: revenue.create_event(ctx.book, account.id, **v),
        parent,
        intro="The account's ARR is the sum of its revenue events.",
    )
