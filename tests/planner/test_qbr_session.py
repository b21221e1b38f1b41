"""The QBR builder's session, driven without any widget: what it holds, every edit it offers
(each undoable on a plain undo list), refusals in words, and the exports it prepares."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain import errors
from planner.domain.enums import ActionStatus, QbrStatus
from planner.services import accounts, actions, qbrs
from planner.services.books import Book
from planner.services.edits import UndoList
from planner.services.qbr_session import QbrSession, next_meeting_day
from tests.conftest import TODAY
from tests.planner.test_qbr_data import Built, build_account


@pytest.fixture
def built(book: Book) -> Built:
    return build_account(book)


@pytest.fixture
def undo() -> UndoList:
    return UndoList()


@pytest.fixture
def session(book: Book, built: Built, undo: UndoList) -> QbrSession:
    made = QbrSession(book, undo, built.account_id)
    made.load()
    return made


def titles(session: QbrSession) -> list[str]:
    return [i.title for i in session.agenda]


def test_it_shows_the_planned_qbr_with_its_agenda_and_people(
    session: QbrSession, built: Built, book: Book
) -> None:
    assert [q.title for q in session.history] == [
        "Q4 2026 Business Review",
        "Q3 2026 Business Review",
    ]
    assert session.qbr is not None
    assert session.qbr.id == built.qbr_id
    assert titles(session) == [i.title for i in qbrs.list_agenda(book, built.qbr_id)]
    assert session.total_text() == "60 of 60 minutes"
    assert session.account_name == "Acme & Co"
    assert "From our team: Dana Reyes" in session.talking_points(session.agenda[0])
    session.select(built.previous_qbr_id)
    assert session.qbr is not None
    assert session.qbr.title == "Q3 2026 Business Review"
    session.load()  # a reload keeps the chosen QBR
    assert session.qbr.id == built.previous_qbr_id


def test_a_new_qbr_is_planned_two_weeks_out_and_undone(book: Book, undo: UndoList) -> None:
    acct = accounts.create_account(book, name="Fresh Start Ltd", owner="Sam Lee")
    session = QbrSession(book, undo, acct.id)
    session.load()
    assert session.qbr is None
    made = session.new_qbr()
    assert made.meeting_date == next_meeting_day(TODAY) == date(2026, 12, 7)
    assert made.status is QbrStatus.PLANNED
    assert session.total_minutes == 60
    assert undo.undo() == "New QBR"
    session.load()
    assert session.qbr is None
    undo.redo()
    session.load()
    assert session.qbr is not None
    assert session.qbr.id == made.id  # the same QBR back


def test_agenda_edits_each_undo(session: QbrSession, undo: UndoList) -> None:
    before = titles(session)
    first = session.agenda[0]
    session.edit_item(first.id, "title", "Welcome")
    assert titles(session)[0] == "Welcome"
    with pytest.raises(errors.ValidationError, match="Minutes must be between 0 and 480"):
        session.edit_item(first.id, "minutes", 900)
    assert session.move_item(first.id, 1)
    assert titles(session)[:2] == [before[1], "Welcome"]
    assert not session.move_item(session.agenda[0].id, -1)  # already first
    added = session.add_item(after=session.agenda[0].id)
    assert titles(session)[1] == "New item"
    assert added.owner == "Dana Reyes"
    session.remove_item(session.agenda[3].id)
    assert session.fit_to_length()
    assert session.total_minutes == 60
    assert not session.fit_to_length()  # already fits
    assert undo.texts == [
        "Rename agenda item",
        "Move agenda item",
        "Add agenda item",
        f"Remove \u201c{before[2][:40]}\u201d",
        "Fit the agenda to the meeting length",
    ]
    while undo.texts:
        undo.undo()
    session.load()
    assert titles(session) == before


def test_generating_again_replaces_the_agenda_undoably(
    session: QbrSession, built: Built, undo: UndoList
) -> None:
    old_ids = [i.id for i in session.agenda]
    session.set_attendees([built.people["detractor"]])
    assert session.qbr is not None
    assert session.qbr.attendee_ids == (built.people["detractor"],)
    assert session.generate() == len(session.agenda)
    assert "Boris Keene (IT Director)" in "\n".join(session.agenda[0].talking_points)
    assert [i.id for i in session.agenda] != old_ids
    undo.undo()
    session.load()
    assert [i.id for i in session.agenda] == old_ids


def test_meeting_fields(session: QbrSession, undo: UndoList) -> None:
    assert session.set_field("title", "Year-end review")
    assert not session.set_field("title", "Year-end review")  # nothing changed
    assert session.set_field("length_minutes", 45)
    assert session.total_text().startswith("60 of 45 minutes")
    assert session.set_period(date(2026, 9, 1), date(2026, 11, 30))
    assert session.period() == (date(2026, 9, 1), date(2026, 11, 30))
    asks_before = session.qbr.asks if session.qbr else ""
    assert session.set_texts("  Agree the 2027 plan ", " Approve the second wave\n", "Budget?")
    assert not session.set_texts("Agree the 2027 plan", "Approve the second wave", "Budget?")
    assert session.qbr is not None
    assert (session.qbr.objectives, session.qbr.asks, session.qbr.notes) == (
        "Agree the 2027 plan",
        "Approve the second wave",
        "Budget?",
    )
    assert undo.texts[-1] == "Change the purpose, asks and notes"
    assert "45 minutes" in session.summary()
    with pytest.raises(errors.ValidationError):
        session.set_field("title", "")
    for _ in range(4):
        undo.undo()
    session.load()
    assert session.qbr.title == "Q4 2026 Business Review"
    assert session.qbr.asks == asks_before


def test_commitments(session: QbrSession, built: Built, book: Book, undo: UndoList) -> None:
    choices = session.owner_choices()
    assert choices[0].label == "Dana Reyes (us)"
    labels = [c.label for c in choices]
    assert "Grace Hopper" in labels
    assert "Linus Park" not in labels  # left the company
    sponsor = next(c for c in choices if c.label == "Grace Hopper")
    assert session.default_due() == date(2026, 12, 17)
    made = session.add_commitment("  Send the   rollout plan ", sponsor, session.default_due())
    assert made.title == "Send the rollout plan"
    assert made.owner_stakeholder_id == built.people["sponsor"]
    assert [a.id for a in session.commitments] == [made.id]
    assert session.person_name(made.owner_stakeholder_id) == "Grace Hopper"
    session.mark_commitment_done(made.id)
    assert actions.get_action(book, made.id).status is ActionStatus.DONE
    undo.undo()
    assert actions.get_action(book, made.id).status is ActionStatus.OPEN
    session.load()
    session.remove_commitment(made.id)
    assert session.commitments == []
    undo.undo()
    session.load()
    assert [a.id for a in session.commitments] == [made.id]
    with pytest.raises(errors.ValidationError, match="Write what was agreed first"):
        session.add_commitment("   ", None, date(2026, 12, 17))


def test_deleting_the_qbr_and_edits_without_one_are_refused(
    session: QbrSession, built: Built, undo: UndoList
) -> None:
    session.delete_qbr()
    assert built.qbr_id not in [q.id for q in session.history]
    session.select(None)
    with pytest.raises(errors.ValidationError, match="Choose a QBR first"):
        session.generate()
    undo.undo()
    session.load()
    assert built.qbr_id in [q.id for q in session.history]


def test_exports_are_prepared_for_another_thread(
    session: QbrSession, built: Built, book: Book, tmp_path: Path
) -> None:
    assert session.default_stem() == "Acme & Co - Q4 2026 Business Review - 2026-12-03"
    session.internal = True
    assert session.default_stem() == "Acme & Co - Q4 2026 Business Review - 2026-12-03-internal"
    work = session.export_work(tmp_path / "acme.pptx", ("pptx", "md", "ics"))
    done = work(lambda _done, _total: True)
    files = list(done.files)
    assert [Path(f).name for f in files] == ["acme.pptx", "acme.md", "acme.ics"]
    assert "INTERNAL" not in (tmp_path / "acme.md").read_text(encoding="utf-8")  # always customer
    assert qbrs.get_qbr(book, built.qbr_id).generated_files == files
    assert any("no organiser" in w for w in done.warnings)  # no preferences in the tests
    bad = tmp_path / "logo.pptx"
    bad.write_text("not a deck", encoding="utf-8")
    with pytest.raises(errors.PlannerError, match="not a PowerPoint file"):
        session.set_template(bad)
    assert session.template is None
    with pytest.raises(errors.ValidationError):
        session.export_work(tmp_path / "x", ("docx",))
