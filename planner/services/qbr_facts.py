"""Read what a QBR (or the success plan document) needs about one account, in one snapshot.

Everything is read in a single read transaction and handed over as the plain views of
:mod:`planner.domain.agenda`, which generates the agenda; the report renderers take the same
views. Nothing here writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain import agenda as ag
from planner.domain import errors
from planner.domain.enums import LifecycleStage, PlanStatus, QbrStatus, RevenueKind, Side
from planner.domain.health import FACTOR_LABELS, FactorResult
from planner.services import actions as actions_service
from planner.services import plans as plans_service
from planner.services import revenue as revenue_service
from planner.services import stakeholders as stakeholders_service
from planner.services import surveys as surveys_service
from planner.services import use_cases as use_cases_service
from planner.services._crud import list_in
from planner.services.accounts import ACCOUNT
from planner.services.health import SNAPSHOT, HealthSnapshot, model_in
from planner.services.qbrs import QBR
from planner.store import models as m
from planner.store.book import Book


def quarter_title(day: date) -> str:
    """``Q4 2026 Business Review`` for a meeting on ``day``."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year} Business Review"


# --------------------------------------------------------------------------- facts


def gather_facts(book: Book, account_id: str, *, as_of: date | None = None) -> ag.AccountFacts:
    """Everything about one account that a QBR or the success plan document shows."""
    with book.read() as session:
        return gather_facts_in(session, account_id, as_of or m.session_today(session))


def gather_facts_in(session: Session, account_id: str, as_of: date) -> ag.AccountFacts:
    row = session.get(m.Account, account_id)
    if row is None:
        raise errors.NotFoundError("That account no longer exists (it may have been deleted).")
    acct = ACCOUNT.from_obj(row)
    account = ag.AccountView(
        id=acct.id,
        name=acct.name,
        currency=acct.currency,
        arr_minor=acct.arr_minor,
        owner=acct.owner,
        tier_label=acct.tier.label,
        industry=acct.industry,
        region=acct.region,
        lifecycle_stage=acct.lifecycle_stage,
        contract_start=acct.contract_start,
        renewal_date=acct.renewal_date,
        notes=acct.notes,
        csm_sentiment=acct.csm_sentiment,
        csm_sentiment_note=acct.csm_sentiment_note,
    )

    people_dtos = list_in(
        session,
        stakeholders_service.STAKEHOLDER,
        m.Stakeholder.account_id == account_id,
        order_by=[m.Stakeholder.side, m.Stakeholder.influence.desc(), m.Stakeholder.name],
    )
    people = tuple(
        ag.PersonView(
            id=p.id,
            name=p.name,
            job_title=p.job_title,
            email=p.email,
            side=p.side,
            role=p.role,
            influence=p.influence,
            sentiment=p.sentiment,
            joined_on=p.created_at.date(),
            left_company=p.left_company,
            left_on=p.left_on,
            reports_to_id=p.reports_to_id,
            notes=p.notes,
        )
        for p in people_dtos
    )
    names = {p.id: p for p in people}

    plan_dtos = list_in(
        session,
        plans_service.PLAN,
        m.SuccessPlan.account_id == account_id,
        order_by=[m.SuccessPlan.period_start.desc(), m.SuccessPlan.created_at.desc()],
    )
    active = [p for p in plan_dtos if p.status is PlanStatus.ACTIVE]
    candidates = active or plan_dtos
    chosen = candidates[0] if candidates else None
    plan = None
    goals: tuple[ag.GoalView, ...] = ()
    if chosen is not None:
        plan = ag.PlanView(
            chosen.title,
            chosen.period_start,
            chosen.period_end,
            chosen.status,
            chosen.desired_outcomes,
            chosen.internal_notes,
        )
        goal_dtos = list_in(
            session,
            plans_service.GOAL,
            m.Goal.plan_id == chosen.id,
            order_by=[m.Goal.due_date.is_(None), m.Goal.due_date, m.Goal.title],
        )
        measured = _measurements(session, [g.id for g in goal_dtos], as_of)
        goals = tuple(
            ag.GoalView(
                id=g.id,
                title=g.title,
                status=g.status,
                description=g.description,
                category=g.category,
                kpi_name=g.kpi_name,
                unit=g.unit,
                baseline=g.baseline,
                current=g.current,
                target=g.target,
                due_date=g.due_date,
                achieved_on=g.achieved_on,
                owner=(
                    names[g.owner_stakeholder_id].name
                    if g.owner_stakeholder_id in names
                    else g.owner_name
                ),
                priority=g.priority,
                customer_visible=g.customer_visible,
                value_per_unit_minor=g.value_per_unit_minor,
                measurements=measured.get(g.id, ()),
            )
            for g in goal_dtos
        )

    risks = tuple(
        ag.RiskView(
            id=r.id,
            title=r.title,
            severity=r.severity,
            status=r.status,
            description=r.description,
            category=r.category,
            likelihood=r.likelihood,
            mitigation=r.mitigation,
            raised_on=r.raised_on,
            resolved_on=r.resolved_on,
            owner=r.owner_name,
            internal=r.internal,
        )
        for r in list_in(
            session,
            plans_service.RISK,
            m.Risk.account_id == account_id,
            order_by=[m.Risk.raised_on.desc(), m.Risk.title],
        )
    )

    action_views = []
    for a in list_in(
        session,
        actions_service.ACTION,
        m.ActionItem.account_id == account_id,
        order_by=[m.ActionItem.due_date.is_(None), m.ActionItem.due_date, m.ActionItem.title],
    ):
        person = names.get(a.owner_stakeholder_id or "")
        side: Side | None
        if person is not None:
            owner, side = person.name, person.side
        else:
            owner, side = a.owner_name, (Side.INTERNAL if a.owner_name else None)
        action_views.append(
            ag.ActionView(
                id=a.id,
                title=a.title,
                status=a.status,
                owner=owner,
                owner_side=side,
                due_date=a.due_date,
                completed_on=a.completed_on,
                priority=a.priority,
                qbr_id=a.qbr_id,
                goal_id=a.goal_id,
                risk_id=a.risk_id,
                created_on=a.created_at.date(),
                kind=a.type,
            )
        )

    use_cases = tuple(
        ag.UseCaseView(
            id=u.id,
            title=u.title,
            status=u.status,
            adoption_pct=u.adoption_pct,
            products=u.products,
            go_live=u.go_live,
            value_realised=u.value_realised,
            value_minor=u.value_minor,
        )
        for u in list_in(
            session,
            use_cases_service.USE_CASE,
            m.UseCase.account_id == account_id,
            order_by=[m.UseCase.go_live.is_(None), m.UseCase.go_live, m.UseCase.title],
        )
    )

    responses = tuple(
        ag.SurveyView(r.responded_on, r.kind, r.score, r.comment, tuple(r.themes or ()))
        for r in list_in(
            session,
            surveys_service.RESPONSE,
            m.SurveyResponse.account_id == account_id,
            order_by=[m.SurveyResponse.responded_on, m.SurveyResponse.created_at],
        )
    )

    opportunities = tuple(
        ag.OpportunityView(
            id=o.id,
            title=o.title,
            status=o.status,
            kind=o.kind,
            product=o.product,
            amount_minor=o.amount_minor,
            stage=o.stage,
            expected_close=o.expected_close,
            closed_on=o.closed_on,
            notes=o.notes,
        )
        for o in list_in(
            session,
            revenue_service.OPPORTUNITY,
            m.Opportunity.account_id == account_id,
            order_by=[
                m.Opportunity.expected_close.is_(None),
                m.Opportunity.expected_close,
                m.Opportunity.title,
            ],
        )
    )

    revenue = tuple(
        ag.RevenueView(e.occurred_on, e.kind, e.arr_delta_minor)
        for e in list_in(
            session,
            revenue_service.REVENUE_EVENT,
            m.RevenueEvent.account_id == account_id,
            order_by=[m.RevenueEvent.occurred_on, m.RevenueEvent.created_at],
        )
    )

    snapshots = tuple(
        snapshot_view(s)
        for s in list_in(
            session,
            SNAPSHOT,
            m.HealthSnapshot.account_id == account_id,
            order_by=[m.HealthSnapshot.taken_on, m.HealthSnapshot.created_at],
        )
    )

    model = model_in(session)
    last_interaction = session.scalar(
        select(func.max(m.Interaction.occurred_on)).where(
            m.Interaction.account_id == account_id, m.Interaction.occurred_on <= as_of
        )
    )
    return ag.AccountFacts(
        account=account,
        as_of=as_of,
        plan=plan,
        goals=goals,
        risks=risks,
        people=people,
        use_cases=use_cases,
        actions=tuple(action_views),
        responses=responses,
        opportunities=opportunities,
        revenue=revenue,
        snapshots=snapshots,
        red_below=model.red_below,
        green_from=model.green_from,
        last_interaction=last_interaction,
        churned_on=_churned_on(session, account_id, acct.lifecycle_stage, revenue),
    )


def _measurements(
    session: Session, goal_ids: list[str], as_of: date
) -> dict[str, tuple[tuple[date, float], ...]]:
    """Each goal's measured values up to ``as_of``, oldest first."""
    found: dict[str, list[tuple[date, float]]] = {}
    if not goal_ids:
        return {}
    rows = session.execute(
        select(m.GoalMeasurement.goal_id, m.GoalMeasurement.measured_on, m.GoalMeasurement.value)
        .where(m.GoalMeasurement.goal_id.in_(goal_ids), m.GoalMeasurement.measured_on <= as_of)
        .order_by(m.GoalMeasurement.measured_on, m.GoalMeasurement.created_at)
    )
    for goal_id, day, value in rows:
        found.setdefault(goal_id, []).append((day, float(value)))
    return {k: tuple(v) for k, v in found.items()}


def _churned_on(
    session: Session,
    account_id: str,
    stage: LifecycleStage,
    revenue: tuple[ag.RevenueView, ...],
) -> date | None:
    """When a churned account churned: its last churn event, else its move to that stage."""
    if stage is not LifecycleStage.CHURNED:
        return None
    churns = [e.occurred_on for e in revenue if e.kind is RevenueKind.CHURN]
    if churns:
        return max(churns)
    return session.scalar(
        select(func.max(m.StageChange.changed_on)).where(
            m.StageChange.account_id == account_id, m.StageChange.stage == stage
        )
    )


def snapshot_view(snap: HealthSnapshot) -> ag.SnapshotView:
    factors = []
    for key, value in (snap.factors or {}).items():
        data: dict[str, Any] = value if isinstance(value, dict) else {}
        score = data.get("score")
        factors.append(
            FactorResult(
                key=str(key),
                label=FACTOR_LABELS.get(str(key), str(key)),
                raw=str(data.get("raw", "")),
                score=float(score) if isinstance(score, int | float) else None,
                weight=float(data.get("weight", 0.0) or 0.0),
                effective_weight=float(data.get("effective_weight", 0.0) or 0.0),
            )
        )
    return ag.SnapshotView(
        taken_on=snap.taken_on,
        score=snap.score,
        band=snap.band,
        factors=tuple(factors),
        computed_score=snap.computed_score,
        overridden=snap.overridden,
        override_reason=snap.override_reason,
        model_version=snap.model_version,
    )


# --------------------------------------------------------------------------- QBR inputs


def previous_qbr_in(
    session: Session, account_id: str, before: date, *, exclude: str | None = None
) -> ag.PreviousQbr | None:
    """The latest QBR held before ``before`` (not counting ``exclude``)."""
    stmt = (
        select(m.Qbr.id, m.Qbr.title, m.Qbr.meeting_date, m.Qbr.decisions)
        .where(
            m.Qbr.account_id == account_id,
            m.Qbr.status == QbrStatus.HELD,
            m.Qbr.meeting_date < before,
        )
        .order_by(m.Qbr.meeting_date.desc(), m.Qbr.created_at.desc())
    )
    if exclude is not None:
        stmt = stmt.where(m.Qbr.id != exclude)
    row = session.execute(stmt.limit(1)).first()
    if row is None:
        return None
    return ag.PreviousQbr(row[0], row[1], row[2], row[3] or "")


def period_covered(
    meeting_date: date,
    previous: ag.PreviousQbr | None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[date, date]:
    """The period a QBR covers, the one definition every place shows (the builder's heading
    and fields, the agenda, the deck, the PDF): the saved ``start`` and ``end`` where set,
    else from the day after the last QBR held (``previous``), or the three months before the
    meeting when there was none, to the meeting day (see ``agenda.default_period``)."""
    default_start, default_end = ag.default_period(meeting_date, previous)
    return start or default_start, end or default_end


def qbr_period(
    book: Book,
    account_id: str,
    qbr_id: str | None,
    meeting_date: date,
    start: date | None = None,
    end: date | None = None,
) -> tuple[date, date]:
    """:func:`period_covered` of a (saved or planned) QBR, reading the last QBR held before it."""
    with book.read() as session:
        previous = previous_qbr_in(session, account_id, meeting_date, exclude=qbr_id)
    return period_covered(meeting_date, previous, start, end)


def qbr_inputs(
    book: Book,
    account_id: str,
    *,
    meeting_date: date,
    length_minutes: int = 60,
    period_start: date | None = None,
    period_end: date | None = None,
    attendee_ids: tuple[str, ...] = (),
    title: str = "",
    objectives: str = "",
    notes: str = "",
    exclude_qbr: str | None = None,
    as_of: date | None = None,
    asks: str = "",
) -> ag.QbrInputs:
    """The inputs of agenda generation for a meeting that is not (necessarily) saved yet.

    The period defaults to "since the last QBR held", else the three months before the
    meeting (:func:`planner.domain.agenda.default_period`).
    """
    if not 10 <= length_minutes <= 480:
        raise errors.ValidationError(
            "length_minutes",
            f"A meeting must last 10 to 480 minutes (you entered {length_minutes}).",
        )
    with book.read() as session:
        facts = gather_facts_in(session, account_id, as_of or m.session_today(session))
        previous = previous_qbr_in(session, account_id, meeting_date, exclude=exclude_qbr)
    start, end = period_covered(meeting_date, previous, period_start, period_end)
    if end < start:
        raise errors.ValidationError("period_end", "The period must end on or after its start.")
    return ag.QbrInputs(
        facts=facts,
        meeting_date=meeting_date,
        period_start=start,
        period_end=end,
        length_minutes=length_minutes,
        title=title or quarter_title(meeting_date),
        objectives=objectives,
        notes=notes,
        previous=previous,
        attendee_ids=attendee_ids,
        asks=asks,
    )


def inputs_for_qbr(book: Book, qbr_id: str, *, as_of: date | None = None) -> ag.QbrInputs:
    """The inputs of a saved QBR (its date, period, length, attendees, texts)."""
    with book.read() as session:
        row = session.get(m.Qbr, qbr_id)
        if row is None:
            raise errors.NotFoundError("That QBR no longer exists (it may have been deleted).")
        qbr = QBR.from_obj(row)
        attendee_ids = tuple(
            session.scalars(
                select(m.QbrAttendee.stakeholder_id).where(m.QbrAttendee.qbr_id == qbr_id)
            )
        )
    return qbr_inputs(
        book,
        qbr.account_id,
        meeting_date=qbr.meeting_date,
        length_minutes=qbr.length_minutes,
        period_start=qbr.period_start,
        period_end=qbr.period_end,
        attendee_ids=attendee_ids,
        title=qbr.title,
        objectives=qbr.objectives,
        notes=qbr.notes,
        exclude_qbr=qbr.id,
        as_of=as_of,
        asks=qbr.asks,
    )


def draft_agenda(
    book: Book,
    account_id: str,
    *,
    meeting_date: date,
    length_minutes: int = 60,
    period_start: date | None = None,
    period_end: date | None = None,
    attendee_ids: tuple[str, ...] = (),
    exclude_qbr: str | None = None,
) -> ag.Agenda:
    """A generated agenda (not saved): see :func:`planner.domain.agenda.generate_agenda`."""
    inputs = qbr_inputs(
        book,
        account_id,
        meeting_date=meeting_date,
        length_minutes=length_minutes,
        period_start=period_start,
        period_end=period_end,
        attendee_ids=attendee_ids,
        exclude_qbr=exclude_qbr,
    )
    return ag.generate_agenda(inputs)
