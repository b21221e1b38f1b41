"""Health: gather each account's inputs from the book, score them, keep snapshots.

:func:`gather_inputs` reads the inputs of any number of accounts with a fixed number of
grouped queries (no query per account), so recording the health of a 10,000-account book is
a handful of statements plus one insert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import health as h
from planner.domain.enums import (
    HealthBand,
    InteractionType,
    Side,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.services._crud import Entity, list_in
from planner.store import models as m
from planner.store.book import Book
from planner.store.models import utcnow

ProgressCallback = Callable[[int, int], bool]
"""Called as (done, total); return False to cancel."""


@dataclass(frozen=True, slots=True)
class HealthSnapshot:
    id: str
    account_id: str
    taken_on: date
    factors: dict[str, Any]
    computed_score: float
    override_score: float | None
    override_reason: str
    score: float
    band: HealthBand
    model_version: int
    created_at: datetime

    @property
    def overridden(self) -> bool:
        return self.override_score is not None


SNAPSHOT = Entity(m.HealthSnapshot, HealthSnapshot, "health snapshot")

_TOUCHPOINTS = (InteractionType.CALL, InteractionType.MEETING, InteractionType.QBR)
_IN_USE = (UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK)


# --------------------------------------------------------------------------- model


def model_in(session: Session) -> h.HealthModelSettings:
    row = session.scalars(select(m.HealthModel).order_by(m.HealthModel.version.desc())).first()
    if row is None:
        return h.HealthModelSettings()
    return h.HealthModelSettings(row.version, dict(row.weights), row.red_below, row.green_from)


def current_model(book: Book) -> h.HealthModelSettings:
    """The model new snapshots are scored with (the defaults until the user changes them)."""
    with book.read() as session:
        return model_in(session)


# --------------------------------------------------------------------------- inputs


def gather_inputs_in(
    session: Session, account_ids: Sequence[str], as_of: date
) -> dict[str, h.HealthInputs]:
    """Health inputs of ``account_ids`` as of ``as_of``, with a fixed number of queries."""
    ids = list(account_ids)
    if not ids:
        return {}
    window = as_of - timedelta(days=h.WINDOW_DAYS)
    year = as_of - timedelta(days=h.SURVEY_WINDOW_DAYS)
    acc: dict[str, dict[str, Any]] = {i: {"as_of": as_of} for i in ids}
    chunks = [ids[i : i + 900] for i in range(0, len(ids), 900)]

    adoption: dict[str, list[int]] = defaultdict(list)
    live: dict[str, int] = defaultdict(int)
    nps: dict[str, list[int]] = defaultdict(list)
    csat: dict[str, list[int]] = defaultdict(list)
    people: dict[str, list[tuple[StakeholderRole, int, bool]]] = defaultdict(list)
    for chunk in chunks:
        for aid, status, pct in session.execute(
            select(m.UseCase.account_id, m.UseCase.status, m.UseCase.adoption_pct).where(
                m.UseCase.account_id.in_(chunk), m.UseCase.status.in_(_IN_USE)
            )
        ):
            adoption[aid].append(pct)
            if status is UseCaseStatus.LIVE:
                live[aid] += 1
        stmt = (
            select(
                m.Interaction.account_id,
                func.max(m.Interaction.occurred_on),
                func.sum(
                    case(
                        (
                            m.Interaction.type.in_(_TOUCHPOINTS)
                            & (m.Interaction.occurred_on > window),
                            1,
                        ),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        ((m.Interaction.type == InteractionType.ESCALATION)
                         & (m.Interaction.occurred_on > window), 1),
                        else_=0,
                    )
                ),
            )
            .where(m.Interaction.account_id.in_(chunk), m.Interaction.occurred_on <= as_of)
            .group_by(m.Interaction.account_id)
        )  # fmt: skip
        for aid, last, touch, esc in session.execute(stmt):
            acc[aid]["days_since_interaction"] = (as_of - last).days if last else None
            acc[aid]["touchpoints_90d"] = int(touch or 0)
            acc[aid]["escalations_90d"] = int(esc or 0)
        for aid, kind, score in session.execute(
            select(
                m.SurveyResponse.account_id, m.SurveyResponse.kind, m.SurveyResponse.score
            ).where(
                m.SurveyResponse.account_id.in_(chunk),
                m.SurveyResponse.responded_on > year,
                m.SurveyResponse.responded_on <= as_of,
            )
        ):
            (nps if kind is SurveyKind.NPS else csat)[aid].append(score)
        for aid, role, sentiment, left in session.execute(
            select(
                m.Stakeholder.account_id, m.Stakeholder.role, m.Stakeholder.sentiment,
                m.Stakeholder.left_company,
            ).where(m.Stakeholder.account_id.in_(chunk), m.Stakeholder.side == Side.CUSTOMER)
        ):  # fmt: skip
            people[aid].append((role, sentiment, left))
        for aid, csm in session.execute(
            select(m.Account.id, m.Account.csm_sentiment).where(m.Account.id.in_(chunk))
        ):
            acc[aid]["csm_sentiment"] = csm

    result = {}
    for aid in ids:
        crowd = people[aid]
        present = [p for p in crowd if not p[2]]
        champions = [p for p in crowd if p[0] is StakeholderRole.CHAMPION]
        result[aid] = h.HealthInputs(
            adoption_pcts=tuple(adoption[aid]),
            live_use_cases=live[aid],
            nps_scores=tuple(nps[aid]),
            csat_scores=tuple(csat[aid]),
            has_sponsor=any(p[0] is StakeholderRole.EXECUTIVE_SPONSOR for p in present),
            sponsor_positive=any(
                p[0] is StakeholderRole.EXECUTIVE_SPONSOR and p[1] > 0 for p in present
            ),
            champion_positive=any(p[0] is StakeholderRole.CHAMPION and p[1] > 0 for p in present),
            champion_left=bool(champions) and all(p[2] for p in champions),
            positive_contacts=sum(1 for p in present if p[1] > 0),
            **acc[aid],
        )
    return result


def gather_inputs(book: Book, account_id: str, as_of: date | None = None) -> h.HealthInputs:
    day = as_of or date.today()  # noqa: DTZ011
    with book.read() as session:
        if session.get(m.Account, account_id) is None:
            raise errors.NotFoundError("That account no longer exists.")
        return gather_inputs_in(session, [account_id], day)[account_id]


def current_health(book: Book, account_id: str, as_of: date | None = None) -> h.HealthResult:
    """The score the account would get now (not saved)."""
    day = as_of or date.today()  # noqa: DTZ011
    with book.read() as session:
        if session.get(m.Account, account_id) is None:
            raise errors.NotFoundError("That account no longer exists.")
        inputs = gather_inputs_in(session, [account_id], day)[account_id]
        return h.score_health(inputs, model_in(session))


# --------------------------------------------------------------------------- snapshots


def snapshot_values(
    account_id: str, day: date, result: h.HealthResult, rev: str | None = None
) -> dict[str, Any]:
    """The row of a snapshot for ``result`` (used by recording and by demo generation)."""
    return {
        "id": m.new_id(),
        "account_id": account_id,
        "taken_on": day,
        "factors": {
            f.key: {
                "raw": f.raw,
                "score": None if f.score is None else round(f.score, 2),
                "weight": f.weight,
                "effective_weight": round(f.effective_weight, 6),
            }
            for f in result.factors
        },
        "computed_score": result.score,
        "override_score": None,
        "override_reason": "",
        "score": result.score,
        "band": result.band,
        "model_version": result.model_version,
        "rev": rev,
    }


def record_health(
    book: Book,
    account_ids: Iterable[str] | None = None,
    *,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
    batch: int = 500,
) -> int:
    """Score and save a snapshot for the given accounts (default: every active account).

    Works in batches, one transaction each, calling ``progress(done, total)`` after each; if
    it returns False the remaining batches are skipped. Returns the number recorded.
    """
    day = as_of or date.today()  # noqa: DTZ011
    with book.read() as session:
        if account_ids is None:
            ids = list(
                session.scalars(
                    select(m.Account.id)
                    .where(m.Account.archived.is_(False))
                    .order_by(m.Account.name)
                )
            )
        else:
            ids = list(account_ids)
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with book.write() as session:
            model = model_in(session)
            inputs = gather_inputs_in(session, chunk, day)
            now = utcnow()
            rows = []
            for aid in chunk:
                values = snapshot_values(aid, day, h.score_health(inputs[aid], model),
                                         session.info.get("rev"))  # fmt: skip
                values.update(created_at=now, updated_at=now)
                rows.append(values)
            if rows:
                session.execute(insert(m.HealthSnapshot), rows)
        done += len(chunk)
        if progress is not None and not progress(done, len(ids)):
            break
    return done


def list_snapshots(book: Book, account_id: str) -> list[HealthSnapshot]:
    """The account's health history, oldest first."""
    with book.read() as session:
        return list_in(
            session, SNAPSHOT, m.HealthSnapshot.account_id == account_id,
            order_by=[m.HealthSnapshot.taken_on, m.HealthSnapshot.created_at],
        )  # fmt: skip


def latest_snapshot(book: Book, account_id: str) -> HealthSnapshot | None:
    history = list_snapshots(book, account_id)
    return history[-1] if history else None
