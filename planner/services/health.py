"""Health: gather each account's inputs from the book, score them, keep snapshots, explain.

:func:`gather_inputs_in` reads the inputs of any number of accounts with a fixed number of
grouped queries (no query per account), so recording the health of a 10,000-account book is
a handful of statements plus one insert per batch.

Every write here returns what it wrote, and has an inverse, so the GUI can undo it:
:func:`record_snapshot` / :func:`delete_snapshot`, :func:`record_snapshots` /
:func:`delete_snapshots`, :func:`set_override` (undo: set the old values back),
:func:`save_model` / :func:`delete_model_version`, :func:`set_csm_sentiment` (undo: set the old
values back).

The health model (weights and bands) is versioned in ``health_models``: saving different
settings adds a version; snapshots keep the version they were scored with. The built-in
defaults are version 1: a book that never changed its model scores with them, and its first
saved change records them as version 1 and itself as version 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    LifecycleStage,
    Side,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.services import accounts as account_service
from planner.services._crud import Entity, get_obj, list_in
from planner.store import models as m
from planner.store import rows as row_ops
from planner.store.book import Book
from planner.store.changes import stamp
from planner.store.rows import DeletedRows

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

    def result(self, model: h.HealthModelSettings | None = None) -> h.HealthResult:
        """The stored explanation (scores, weights, contributions) of the computed score; its
        band by ``model``'s bands (the defaults when not given)."""
        band = (model or h.HealthModelSettings(self.model_version)).band(self.computed_score)
        return h.result_from_factors(self.factors, self.computed_score, band, self.model_version)


@dataclass(frozen=True, slots=True)
class HealthModelVersion:
    version: int
    weights: dict[str, float]
    red_below: int
    green_from: int
    note: str
    created_at: datetime | None
    """None for the built-in defaults (a book that never changed its model)."""

    def settings(self) -> h.HealthModelSettings:
        return h.HealthModelSettings(
            self.version, dict(self.weights), self.red_below, self.green_from
        )


@dataclass(frozen=True, slots=True)
class ModelChange:
    model: HealthModelVersion
    created: bool
    """False when the settings equal the current model (no new version was needed)."""


@dataclass(frozen=True, slots=True)
class RecordResult:
    recorded: int
    total: int
    snapshot_ids: tuple[str, ...]
    cancelled: bool


@dataclass(frozen=True, slots=True)
class CsmSentiment:
    account_id: str
    value: int | None
    note: str
    on: date | None


@dataclass(frozen=True, slots=True)
class HealthExplanation:
    """Why an account has its score: every factor, and what moved since the previous one."""

    account_id: str
    account_name: str
    as_of: date
    live: bool
    """True: computed now from the book's data (not saved); False: a recorded snapshot."""
    result: h.HealthResult
    """The computed score with its factors (contributions sum to ``result.score``)."""
    score: float
    """The score in force: the override when there is one."""
    band: HealthBand
    override_score: float | None
    override_reason: str
    snapshot: HealthSnapshot | None
    """The snapshot explained (when not live) or the latest one (when live)."""
    previous: HealthSnapshot | None
    """What ``result`` is compared with."""
    moves: tuple[h.FactorMove, ...]
    model: h.HealthModelSettings

    @property
    def change(self) -> float | None:
        """Computed score now minus the previous computed score."""
        if self.previous is None:
            return None
        return round(self.result.score - self.previous.computed_score, 1)


SNAPSHOT = Entity(m.HealthSnapshot, HealthSnapshot, "health snapshot")

_TOUCHPOINTS = (InteractionType.CALL, InteractionType.MEETING, InteractionType.QBR)
_IN_USE = (UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK)


# --------------------------------------------------------------------------- model


def _version_dto(row: m.HealthModel) -> HealthModelVersion:
    return HealthModelVersion(
        row.version,
        {k: float(v) for k, v in row.weights.items()},
        row.red_below,
        row.green_from,
        row.note,
        row.created_at,
    )


def _default_version(version: int = 1) -> HealthModelVersion:
    return HealthModelVersion(
        version,
        dict(h.DEFAULT_WEIGHTS),
        h.DEFAULT_RED_BELOW,
        h.DEFAULT_GREEN_FROM,
        "Built-in defaults",
        None,
    )


def model_in(session: Session) -> h.HealthModelSettings:
    row = session.scalars(select(m.HealthModel).order_by(m.HealthModel.version.desc())).first()
    if row is None:
        return h.HealthModelSettings()
    return h.HealthModelSettings(row.version, dict(row.weights), row.red_below, row.green_from)


def _model_version_in(session: Session, version: int) -> h.HealthModelSettings:
    row = session.scalars(select(m.HealthModel).where(m.HealthModel.version == version)).first()
    if row is None:
        return h.HealthModelSettings(version)
    return _version_dto(row).settings()


def current_model(book: Book) -> h.HealthModelSettings:
    """The model new snapshots are scored with (the defaults until the user changes them)."""
    with book.read() as session:
        return model_in(session)


def list_models(book: Book) -> list[HealthModelVersion]:
    """Every model version, oldest first (the built-in defaults when none was saved)."""
    with book.read() as session:
        rows = session.scalars(select(m.HealthModel).order_by(m.HealthModel.version))
        found = [_version_dto(r) for r in rows]
    return found or [_default_version()]


def save_model(
    book: Book,
    weights: Mapping[str, float],
    red_below: int,
    green_from: int,
    note: str = "",
) -> ModelChange:
    """Make these weights and bands the model for new snapshots, as a new version.

    Factors left out of ``weights`` get weight 0. The first change of a book is version 2
    (the built-in defaults, version 1, are recorded with it). Raises ValidationError naming
    the field (``weight:<factor>``, ``weights``, ``red_below``, ``green_from``) for unusable
    settings.
    Saving the current settings again changes nothing (``created`` is False).
    """
    problems = h.model_field_problems(weights, red_below, green_from)
    if problems:
        field_name, message = next(iter(problems.items()))
        raise errors.ValidationError(field_name, message)
    clean = {key: float(weights.get(key, 0.0)) for key in h.FACTORS}
    text = " ".join(note.split())[:500]
    with book.write() as session:
        current = model_in(session)
        same = (
            {k: float(current.weights.get(k, 0.0)) for k in h.FACTORS} == clean
            and current.red_below == red_below
            and current.green_from == green_from
        )
        latest = session.scalars(
            select(m.HealthModel).order_by(m.HealthModel.version.desc())
        ).first()
        if same:
            unchanged = _version_dto(latest) if latest else _default_version()
            return ModelChange(unchanged, created=False)
        version = (latest.version if latest else 1) + 1
        if latest is None:  # the built-in defaults are version 1: keep them on record
            session.add(
                m.HealthModel(
                    version=1,
                    weights=dict(h.DEFAULT_WEIGHTS),
                    red_below=h.DEFAULT_RED_BELOW,
                    green_from=h.DEFAULT_GREEN_FROM,
                    note="Built-in defaults",
                )
            )
        row = m.HealthModel(
            version=version, weights=clean, red_below=red_below, green_from=green_from, note=text
        )
        session.add(row)
        session.flush()
        return ModelChange(_version_dto(row), created=True)


def delete_model_version(book: Book, version: int) -> DeletedRows:
    """Remove a model version nothing was scored with (undoing a settings change)."""
    with book.write() as session:
        row = session.scalars(select(m.HealthModel).where(m.HealthModel.version == version)).first()
        if row is None:
            raise errors.NotFoundError(f"Health model version {version} no longer exists.")
        used = session.scalar(
            select(func.count(m.HealthSnapshot.id)).where(m.HealthSnapshot.model_version == version)
        )
        if used:
            raise errors.ConflictError(
                f"{used:,} snapshot{'s were' if used != 1 else ' was'} scored with health model "
                f"version {version}, so it cannot be removed. Save new settings instead."
            )
        return row_ops.delete_rows(session, "health_models", [row.id])


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
                        (
                            (m.Interaction.type == InteractionType.ESCALATION)
                            & (m.Interaction.occurred_on > window),
                            1,
                        ),
                        else_=0,
                    )
                ),
            )
            .where(m.Interaction.account_id.in_(chunk), m.Interaction.occurred_on <= as_of)
            .group_by(m.Interaction.account_id)
        )
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
                m.Stakeholder.account_id,
                m.Stakeholder.role,
                m.Stakeholder.sentiment,
                m.Stakeholder.left_company,
            ).where(m.Stakeholder.account_id.in_(chunk), m.Stakeholder.side == Side.CUSTOMER)
        ):
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


def _not_churned() -> list[Any]:
    return [m.Account.lifecycle_stage != LifecycleStage.CHURNED]


def gather_inputs(book: Book, account_id: str, as_of: date | None = None) -> h.HealthInputs:
    day = as_of or book.clock.today()
    with book.read() as session:
        _require_account(session, account_id)
        return gather_inputs_in(session, [account_id], day)[account_id]


def _require_account(session: Session, account_id: str) -> m.Account:
    account = session.get(m.Account, account_id)
    if account is None:
        raise errors.NotFoundError("That account no longer exists.")
    return account


def current_health(book: Book, account_id: str, as_of: date | None = None) -> h.HealthResult:
    """The score the account would get now (not saved)."""
    day = as_of or book.clock.today()
    with book.read() as session:
        _require_account(session, account_id)
        inputs = gather_inputs_in(session, [account_id], day)[account_id]
        return h.score_health(inputs, model_in(session))


def what_if(
    book: Book, account_id: str, as_of: date | None = None, **changes: object
) -> tuple[h.HealthResult, h.HealthResult]:
    """(score now, score with ``changes``), nothing saved. See :func:`h.what_if` for the keys."""
    day = as_of or book.clock.today()
    with book.read() as session:
        _require_account(session, account_id)
        inputs = gather_inputs_in(session, [account_id], day)[account_id]
        model = model_in(session)
    return h.score_health(inputs, model), h.score_health(h.what_if(inputs, **changes), model)


# --------------------------------------------------------------------------- snapshots


def snapshot_values(account_id: str, day: date, result: h.HealthResult) -> dict[str, Any]:
    """The row of a snapshot for ``result`` (used by recording and by demo generation), without
    its stamps (:func:`planner.store.changes.stamp` adds them)."""
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
    }


def record_health(
    book: Book,
    account_ids: Iterable[str] | None = None,
    *,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
    batch: int = 500,
) -> int:
    """Score and save a snapshot for the given accounts (default: every active account, i.e.
    not archived and not churned).

    Works in batches, one transaction each, calling ``progress(done, total)`` after each; if
    it returns False the remaining batches are skipped. Returns the number recorded.
    """
    return record_snapshots(book, account_ids, as_of=as_of, progress=progress, batch=batch).recorded


def record_snapshots(
    book: Book,
    account_ids: Iterable[str] | None = None,
    *,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
    batch: int = 500,
) -> RecordResult:
    """Like :func:`record_health`, and says which snapshots it wrote (so they can be undone).

    Cancelling keeps the batches already written (each is its own transaction) and reports
    ``cancelled``; the ids of what was written are in the result either way.
    """
    day = as_of or book.clock.today()
    with book.read() as session:
        if account_ids is None:
            ids = list(
                session.scalars(
                    select(m.Account.id)
                    .where(m.Account.archived.is_(False), *_not_churned())
                    .order_by(m.Account.name)
                )
            )
        else:
            ids = list(dict.fromkeys(account_ids))
            found: set[str] = set()
            for start in range(0, len(ids), 900):
                found.update(
                    session.scalars(
                        select(m.Account.id).where(m.Account.id.in_(ids[start : start + 900]))
                    )
                )
            missing = [i for i in ids if i not in found]
            if missing:
                raise errors.NotFoundError(
                    "That account no longer exists."
                    if len(ids) == 1
                    else f"{len(missing):,} of the accounts no longer exist. Refresh and try again."
                )
    written: list[str] = []
    cancelled = False
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with book.write() as session:
            model = model_in(session)
            inputs = gather_inputs_in(session, chunk, day)
            rows = []
            for aid in chunk:
                values = snapshot_values(aid, day, h.score_health(inputs[aid], model))
                values.update(stamp(session, created=True))
                rows.append(values)
            session.execute(insert(m.HealthSnapshot), rows)
        written.extend(r["id"] for r in rows)
        if progress is not None and not progress(len(written), len(ids)):
            cancelled = len(written) < len(ids)
            break
    return RecordResult(len(written), len(ids), tuple(written), cancelled)


def _check_override(score: float | None, reason: str) -> tuple[float | None, str]:
    text = " ".join(reason.split())
    if score is None:
        return None, ""
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        raise errors.ValidationError(
            "override_score", f"An override score must be between 0 and 100 (you entered {score})."
        )
    if not text:
        raise errors.ValidationError(
            "override_reason",
            'Say why you are overriding the score (for example "renewal confirmed verbally by '
            'the sponsor"), so others can trust it.',
        )
    if len(text) > 2000:
        raise errors.ValidationError(
            "override_reason",
            f"The reason is too long ({len(text):,} characters; the limit is 2,000).",
        )
    return round(float(score), 1), text


def record_snapshot(
    book: Book,
    account_id: str,
    *,
    as_of: date | None = None,
    override_score: float | None = None,
    override_reason: str = "",
) -> HealthSnapshot:
    """Score one account now and save the snapshot (optionally with a manual override)."""
    day = as_of or book.clock.today()
    score, reason = _check_override(override_score, override_reason)
    with book.write() as session:
        _require_account(session, account_id)
        model = model_in(session)
        inputs = gather_inputs_in(session, [account_id], day)[account_id]
        values = snapshot_values(account_id, day, h.score_health(inputs, model))
        if score is not None:
            values.update(
                override_score=score, override_reason=reason, score=score, band=model.band(score)
            )
        row = m.HealthSnapshot(**values)
        session.add(row)
        session.flush()
        return SNAPSHOT.from_obj(row)


def set_override(
    book: Book, snapshot_id: str, score: float | None, reason: str = ""
) -> HealthSnapshot:
    """Override a snapshot's score (a reason is required), or clear the override (None).

    The band follows the override, by the bands of the model the snapshot was scored with.
    """
    value, text = _check_override(score, reason)
    with book.write() as session:
        row = get_obj(session, SNAPSHOT, snapshot_id)
        model = _model_version_in(session, row.model_version)
        row.override_score = value
        row.override_reason = text
        row.score = row.computed_score if value is None else value
        row.band = model.band(row.score)
        session.flush()
        return SNAPSHOT.from_obj(row)


@dataclass(frozen=True, slots=True)
class OverrideResult:
    snapshot: HealthSnapshot
    created: bool
    """True: a snapshot was recorded today to carry the override (undo deletes it)."""
    previous_score: float | None
    previous_reason: str
    """The override the snapshot had before (undo writes these back)."""


def override_health(
    book: Book,
    account_id: str,
    score: float | None,
    reason: str = "",
    *,
    as_of: date | None = None,
) -> OverrideResult:
    """Override the account's health today (a reason is required), or clear it (None).

    Today's snapshot carries the override; when the account has none yet today, one is
    recorded first. Clearing works on today's snapshot only.
    """
    day = as_of or book.clock.today()
    _check_override(score, reason)
    with book.read() as session:
        _require_account(session, account_id)
        today = list_in(
            session,
            SNAPSHOT,
            m.HealthSnapshot.account_id == account_id,
            m.HealthSnapshot.taken_on == day,
            order_by=[m.HealthSnapshot.created_at.desc()],
        )
    if today:
        before = today[0]
        after = set_override(book, before.id, score, reason)
        return OverrideResult(
            after,
            created=False,
            previous_score=before.override_score,
            previous_reason=before.override_reason,
        )
    if score is None:
        raise errors.NotFoundError(
            "There is no health snapshot from today with an override to clear."
        )
    snap = record_snapshot(
        book, account_id, as_of=day, override_score=score, override_reason=reason
    )
    return OverrideResult(snap, created=True, previous_score=None, previous_reason="")


def delete_snapshot(book: Book, snapshot_id: str) -> DeletedRows:
    with book.write() as session:
        get_obj(session, SNAPSHOT, snapshot_id)
        return row_ops.delete_rows(session, "health_snapshots", [snapshot_id])


def delete_snapshots(book: Book, snapshot_ids: Sequence[str]) -> DeletedRows:
    """Delete many snapshots in one unit of work (undoing a whole-book "Record health")."""
    with book.write() as session:
        return row_ops.delete_rows(session, "health_snapshots", list(snapshot_ids))


def get_snapshot(book: Book, snapshot_id: str) -> HealthSnapshot:
    with book.read() as session:
        return SNAPSHOT.from_obj(get_obj(session, SNAPSHOT, snapshot_id))


def list_snapshots(book: Book, account_id: str) -> list[HealthSnapshot]:
    """The account's health history, oldest first."""
    with book.read() as session:
        return list_in(
            session,
            SNAPSHOT,
            m.HealthSnapshot.account_id == account_id,
            order_by=[m.HealthSnapshot.taken_on, m.HealthSnapshot.created_at],
        )


def latest_snapshot(book: Book, account_id: str) -> HealthSnapshot | None:
    history = list_snapshots(book, account_id)
    return history[-1] if history else None


# --------------------------------------------------------------------------- CSM sentiment


def get_csm_sentiment(book: Book, account_id: str) -> CsmSentiment:
    with book.read() as session:
        account = _require_account(session, account_id)
        return CsmSentiment(
            account.id, account.csm_sentiment, account.csm_sentiment_note, account.csm_sentiment_on
        )


def set_csm_sentiment(
    book: Book, account_id: str, value: int | None, note: str = "", on: date | None = None
) -> CsmSentiment:
    """The CSM's own read of the account, -2..+2 (None clears it), with a note and a date."""
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not -2 <= value <= 2
    ):
        raise errors.ValidationError(
            "csm_sentiment", f"CSM sentiment must be a whole number from -2 to +2 (got {value})."
        )
    day = None if value is None else (on or book.clock.today())
    text = note.strip() if value is not None else ""
    account = account_service.update_account(
        book, account_id, csm_sentiment=value, csm_sentiment_note=text, csm_sentiment_on=day
    )
    return CsmSentiment(
        account.id, account.csm_sentiment, account.csm_sentiment_note, account.csm_sentiment_on
    )


# --------------------------------------------------------------------------- explanation


def explain_health(
    book: Book, account_id: str, on: date | None = None, *, today: date | None = None
) -> HealthExplanation:
    """Explain an account's health.

    ``on`` None: the score computed now from the book's data (not saved), compared with the
    latest snapshot. ``on`` a date: the snapshot in force that day (the latest taken on or
    before it), compared with the one before it; when there is none yet, the score computed
    as of that day. ``today`` stands in for the calendar date (tests, reports as of a day).
    """
    today = today or book.clock.today()
    with book.read() as session:
        account = _require_account(session, account_id)
        history = list_in(
            session,
            SNAPSHOT,
            m.HealthSnapshot.account_id == account_id,
            order_by=[m.HealthSnapshot.taken_on, m.HealthSnapshot.created_at],
        )
        day = on or today
        upto = [s for s in history if s.taken_on <= day]
        if on is not None and upto:
            snap = upto[-1]
            previous = upto[-2] if len(upto) > 1 else None
            model = _model_version_in(session, snap.model_version)
            band = model.band(snap.computed_score)
            result = h.result_from_factors(
                snap.factors, snap.computed_score, band, snap.model_version
            )
            return HealthExplanation(
                account_id=account.id,
                account_name=account.name,
                as_of=snap.taken_on,
                live=False,
                result=result,
                score=snap.score,
                band=snap.band,
                override_score=snap.override_score,
                override_reason=snap.override_reason,
                snapshot=snap,
                previous=previous,
                moves=_moves(previous, result),
                model=model,
            )
        model = model_in(session)
        inputs = gather_inputs_in(session, [account_id], day)[account_id]
        result = h.score_health(inputs, model)
        latest = upto[-1] if upto else None
        return HealthExplanation(
            account_id=account.id,
            account_name=account.name,
            as_of=day,
            live=True,
            result=result,
            score=result.score,
            band=result.band,
            override_score=None,
            override_reason="",
            snapshot=latest,
            previous=latest,
            moves=_moves(latest, result),
            model=model,
        )


def _moves(previous: HealthSnapshot | None, result: h.HealthResult) -> tuple[h.FactorMove, ...]:
    if previous is None:
        return ()
    return tuple(h.compare(previous.result(), result))
