"""Progress of a measurable goal from its baseline towards its target."""

from __future__ import annotations


def goal_progress(
    baseline: float | None, current: float | None, target: float | None
) -> float | None:
    """Share of the way from ``baseline`` to ``target`` reached by ``current``, in 0.0-1.0.

    Works for goals that go up (adoption 20 -> 80 %) and down (ticket time 48 -> 8 hours).
    None when any of the three is missing. When baseline equals target, the goal is met (1.0)
    if current is at or beyond it, else 0.0. Overshooting counts as 1.0; going backwards as 0.0.

    >>> goal_progress(20, 50, 80)
    0.5
    >>> goal_progress(48, 18, 8)
    0.75
    """
    if baseline is None or current is None or target is None:
        return None
    span = target - baseline
    if span == 0:
        return 1.0 if current == target else 0.0
    return min(max((current - baseline) / span, 0.0), 1.0)
