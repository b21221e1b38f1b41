"""One account's business reviews as the QBR builder edits them, without any widget.

A :class:`QbrSession` holds what the builder shows (the account's QBRs, the chosen one, its
agenda, its commitments, the account's people) and every edit the builder offers: plan a new
QBR, delete it, change the meeting's fields and attendees, generate, edit, reorder, add,
remove and fit the agenda, add, complete and remove commitments, and prepare the exports.
Each edit is recorded on a :class:`~planner.services.edits.Recorder` (the app's undo stack, or
an :class:`~planner.services.edits.UndoList` in tests), raises a
:class:`~planner.domain.errors.PlannerError` in words when the book refuses it, and reloads
what the session holds afterwards. The book tells its listeners what changed; the session does
not.

The widgets of :mod:`ui.qbr` (agenda editor, meeting form, commitments panel, export bar) are
views over one session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from planner.domain import agenda as ag
from planner.domain import errors
from planner.domain.enums import ActionStatus, QbrStatus, Side
from planner.services import accounts, actions, changes, edits, qbrs, stakeholders
from planner.services import qbr_export as export
from planner.services.actions import ActionItem
from planner.services.edits import Recorder
from planner.services.qbr_facts import draft_agenda, qbr_period, quarter_title
from planner.services.qbrs import AgendaItem, Qbr
from planner.services.stakeholders import Stakeholder
from planner.store.book import Book

#: What the meeting form can change, with the undo text of each change.
FIELD_TEXTS = {
    "title": "Rename QBR",
    "meeting_date": "Change the meeting date",
    "length_minutes": "Change the meeting length",
    "status": "Change the QBR status",
}
#: What the agenda table can change in place, with the undo text of each change.
ITEM_TEXTS = {
    "title": "Rename agenda item",
    "minutes": "Change time box",
    "owner": "Change lead",
    "notes": "Change agenda notes",
}
NEW_QBR_MINUTES = 60
COMMITMENT_DAYS = 14
"""A commitment is due this many days after the meeting unless the user says otherwise."""


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote, and what the user should know about it (a missing organiser for
    the invite, a success plan with no goals...)."""

    files: tuple[str, ...]
    warnings: tuple[str, ...] = ()


ExportWork = Callable[[Callable[[int, int], bool]], Exported]
"""Work to run off the GUI thread (it takes a progress callback) that says what it wrote."""


def next_meeting_day(today: date) -> date:
    """A default date for a new QBR: two weeks from today, moved off the weekend."""
    day = today + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True, slots=True)
class OwnerChoice:
    """Who can own a commitment: someone of ours (by name) or a person of the customer."""

    label: str
    owner_name: str = ""
    stakeholder_id: str | None = None

    def values(self) -> dict[str, Any]:
        if self.stakeholder_id is not None:
            return {"owner_stakeholder_id": self.stakeholder_id}
        return {"owner_name": self.owner_name}


class QbrSession:
    """The QBRs of one account, the chosen QBR, and the edits the builder makes to them."""

    def __init__(self, book: Book, recorder: Recorder, account_id: str | None = None) -> None:
        self.book = book
        self.recorder = recorder
        self.account_id = account_id
        self.history: list[Qbr] = []
        """The account's QBRs, newest first."""
        self.qbr: Qbr | None = None
        """The chosen QBR (None: the account has none)."""
        self.agenda: list[AgendaItem] = []
        self.commitments: list[ActionItem] = []
        self.people: list[Stakeholder] = []
        self.account_name = ""
        self.account_owner = ""
        self.template: Path | None = None
        """The PowerPoint template for decks (None: the built-in one)."""
        self.internal = False
        """Exports are the internal copy (marked INTERNAL); the default is the customer copy."""

    @property
    def read_only(self) -> bool:
        return self.book.read_only

    # ----------------------------------------------------------------- loading
    def load(self, account_id: str | None = None) -> None:
        """Read the account's QBRs and people again (another account's, if given), keeping the
        chosen QBR when it still exists, else choosing the next planned one, else the newest."""
        if account_id is not None and account_id != self.account_id:
            self.account_id = account_id
            self.qbr = None
        if self.account_id is None:
            return
        try:
            account = accounts.get_account(self.book, self.account_id)
        except errors.NotFoundError:
            self.account_name = self.account_owner = ""
        else:
            self.account_name, self.account_owner = account.name, account.owner
        self.history = qbrs.list_qbrs(self.book, self.account_id)
        self.people = stakeholders.list_stakeholders(self.book, self.account_id)
        keep = self.qbr.id if self.qbr else None
        chosen = next((q for q in self.history if q.id == keep), None)
        if chosen is None and self.history:
            upcoming = [q for q in self.history if q.status is QbrStatus.PLANNED]
            chosen = upcoming[-1] if upcoming else self.history[0]
        self._show(chosen)

    def select(self, qbr_id: str | None) -> None:
        """Choose one of the account's QBRs (None: none)."""
        self._show(next((q for q in self.history if q.id == qbr_id), None))

    def _show(self, qbr: Qbr | None) -> None:
        self.qbr = qbr
        self.agenda = qbrs.list_agenda(self.book, qbr.id) if qbr else []
        self.commitments = qbrs.list_commitments(self.book, qbr.id) if qbr else []

    def _reload(self) -> None:
        self.load()

    def _require_qbr(self) -> Qbr:
        if self.qbr is None:
            raise errors.ValidationError("qbr", "Choose a QBR first, or plan a new one.")
        return self.qbr

    # ----------------------------------------------------------------- what the views show
    def item(self, item_id: str | None) -> AgendaItem | None:
        return next((i for i in self.agenda if i.id == item_id), None)

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for i in self.agenda)

    def total_text(self) -> str:
        """``55 of 60 minutes``, with a hint when the agenda does not fill the meeting."""
        length = self.qbr.length_minutes if self.qbr else 0
        text = f"{self.total_minutes} of {length} minutes"
        if self.total_minutes != length and self.agenda:
            text += " \u2014 use \u201cFit to length\u201d to make them match"
        return text

    def summary(self) -> str:
        """The chosen QBR's date, length, status and period, on one line."""
        qbr = self._require_qbr()
        period = ag.fmt_period(*self.period())
        return (
            f"{ag.fmt_date(qbr.meeting_date)} \u00b7 {qbr.length_minutes} minutes \u00b7 "
            f"{qbr.status.label} \u00b7 period covered: {period}"
        )

    def period(self) -> tuple[date, date]:
        """The period the chosen QBR covers (its saved one, else since the last QBR held):
        the same dates its heading, its fields and its exports show."""
        qbr = self._require_qbr()
        return qbr_period(
            self.book, qbr.account_id, qbr.id, qbr.meeting_date, qbr.period_start, qbr.period_end
        )

    @staticmethod
    def talking_points(item: AgendaItem | None) -> str:
        """The talking points of an agenda item, one per line (or why there are none)."""
        if item is None:
            return ""
        lines = [f"\u2022 {p}" for p in item.talking_points]
        if not lines and item.section in ag.SECTION_KEYS:
            lines = [
                "No talking points were saved with this item. \u201cGenerate agenda\u201d "
                "draws them from the book; exports always use the book's current data."
            ]
        elif not lines:
            lines = ["No talking points: this item was added by hand. Its notes print with it."]
        return "\n".join(lines)

    def person_name(self, person_id: str | None) -> str:
        return next((p.name for p in self.people if p.id == person_id), "")

    def owner_choices(self) -> list[OwnerChoice]:
        """Who can own a commitment: the account's owner, then the chosen attendees and the
        customer's people who are still there."""
        found: list[OwnerChoice] = []
        if self.account_owner:
            found.append(OwnerChoice(f"{self.account_owner} (us)", owner_name=self.account_owner))
        chosen = set(self.qbr.attendee_ids) if self.qbr else set()
        found.extend(
            OwnerChoice(person.name, stakeholder_id=person.id)
            for person in self.people
            if person.id in chosen or (person.side is Side.CUSTOMER and not person.left_company)
        )
        return found

    def default_due(self) -> date:
        """When a new commitment is due unless the user says otherwise."""
        return self._require_qbr().meeting_date + timedelta(days=COMMITMENT_DAYS)

    # ----------------------------------------------------------------- QBRs
    def new_qbr(self) -> Qbr:
        """Plan a new QBR two weeks out, with an agenda generated from the book (undoable)."""
        if self.account_id is None:
            raise errors.ValidationError("account", "Choose an account first.")
        account_id, book = self.account_id, self.book
        day = next_meeting_day(book.clock.today())

        def create() -> qbrs.QbrWithAgenda:
            agenda = draft_agenda(
                book, account_id, meeting_date=day, length_minutes=NEW_QBR_MINUTES
            )
            return qbrs.create_qbr_with_agenda(
                book,
                account_id,
                title=quarter_title(day),
                meeting_date=day,
                length_minutes=NEW_QBR_MINUTES,
                items=[i.as_values() for i in agenda.items],
            )

        made = edits.record_create(
            self.recorder, book, "New QBR", create, delete=lambda r: qbrs.delete_qbr(book, r.qbr.id)
        )
        self.qbr = made.qbr
        self._reload()
        return made.qbr

    def delete_qbr(self) -> None:
        """Delete the chosen QBR with its agenda (undo brings it back)."""
        qbr = self._require_qbr()
        self.qbr = None
        try:
            edits.record_delete(
                self.recorder,
                self.book,
                f"Delete {qbr.title}",
                lambda: qbrs.delete_qbr(self.book, qbr.id),
            )
        finally:
            self._reload()

    # ----------------------------------------------------------------- the meeting
    def set_field(self, field: str, value: Any) -> bool:
        """Change one field of the meeting (title, date, length, status); False when it
        already had that value."""
        qbr = self._require_qbr()
        old = getattr(qbr, field)
        if old == value:
            return False
        self._update(FIELD_TEXTS.get(field, "Change the QBR"), {field: value}, {field: old})
        return True

    def set_period(self, start: date, end: date) -> bool:
        qbr = self._require_qbr()
        old = {"period_start": qbr.period_start, "period_end": qbr.period_end}
        new = {"period_start": start, "period_end": end}
        if old == new:
            return False
        self._update("Change the period covered", new, old)
        return True

    def set_texts(self, objectives: str, asks: str, notes: str) -> bool:
        """Save the meeting's purpose, our asks of the customer and the internal notes."""
        qbr = self._require_qbr()
        new = {"objectives": objectives.strip(), "asks": asks.strip(), "notes": notes.strip()}
        old = {"objectives": qbr.objectives, "asks": qbr.asks, "notes": qbr.notes}
        if new == old:
            return False
        self._update("Change the purpose, asks and notes", new, old)
        return True

    def set_attendees(self, chosen: list[str]) -> None:
        qbr = self._require_qbr()
        qbr_id, old = qbr.id, list(qbr.attendee_ids)
        try:
            self.recorder.run(
                "Change attendees",
                lambda: qbrs.update_qbr(self.book, qbr_id, attendees=chosen),
                lambda _r: qbrs.update_qbr(self.book, qbr_id, attendees=old),
            )
        finally:
            self._reload()

    def _update(self, text: str, new: dict[str, Any], old: dict[str, Any]) -> None:
        qbr_id = self._require_qbr().id
        try:
            edits.record_update(
                self.recorder,
                text,
                lambda rid, **kw: qbrs.update_qbr(self.book, rid, **kw),
                qbr_id,
                new,
                old,
            )
        finally:
            self._reload()

    # ----------------------------------------------------------------- the agenda
    def generate(self) -> int:
        """Generate the agenda from the book, replacing the current one (undoable); returns
        the number of items."""
        qbr, book = self._require_qbr(), self.book
        assert self.account_id is not None
        agenda = draft_agenda(
            book,
            self.account_id,
            meeting_date=qbr.meeting_date,
            length_minutes=qbr.length_minutes,
            period_start=qbr.period_start,
            period_end=qbr.period_end,
            attendee_ids=qbr.attendee_ids,
            exclude_qbr=qbr.id,
        )
        values = [i.as_values() for i in agenda.items]
        state: dict[str, changes.DeletedRows] = {}

        def do() -> qbrs.AgendaReplaced:
            done = qbrs.replace_agenda(book, qbr.id, values)
            state["back"] = done.removed
            return done

        def undo(_r: object) -> None:
            state["forward"] = qbrs.swap_agenda(book, qbr.id, state["back"]).removed

        def redo(_r: object) -> None:
            state["back"] = qbrs.swap_agenda(book, qbr.id, state["forward"]).removed

        try:
            self.recorder.run("Generate agenda", do, undo, redo)
        finally:
            self._reload()
        return len(values)

    def edit_item(self, item_id: str, field: str, value: Any) -> None:
        """Change one field of an agenda item in place (title, minutes, lead, notes)."""
        item = self.item(item_id)
        if item is None:
            raise errors.NotFoundError("That agenda item no longer exists.")
        try:
            edits.record_update(
                self.recorder,
                ITEM_TEXTS.get(field, "Edit agenda item"),
                lambda rid, **kw: qbrs.update_agenda_item(self.book, rid, **kw),
                item_id,
                {field: value},
                {field: getattr(item, field)},
            )
        finally:
            self._reload()

    def reorder(self, order: list[str]) -> None:
        """Put the agenda in ``order`` (item ids), as a drag in the table does."""
        qbr_id = self._require_qbr().id
        old = [i.id for i in qbrs.list_agenda(self.book, qbr_id)]
        if order == old:
            return
        try:
            self.recorder.run(
                "Move agenda item",
                lambda: qbrs.reorder_agenda(self.book, qbr_id, order),
                lambda _r: qbrs.reorder_agenda(self.book, qbr_id, old),
            )
        finally:
            self._reload()

    def move_item(self, item_id: str, step: int) -> bool:
        """Move an item ``step`` places up (negative) or down; False when it cannot move."""
        order = [i.id for i in qbrs.list_agenda(self.book, self._require_qbr().id)]
        if item_id not in order:
            return False
        row = order.index(item_id)
        target = row + step
        if not 0 <= target < len(order):
            return False
        order[row], order[target] = order[target], order[row]
        self.reorder(order)
        return True

    def add_item(self, after: str | None = None) -> AgendaItem:
        """Add a 5-minute item led by the account's owner, after the item ``after`` (at the
        end when None)."""
        qbr_id, book = self._require_qbr().id, self.book
        values: dict[str, Any] = {
            "section": ag.CUSTOM,
            "title": "New item",
            "minutes": 5,
            "owner": self.account_owner,
        }
        position = next((n for n, i in enumerate(self.agenda) if i.id == after), None)
        if position is not None:
            values["position"] = position + 1
        try:
            return edits.record_create(
                self.recorder,
                book,
                "Add agenda item",
                lambda: qbrs.add_agenda_item(book, qbr_id, **values),
                delete=lambda dto: qbrs.delete_agenda_item(book, dto.id),
            )
        finally:
            self._reload()

    def remove_item(self, item_id: str) -> None:
        """Remove an item; undo puts it back in its place."""
        item = self.item(item_id)
        if item is None:
            return
        qbr_id, book = self._require_qbr().id, self.book
        order = [i.id for i in qbrs.list_agenda(book, qbr_id)]
        state: dict[str, changes.DeletedRows] = {}

        def do() -> changes.DeletedRows:
            state["rows"] = qbrs.delete_agenda_item(book, item.id)
            return state["rows"]

        def undo(_r: object) -> None:
            changes.restore(book, state["rows"])
            qbrs.reorder_agenda(book, qbr_id, order)

        def redo(_r: object) -> None:
            state["rows"] = qbrs.delete_agenda_item(book, item.id)

        try:
            self.recorder.run(f"Remove \u201c{item.title[:40]}\u201d", do, undo, redo)
        finally:
            self._reload()

    def fit_to_length(self) -> bool:
        """Scale every time box so the agenda fills the meeting exactly; False when it did."""
        qbr = self._require_qbr()
        items = qbrs.list_agenda(self.book, qbr.id)  # the book's, even before a reload
        if not items:
            return False
        old = {i.id: i.minutes for i in items}
        new = dict(zip(old, ag.refit_minutes(list(old.values()), qbr.length_minutes), strict=True))
        if new == old:
            return False
        try:
            self.recorder.run(
                "Fit the agenda to the meeting length",
                lambda: qbrs.set_minutes(self.book, qbr.id, new),
                lambda _r: qbrs.set_minutes(self.book, qbr.id, old),
            )
        finally:
            self._reload()
        return True

    # ----------------------------------------------------------------- commitments
    def add_commitment(self, title: str, owner: OwnerChoice | None, due: date) -> ActionItem:
        """Record what was agreed as an action item of the account, linked to this QBR."""
        title = " ".join(title.split())
        if not title:
            raise errors.ValidationError(
                "title",
                "Write what was agreed first (for example \u201cShare the rollout plan\u201d).",
            )
        qbr_id, book = self._require_qbr().id, self.book
        who = owner.values() if owner is not None else {}
        try:
            return edits.record_create(
                self.recorder,
                book,
                "Add commitment",
                lambda: qbrs.add_commitment(book, qbr_id, title=title, due_date=due, **who),
                delete=lambda dto: actions.delete_action(book, dto.id),
            )
        finally:
            self._reload()

    def mark_commitment_done(self, action_id: str) -> None:
        action = self._commitment(action_id)
        try:
            edits.record_update(
                self.recorder,
                "Mark commitment done",
                lambda rid, **kw: actions.update_action(self.book, rid, **kw),
                action.id,
                {"status": ActionStatus.DONE},
                {"status": action.status, "completed_on": action.completed_on},
            )
        finally:
            self._reload()

    def remove_commitment(self, action_id: str) -> None:
        action = self._commitment(action_id)
        try:
            edits.record_delete(
                self.recorder,
                self.book,
                "Remove commitment",
                lambda: actions.delete_action(self.book, action.id),
            )
        finally:
            self._reload()

    def _commitment(self, action_id: str) -> ActionItem:
        found = next((a for a in self.commitments if a.id == action_id), None)
        if found is None:
            raise errors.NotFoundError("That commitment no longer exists.")
        return found

    # ----------------------------------------------------------------- exports
    def set_template(self, path: Path | None) -> None:
        """Use ``path`` for decks (None: the built-in template); a file that is not a usable
        PowerPoint template is refused at once, in words."""
        if path is not None:
            from planner.reports.deck import read_template  # noqa: PLC0415 - loads python-pptx

            read_template(path)
        self.template = path

    def options(self, formats: tuple[str, ...]) -> export.ExportOptions:
        return export.ExportOptions(formats=formats, template=self.template, internal=self.internal)

    def default_stem(self) -> str:
        """``Acme - Q4 2026 Business Review - 2026-12-07`` (+ ``-internal`` for the internal
        copy)."""
        if self.qbr is None:
            return "QBR"
        from planner.reports.files import safe_filename  # noqa: PLC0415

        name = self.account_name or "Account"
        stem = f"{safe_filename(name, limit=60)} - {safe_filename(self.qbr.title)}"
        stem += f" - {self.qbr.meeting_date.isoformat()}"
        return stem + (export.INTERNAL_SUFFIX if self.internal else "")

    def plan_file_name(self) -> str:
        return f"{self.account_name or 'Account'} - Success plan.pdf"

    def export_work(self, target: Path, formats: tuple[str, ...]) -> ExportWork:
        """The export of the chosen QBR in ``formats``, named after ``target`` (its suffix is
        replaced by each format's), to run off the GUI thread. Records the files written on
        the QBR unless the book is read-only; says what the user should know (warnings)."""
        qbr_id = self._require_qbr().id
        options = self.options(formats)
        stem = target.stem if target.suffix.lower().lstrip(".") in export.FORMATS else target.name
        folder = target.parent
        book, today = self.book, self.book.clock.today()
        record = not book.read_only

        def work(_progress: Callable[[int, int], bool]) -> Exported:
            result = export.export_qbr(
                book, folder, options, qbr_id=qbr_id, today=today, record=record, stem=stem
            )
            return Exported(tuple(str(f) for f in result.files), result.warnings)

        return work

    def plan_pdf_work(self, path: Path) -> ExportWork:
        """The account's success plan as a PDF at ``path``, to run off the GUI thread."""
        if self.account_id is None:
            raise errors.ValidationError("account", "Choose an account first.")
        book, account_id, today = self.book, self.account_id, self.book.clock.today()
        internal = self.internal

        def work(_progress: Callable[[int, int], bool]) -> Exported:
            result = export.export_plan_pdf(book, account_id, path, internal=internal, today=today)
            return Exported((str(result.path),), tuple(result.warnings))

        return work
