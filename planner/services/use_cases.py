"""Use cases: how the customer applies the product, and how far it is adopted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from planner.domain.enums import UseCaseStatus
from planner.services._crud import Entity, Values, list_in
from planner.services._crud import create as _create
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.services._crud import update as _update
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class UseCase:
    id: str
    account_id: str
    title: str
    problem: str
    desired_outcome: str
    products: str
    status: UseCaseStatus
    adoption_pct: int
    go_live: date | None
    value_realised: str
    value_minor: int | None
    created_at: datetime
    updated_at: datetime


def _check_use_case(session: Session, values: Values, _before: Values | None) -> None:
    if values["status"] is UseCaseStatus.LIVE and values.get("go_live") is None:
        values["go_live"] = m.session_today(session)


USE_CASE = Entity(m.UseCase, UseCase, "use case", _check_use_case)


def create_use_case(book: Book, account_id: str, **values: Any) -> UseCase:
    return _create(book, USE_CASE, {"account_id": account_id, **values})


def update_use_case(book: Book, use_case_id: str, **changes: Any) -> UseCase:
    return _update(book, USE_CASE, use_case_id, changes)


def delete_use_case(book: Book, use_case_id: str) -> DeletedRows:
    return _delete(book, USE_CASE, use_case_id)


def get_use_case(book: Book, use_case_id: str) -> UseCase:
    return _get(book, USE_CASE, use_case_id)


def list_use_cases(book: Book, account_id: str) -> list[UseCase]:
    with book.read() as session:
        return list_in(
            session,
            USE_CASE,
            m.UseCase.account_id == account_id,
            order_by=[m.UseCase.go_live.is_(None), m.UseCase.go_live, m.UseCase.title],
        )
