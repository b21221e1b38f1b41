"""Voice of the customer: NPS (0-10) and CSAT (1-5) responses with comments and themes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import SurveyKind
from planner.services._crud import Entity, Values, list_in, require_same_account
from planner.services._crud import create as _create
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.services._crud import update as _update
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class SurveyResponse:
    id: str
    account_id: str
    stakeholder_id: str | None
    responded_on: date
    kind: SurveyKind
    score: int
    comment: str
    themes: list[str]
    crm_id: str | None
    created_at: datetime
    updated_at: datetime


def _check_response(session: Session, values: Values, _before: Values | None) -> None:
    low, high = values["kind"].score_range
    if not low <= values["score"] <= high:
        raise errors.ValidationError(
            "score",
            f"A {values['kind'].label} score must be between {low} and {high} "
            f"(you entered {values['score']}).",
        )
    require_same_account(
        session,
        m.Stakeholder,
        values.get("stakeholder_id"),
        values["account_id"],
        "stakeholder_id",
    )


RESPONSE = Entity(m.SurveyResponse, SurveyResponse, "survey response", _check_response)


def create_response(book: Book, account_id: str, **values: Any) -> SurveyResponse:
    return _create(book, RESPONSE, {"account_id": account_id, **values})


def update_response(book: Book, response_id: str, **changes: Any) -> SurveyResponse:
    return _update(book, RESPONSE, response_id, changes)


def delete_response(book: Book, response_id: str) -> DeletedRows:
    return _delete(book, RESPONSE, response_id)


def get_response(book: Book, response_id: str) -> SurveyResponse:
    return _get(book, RESPONSE, response_id)


def list_responses(
    book: Book,
    account_id: str | None = None,
    *,
    kind: SurveyKind | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SurveyResponse]:
    """Responses of one account (or the whole book), newest first."""
    where: list[Any] = []
    if account_id is not None:
        where.append(m.SurveyResponse.account_id == account_id)
    if kind is not None:
        where.append(m.SurveyResponse.kind == kind)
    if since is not None:
        where.append(m.SurveyResponse.responded_on >= since)
    if until is not None:
        where.append(m.SurveyResponse.responded_on <= until)
    with book.read() as session:
        return list_in(
            session,
            RESPONSE,
            *where,
            order_by=[m.SurveyResponse.responded_on.desc(), m.SurveyResponse.created_at.desc()],
        )


@dataclass(frozen=True, slots=True)
class VoiceSummary:
    """NPS and CSAT of a set of responses (DOMAIN.md), with the counts they rest on."""

    nps: int | None
    """% promoters (9-10) minus % detractors (0-6), rounded; None without NPS answers."""
    nps_responses: int
    promoters: int
    passives: int
    detractors: int
    csat_pct: int | None
    """% of CSAT answers scoring 4 or 5, rounded; None without CSAT answers."""
    csat_responses: int


def summarise(responses: list[SurveyResponse]) -> VoiceSummary:
    """NPS and CSAT of ``responses`` (already filtered to the period wanted)."""
    nps = [r.score for r in responses if r.kind is SurveyKind.NPS]
    csat = [r.score for r in responses if r.kind is SurveyKind.CSAT]
    promoters = sum(1 for s in nps if s >= 9)
    detractors = sum(1 for s in nps if s <= 6)
    return VoiceSummary(
        nps=round(100 * (promoters - detractors) / len(nps)) if nps else None,
        nps_responses=len(nps),
        promoters=promoters,
        passives=len(nps) - promoters - detractors,
        detractors=detractors,
        csat_pct=round(100 * sum(1 for s in csat if s >= 4) / len(csat)) if csat else None,
        csat_responses=len(csat),
    )


def voice_summary(
    book: Book, account_id: str, *, since: date | None = None, until: date | None = None
) -> VoiceSummary:
    """NPS and CSAT of one account's responses between ``since`` and ``until`` (inclusive)."""
    return summarise(list_responses(book, account_id, since=since, until=until))
