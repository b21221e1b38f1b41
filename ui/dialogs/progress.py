"""Record Progress: one reading of a goal's KPI (value, date, note).

The reading is kept in the goal's history and, when it is the newest, becomes the goal's
current value: both in one transaction, and one step on the undo stack
(:func:`planner.services.edits.record_progress`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from planner.domain import formatting as fmt
from planner.domain.errors import ValidationError
from planner.services import edits, plans
from ui.context import BookContext
from ui.dialogs.form import Field, FormDialog


def _shown(value: float | None, unit: str) -> str:
    return "not set" if value is None else fmt.quantity(value, unit)


def progress_intro(goal: plans.Goal, history: list[plans.GoalMeasurement]) -> str:
    """What the dialog says first: where the goal stands and what a reading does."""
    where = (
        f"Baseline {_shown(goal.baseline, goal.unit)}, now {_shown(goal.current, goal.unit)}, "
        f"target {_shown(goal.target, goal.unit)}."
    )
    if history:
        last = history[-1]
        where += (
            f" Last reading {fmt.quantity(last.value, goal.unit)} on {fmt.day(last.measured_on)}"
            f" ({fmt.plural(len(history), 'reading')} kept)."
        )
    return (
        f"{where} The reading becomes the current value unless a later one exists; every "
        "reading is kept for the trend and the QBR."
    )


def progress_fields(goal: plans.Goal) -> list[Field]:
    unit = f" ({goal.unit})" if goal.unit else ""
    what = goal.kpi_name or "the KPI"
    return [
        Field(
            "value",
            f"Value{unit}",
            "float",
            optional=False,
            placeholder=f"What {what} measures now, e.g. 42",
        ),
        Field(
            "measured_on",
            "Measured on",
            "date",
            optional=False,
            help="When the value was measured; not after today.",
        ),
        Field(
            "note", "Note", "multiline", placeholder="Where the number comes from; what moved it"
        ),
    ]


def progress_dialog(ctx: BookContext, goal: plans.Goal, parent: QWidget | None) -> FormDialog:
    """The Record Progress dialog for ``goal`` (not shown yet: call ``open()``)."""
    history = plans.list_goal_progress(ctx.book, goal.id)

    def save(values: dict[str, Any]) -> plans.ProgressRecorded:
        value = values["value"]
        if value is None:
            raise ValidationError("value", "Type the value you measured, e.g. 42 or 12.5.")
        if values["measured_on"] is None:
            raise ValidationError("measured_on", "Type the day it was measured, e.g. 2026-11-02.")
        return edits.record_progress(
            ctx.history,
            ctx.book,
            f"Record progress on {fmt_short(goal.title)}",
            goal.id,
            value,
            on=values["measured_on"],
            note=values["note"].strip(),
        )

    dialog = FormDialog(
        f"Record progress: {fmt_short(goal.title)}",
        progress_fields(goal),
        {"measured_on": ctx.today(), "note": ""},
        save,
        parent=parent,
        read_only=ctx.read_only,
        today=ctx.today,
        intro=progress_intro(goal, history),
        save_text="Record",
    )
    dialog.resize(560, dialog.height())
    return dialog


def fmt_short(title: str, width: int = 40) -> str:
    flat = " ".join(title.split())
    return f"“{flat[:width]}{'…' if len(flat) > width else ''}”"
