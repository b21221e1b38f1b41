"""The one clock: what "today" and "now" are for the open book.

This is the only module that reads the wall clock (ruff's banned-API rule forbids
``date.today``/``datetime.now`` everywhere else). Every open book carries a :class:`Clock`;
services, the CLI and the UI ask ``book.clock`` instead of the system.

Two kinds of time are kept apart:

- the **calendar** (:meth:`Clock.today`, :meth:`Clock.now`): the day the user works on, used
  for due dates, "overdue", staleness, QBR periods and the ``updated_at`` stamps those are
  compared with. It can be pinned: :class:`FixedClock` in tests, or the
  ``ACCOUNT_PLANNER_TODAY=YYYY-MM-DD`` environment variable for a reproducible run (a demo, a
  script that must print the same report tomorrow).
- the **machine's instant** (:func:`system_now`): for things that must agree with the file
  system and other processes, never with a pinned day: lock freshness, backup file names,
  file ages.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

#: Set to an ISO date to run as if that were today (the time of day keeps moving).
TODAY_ENV = "ACCOUNT_PLANNER_TODAY"


class Clock(Protocol):
    """Answers "what day is it" and "what time is it" for one book."""

    def today(self) -> date:
        """The user's local calendar day."""
        ...

    def now(self) -> datetime:
        """An aware UTC instant on :meth:`today`'s calendar (for ``updated_at`` stamps)."""
        ...


def system_now() -> datetime:
    """The machine's real instant in UTC, for locks, backups and file ages (never pinned)."""
    return datetime.now(UTC)


class SystemClock:
    """The wall clock: the local calendar day and the real instant."""

    def today(self) -> date:
        return date.today()  # noqa: DTZ011 - the user's local calendar day

    def now(self) -> datetime:
        return system_now()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass
class FixedClock:
    """A clock pinned to one calendar day.

    ``now()`` starts at 09:00 UTC on that day and moves forward with the machine's monotonic
    clock, so stamps taken one after another still come in order, and the day never changes
    (for tests and reproducible runs). :meth:`set` moves it to another day.
    """

    day: date
    _start: float = field(default_factory=time.monotonic, repr=False)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        elapsed = timedelta(seconds=time.monotonic() - self._start)
        return datetime(self.day.year, self.day.month, self.day.day, 9, tzinfo=UTC) + elapsed

    def set(self, day: date) -> None:
        self.day = day
        self._start = time.monotonic()


def default_clock() -> Clock:
    """The clock a book gets when none is given: the wall clock, unless
    ``ACCOUNT_PLANNER_TODAY`` pins the day."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return FixedClock(date.fromisoformat(pinned))
        except ValueError:
            raise ValueError(
                f"{TODAY_ENV} must be a date like 2026-11-23, not {pinned!r}."
            ) from None
    return SystemClock()
