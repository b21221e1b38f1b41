"""Loaded only by ``make test-other-day`` (through PYTHONPATH), in every Python process of that run.

libfaketime 0.9.10 with ``FAKETIME_DONT_FAKE_MONOTONIC=1`` (which keeps Qt timers and thread
waits working) makes ``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ...)`` fail with EINVAL,
and that is how CPython's ``time.sleep`` waits. Sleep on an Event instead: thread waits work.
"""

from __future__ import annotations

import os
import threading
import time

if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = _sleep
