"""Loaded by ``make test-other-day`` only (through PYTHONPATH), in the test run and every child
process it starts.

libfaketime 0.9.10 (Debian 12) breaks ``time.sleep`` when the monotonic clock is left real
(``FAKETIME_DONT_FAKE_MONOTONIC=1``): Python 3.11 sleeps with ``clock_nanosleep`` on an absolute
monotonic deadline, which libfaketime shifts by the fake offset, and the kernel refuses it
(EINVAL; upstream wolfcw/libfaketime#426). Sleeping through ``select`` with a relative timeout is
unaffected, so ``time.sleep`` does that here. Nothing else changes: the wall clock stays moved.
"""

from __future__ import annotations

import os
import select
import time

_real_sleep = time.sleep


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


def _broken() -> bool:
    try:
        _real_sleep(0)
    except OSError:
        return True
    return False


if "faketime" in os.environ.get("LD_PRELOAD", "") and _broken():
    time.sleep = _sleep
