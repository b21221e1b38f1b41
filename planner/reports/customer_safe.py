"""The customer-safe profile: one switch that leaves everything internal out of every export.

Filtering happens once, on the data, before any renderer sees it (deck, PDF, Markdown, .ics
all render the same filtered views), so no format can leak what another leaves out.

Left out when the switch is on:

* internal notes: the account's notes, the success plan's internal notes, the QBR's internal
  notes, stakeholders' notes, opportunities' notes;
* CSM sentiment (value and note) and stakeholder sentiment, and the assessments built on them:
  stakeholder roles (e.g. "detractor"), influence, the stakeholder map, and the "Stakeholder
  coverage" and "CSM sentiment" factors of the health explanation;
* the reasons given for overriding a health score (the fact that it was adjusted stays);
* opportunity amounts;
* risks marked internal, goals not marked customer-visible, and the action items linked to them.

Agenda item notes are part of the agenda (they print with it), not internal notes.
"""

from __future__ import annotations

import dataclasses

from planner.domain.agenda import AccountFacts, QbrInputs, with_customer_safe

__all__ = ["safe_facts", "safe_inputs"]


def safe_facts(facts: AccountFacts, *, customer_safe: bool) -> AccountFacts:
    """``facts`` as they may be shown under the chosen profile."""
    return with_customer_safe(facts) if customer_safe else facts


def safe_inputs(inputs: QbrInputs, *, customer_safe: bool) -> QbrInputs:
    """QBR inputs as they may be shown under the chosen profile."""
    if not customer_safe:
        return inputs
    return dataclasses.replace(inputs, facts=with_customer_safe(inputs.facts), notes="")
