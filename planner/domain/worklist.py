"""Grouping of open work by due date: overdue, today, this week, later."""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.enums import LabelledEnum


class WorkGroup(LabelledEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"


def work_group(due: date | None, today: date) -> WorkGroup:
    """Overdue before today; today; this week up to Sunday; later (or undated)."""
    if due is None:
        return WorkGroup.LATER
    if due < today:
        return WorkGroup.OVERDUE
    if due == today:
        return WorkGroup.TODAY
    end_of_week = today + timedelta(days=6 - today.weekday())
    return WorkGroup.THIS_WEEK if due <= end_of_week else WorkGroup.LATER
