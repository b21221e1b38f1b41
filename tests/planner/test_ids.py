"""Record ids are time-ordered UUIDs (version 7 layout), stored as the same 16 bytes as
before: inserts of a big book land together in its indexes instead of all over them."""

from __future__ import annotations

import random
import uuid
from datetime import date

from planner.services.demo.rows import Rows
from planner.store.models import guid_bytes, guid_text, new_id


def test_new_ids_are_valid_uuids_in_time_order() -> None:
    made = [new_id() for _ in range(200)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert guid_text(guid_bytes(text)) == text
    stamps = [uuid.UUID(t).int >> 80 for t in made]
    assert stamps == sorted(stamps)


def test_demo_ids_count_up_and_are_reproducible() -> None:
    def ids(seed: int) -> list[bytes]:
        rows = Rows(random.Random(seed), bytes(16), date(2026, 11, 23))
        return [rows.uid() for _ in range(100)]

    first = ids(7)
    assert first == sorted(first)
    assert ids(7) == first
    assert all(uuid.UUID(bytes=raw).version == 7 for raw in first)
