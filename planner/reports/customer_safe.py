"""The customer copy: what a customer may receive, made by filtering the data once.

Every export is the customer copy unless the internal copy is asked for. Filtering happens
once, on the data, before any figure is computed or any renderer runs (deck, its native charts,
PDF, Markdown and .ics all render the same filtered views), so no format can leak what another
leaves out. See :func:`planner.domain.agenda.with_customer_safe` for the list; in short the
customer copy shows outcomes (goals shared with the customer, adoption, value, usage and the
customer's own feedback) and leaves out:

* our health score: snapshots, factors, overrides and their reasons;
* every sentiment (ours and the stakeholders'), and the roles, influence and stakeholder map
  built on them;
* internal notes (account, plan, QBR, stakeholders, opportunities);
* risks marked internal, goals not shared with the customer, and the actions linked to them;
* our pipeline: opportunity stages, amounts, expected close dates, lost deals; revenue (ARR);
* our own sales actions, and the priorities of every action.

Agenda item notes are part of the agenda (they print with it), not internal notes.
"""

from __future__ import annotations

import dataclasses

from planner.domain.agenda import AccountFacts, QbrInputs, with_customer_safe

__all__ = ["safe_facts", "safe_inputs"]


def safe_facts(facts: AccountFacts, *, customer_safe: bool = True) -> AccountFacts:
    """``facts`` as they may be shown in the chosen copy."""
    return with_customer_safe(facts) if customer_safe else facts


def safe_inputs(inputs: QbrInputs, *, customer_safe: bool = True) -> QbrInputs:
    """QBR inputs as they may be shown in the chosen copy (the QBR's internal notes go)."""
    if not customer_safe:
        return inputs
    return dataclasses.replace(inputs, facts=with_customer_safe(inputs.facts), notes="")
