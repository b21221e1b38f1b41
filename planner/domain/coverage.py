"""Stakeholder coverage (DOMAIN.md "Coverage risk").

An account is *single-threaded* when it has fewer than two positive customer stakeholders, or
no executive sponsor, or its champion left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from planner.domain.enums import Side, StakeholderRole


class PersonLike(Protocol):
    @property
    def side(self) -> Side: ...
    @property
    def role(self) -> StakeholderRole: ...
    @property
    def sentiment(self) -> int: ...
    @property
    def left_company(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Coverage:
    has_executive_sponsor: bool
    has_champion: bool
    champion_left: bool
    positive_contacts: int
    customer_contacts: int

    @property
    def single_threaded(self) -> bool:
        return self.positive_contacts < 2 or not self.has_executive_sponsor or self.champion_left

    @property
    def flags(self) -> list[str]:
        """Plain-language reasons, empty when coverage is sound."""
        found = []
        if not self.has_executive_sponsor:
            found.append("No executive sponsor")
        if self.champion_left:
            found.append("Champion left the company")
        elif not self.has_champion:
            found.append("No champion")
        if self.positive_contacts == 0:
            found.append("No positive customer contact")
        elif self.positive_contacts == 1:
            found.append("Only 1 positive customer contact")

        return found


def assess_coverage(people: Iterable[PersonLike]) -> Coverage:
    customers = [p for p in people if p.side is Side.CUSTOMER]
    present = [p for p in customers if not p.left_company]
    champions = [p for p in customers if p.role is StakeholderRole.CHAMPION]
    return Coverage(
        has_executive_sponsor=any(p.role is StakeholderRole.EXECUTIVE_SPONSOR for p in present),
        has_champion=any(not p.left_company for p in champions),
        champion_left=bool(champions) and all(p.left_company for p in champions),
        positive_contacts=sum(1 for p in present if p.sentiment > 0),
        customer_contacts=len(present),
    )


@dataclass(frozen=True, slots=True)
class PeopleCount:
    """Who an account's people are, counted once for the stakeholder list and the map (which
    places only the customer's people, those who left hollow)."""

    customer: int
    """The customer's people still there."""
    left: int
    """The customer's people who left the company (on the map, hollow)."""
    ours: int
    """People on our side (in the list, never on the map)."""
    ours_left: int = 0

    @classmethod
    def of(cls, people: Iterable[tuple[Side, bool]]) -> PeopleCount:
        """From (side, left the company) pairs."""
        counts = {(side, left): 0 for side in Side for left in (False, True)}
        for side, left in people:
            counts[side, bool(left)] += 1
        return cls(
            customer=counts[Side.CUSTOMER, False],
            left=counts[Side.CUSTOMER, True],
            ours=counts[Side.INTERNAL, False],
            ours_left=counts[Side.INTERNAL, True],
        )

    @property
    def total(self) -> int:
        return self.customer + self.left + self.ours + self.ours_left

    @property
    def on_map(self) -> int:
        return self.customer + self.left

    def list_text(self) -> str:
        """``10 people: 7 at the customer, 1 left, 2 on our side``."""
        if not self.total:
            return "No people yet"
        parts = [f"{self.customer:,} at the customer"]
        if self.left:
            parts.append(f"{self.left:,} left")
        if self.ours or self.ours_left:
            parts.append(f"{self.ours + self.ours_left:,} on our side")
        noun = "person" if self.total == 1 else "people"
        return f"{self.total:,} {noun}: " + ", ".join(parts)

    def map_text(self) -> str:
        """``7 at the customer; hollow: 1 left · 2 on our side are not on the map``."""
        text = f"{self.customer:,} at the customer"
        if self.left:
            text += f"; hollow: {self.left:,} left the company"
        ours = self.ours + self.ours_left
        if ours:
            text += f" \u00b7 {ours:,} on our side {'is' if ours == 1 else 'are'} not on the map"
        return text
