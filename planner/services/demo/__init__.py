"""A realistic, deterministic demo book (``planner demo``).

Every account follows an *archetype* (thriving, steady, at risk, new, churning, churned,
expanding) that drives two years of history that hold together: its use cases go live weeks
after signing, its goals are measured month by month and are met or slip as its health says,
escalations are followed by a recovery or a decline, people change roles or leave, QBR
decisions come back as actions, won opportunities are the expansions in its ARR. The text is
combined from phrase banks per industry and situation, with people and companies from many
countries.

The same seed and the same day always give the same book, ids included.

Modules: :mod:`.cast` (who the accounts are), :mod:`.story` (the shape of one account's story),
:mod:`.people`, :mod:`.outcomes`, :mod:`.commerce`, :mod:`.meetings`, :mod:`.timeline` (what
happens), :mod:`.account` (telling it in order), :mod:`.rows` (bulk writing),
:mod:`.build` (the book file and health history), and the phrase banks :mod:`.names`,
:mod:`.industries`, :mod:`.phrases`.
"""

from __future__ import annotations

from planner.services.demo.build import DemoResult, ProgressCallback, generate_demo
from planner.services.demo.cast import ARCHETYPES, AccountSketch, cast_book

__all__ = [
    "ARCHETYPES",
    "AccountSketch",
    "DemoResult",
    "ProgressCallback",
    "cast_book",
    "generate_demo",
]
