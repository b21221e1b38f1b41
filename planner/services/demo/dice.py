"""Seeded draws, cheaper than ``random.Random.randint``/``choice`` (a demo book makes millions).

Both use one ``random()`` call, so a seed still gives the same book every time.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def roll(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, both included."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One of ``items`` (which must not be empty)."""
    return items[int(rng.random() * len(items))]
