"""Logging captured meetings and e-mails on the timeline, in one transaction.

How a captured item (:class:`~planner.services.capture.sources.Captured`) becomes an
interaction:

1. **Who.** Its addresses are matched, ignoring case, to stakeholders' e-mails. The person's
   own address (from the preferences) and robots (no-reply, calendar resources) are left out.
2. **Which account.** The account given (``--account``, the Timeline it was dropped on, or a
   choice in the dialog) wins. Else an item logged before stays on its account. Else the
   accounts of the matched customer-side stakeholders decide: one account is taken; several
   are a question, answered with the candidates and who matched in each. With no customer
   match, internal stakeholders, then the e-mail domains of customer stakeholders, are tried
   the same way. Archived accounts are never picked by themselves.
3. **Attendees** are the matched stakeholders of that account; the other addresses are
   *unknown* and can become stakeholders of the account in the same step (a name from the
   file, the side from the domain).
4. **Once only.** ``interactions.external_id`` holds the invite's UID or the message's
   Message-ID. Logging the same file again updates that interaction when the file's date,
   subject or text changed (attendees are added, never removed), and changes nothing when it
   did not.

:func:`log_captured` does all of it in one write transaction, or (``dry_run``) in a read
transaction that writes nothing and reports what would happen. Any problem (a file that
could not be read, an account that cannot be told) means nothing is written, unless the
caller asks to skip those items. The result can be undone (:func:`undo_log`) and redone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import InteractionType, Side
from planner.services import interactions, stakeholders
from planner.services._crud import create_in, update_in
from planner.services.capture.sources import Captured, CaptureFileError, Person, read_file
from planner.services.changes import DeletedRows
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book

TABLES = frozenset(
    {"interactions", "interaction_attendees", "stakeholders", "stakeholder_sentiments"}
)
"""The tables a capture writes."""

FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "yandex.ru",
        "qq.com",
        "163.com",
    }
)
"""Domains shared by many companies: never evidence of an account."""

_ROBOT = re.compile(
    r"^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?|calendar-notification"
    r"|bounce[s]?)([+.\-].*)?@|@(resource|group)\.calendar\.google\.com$|@calendar\.google\.com$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    message: str


@dataclass(frozen=True, slots=True)
class AccountChoice:
    """An account an item could belong to, and the addresses that point at it."""

    account_id: str
    name: str
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unknown:
    """An address of the item that is not a stakeholder of its account (yet)."""

    email: str
    name: str
    """The name the new stakeholder would get."""
    side: Side


@dataclass(frozen=True, slots=True)
class LoggedItem:
    """What happened (or, in a dry run, would happen) to one captured item."""

    captured: Captured
    outcome: str
    """``created``, ``updated``, ``unchanged``, ``duplicate`` (same item twice in one go),
    ``skipped`` (a problem, with ``skip_invalid``) or ``problem``."""
    account_id: str | None
    account_name: str
    interaction_id: str | None
    attendees: tuple[str, ...]
    """Names of the stakeholders linked as attendees."""
    added: tuple[str, ...] = ()
    """E-mails that became new stakeholders for this item."""
    unknown: tuple[Unknown, ...] = ()
    """Addresses left unknown."""
    candidates: tuple[AccountChoice, ...] = ()
    """The accounts to choose from when ``problem`` says the account is unclear."""
    problem: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self.captured.source

    @property
    def external_id(self) -> str:
        return self.captured.external_id


@dataclass(frozen=True, slots=True)
class Revision:
    """An interaction as it was before a capture updated it, and as the capture left it."""

    interaction_id: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    attendees_before: tuple[str, ...]
    attendees_after: tuple[str, ...]


@dataclass(frozen=True)
class LogResult:
    items: tuple[LoggedItem, ...]
    problems: tuple[FileProblem, ...]
    """Files that could not be read at all."""
    dry_run: bool
    written: bool
    """True when the book was changed."""
    created_interactions: tuple[str, ...] = ()
    created_stakeholders: tuple[str, ...] = ()
    revisions: tuple[Revision, ...] = ()
    tables: frozenset[str] = field(default_factory=frozenset)
    """The tables written (empty when nothing was)."""

    @property
    def ok(self) -> bool:
        """No file refused and no item left with a problem."""
        return not self.problems and all(i.problem is None for i in self.items)

    def count(self, outcome: str) -> int:
        return sum(1 for i in self.items if i.outcome == outcome)

    @property
    def unknown(self) -> tuple[Unknown, ...]:
        """Every address left unknown, once."""
        seen: dict[str, Unknown] = {}
        for item in self.items:
            for u in item.unknown:
                seen.setdefault(u.email, u)
        return tuple(seen.values())


# --------------------------------------------------------------------------- reading


def read_files(
    paths: Iterable[Path], *, tz: tzinfo | None = None
) -> tuple[list[Captured], list[FileProblem]]:
    """Everything capturable in ``paths``, and a problem per file that could not be read."""
    found: list[Captured] = []
    problems: list[FileProblem] = []
    for path in paths:
        try:
            found.extend(read_file(Path(path), tz=tz))
        except CaptureFileError as exc:
            problems.append(FileProblem(Path(path).name, str(exc)))
    return found, problems


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Known:
    id: str
    account_id: str
    account_name: str
    archived: bool
    name: str
    email: str
    side: Side


def _directory(session: Session, emails: Collection[str]) -> dict[str, list[_Known]]:
    """Stakeholders whose e-mail (any case) is one of ``emails``, by lower-case e-mail."""
    found: dict[str, list[_Known]] = {}
    wanted = sorted(emails)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        stmt = (
            select(
                m.Stakeholder.id,
                m.Stakeholder.account_id,
                m.Account.name,
                m.Account.archived,
                m.Stakeholder.name,
                m.Stakeholder.email,
                m.Stakeholder.side,
            )
            .join(m.Account, m.Account.id == m.Stakeholder.account_id)
            .where(func.lower(m.Stakeholder.email).in_(chunk))
            .order_by(m.Account.name, m.Stakeholder.name)
        )
        for row in session.execute(stmt):
            known = _Known(row[0], row[1], row[2], bool(row[3]), row[4], row[5].lower(), row[6])
            found.setdefault(known.email, []).append(known)
    return found


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1]


def _accounts_of_domains(session: Session, domains: Collection[str]) -> dict[str, set[str]]:
    """account id -> the domains its customer stakeholders' e-mails use, among ``domains``."""
    if not domains:
        return {}
    found: dict[str, set[str]] = {}
    clauses = [func.lower(m.Stakeholder.email).like(f"%@{d}") for d in sorted(domains)[:50]]
    stmt = (
        select(m.Stakeholder.account_id, m.Stakeholder.email)
        .join(m.Account, m.Account.id == m.Stakeholder.account_id)
        .where(or_(*clauses), m.Stakeholder.side == Side.CUSTOMER, m.Account.archived.is_(False))
    )
    for account_id, email in session.execute(stmt):
        found.setdefault(account_id, set()).add(_domain(email.lower()))
    return found


def _account_names(session: Session, ids: Collection[str]) -> dict[str, tuple[str, bool]]:
    if not ids:
        return {}
    stmt = select(m.Account.id, m.Account.name, m.Account.archived).where(m.Account.id.in_(ids))
    return {row[0]: (row[1], bool(row[2])) for row in session.execute(stmt)}


def is_robot(email: str) -> bool:
    """No-reply senders and calendar resources: never stakeholders."""
    return bool(_ROBOT.search(email))


def suggested_name(person: Person) -> str:
    """A stakeholder name for an address: the file's display name ("Doe, Jane" -> "Jane Doe"),
    else one made from the address ("jane.doe@" -> "Jane Doe")."""
    name = " ".join(person.name.replace('"', "").split())
    if name and "@" not in name:
        last, comma, first = name.partition(",")
        if comma and first.strip() and len(last.split()) <= 2 and len(first.split()) <= 2:
            return f"{first.strip()} {last.strip()}"
        return name[:200]
    local = person.email.split("@", 1)[0].split("+", 1)[0]
    words = [w for w in re.split(r"[._\-]+", local) if w]
    return " ".join(w.capitalize() for w in words)[:200] or person.email


class _Run:
    """One capture over an open session: matching, then (unless a dry run) writing."""

    def __init__(
        self, session: Session, *, my_email: str, write: bool, add_unknown: bool | Collection[str]
    ) -> None:
        self.session = session
        self.my_email = my_email.strip().lower()
        self.write = write
        self.add_unknown = add_unknown
        self.added: dict[tuple[str, str], str] = {}
        """(account id, e-mail) -> new stakeholder id (or a placeholder in a dry run)."""
        self.created_interactions: list[str] = []
        self.revisions: list[Revision] = []
        self.seen: dict[str, str | None] = {}

    def wants(self, email: str) -> bool:
        if isinstance(self.add_unknown, bool):
            return self.add_unknown
        return email in self.add_unknown

    def relevant(self, item: Captured) -> list[Person]:
        people: dict[str, Person] = {}
        for person in item.people:
            if person.email == self.my_email or is_robot(person.email):
                continue
            people.setdefault(person.email, person)
        return list(people.values())

    # ----------------------------------------------------------------- account

    def choose_account(
        self,
        item: Captured,
        people: Sequence[Person],
        known: Mapping[str, list[_Known]],
        forced: str | None,
        existing: m.Interaction | None,
    ) -> tuple[str | None, tuple[AccountChoice, ...], str | None, list[str]]:
        """(account id, candidates, problem, notes)."""
        notes: list[str] = []
        if existing is not None:
            if forced is not None and forced != existing.account_id:
                name = _account_names(self.session, [existing.account_id])
                where = name.get(existing.account_id, ("another account", False))[0]
                notes.append(f"{item.subject} was logged on {where} before; it is updated there.")
            return existing.account_id, (), None, notes
        if forced is not None:
            return forced, (), None, notes
        emails = [p.email for p in people]
        for side in (Side.CUSTOMER, Side.INTERNAL):
            by_account: dict[str, list[str]] = {}
            for email in emails:
                for k in known.get(email, []):
                    if k.side is side:
                        by_account.setdefault(k.account_id, []).append(email)
            if by_account:
                return self._pick(item, by_account, notes, how="")
        domains = {_domain(e) for e in emails} - FREE_MAIL - {_domain(self.my_email)}
        by_domain = _accounts_of_domains(self.session, domains)
        if by_domain:
            matched = {
                account: [e for e in emails if _domain(e) in found]
                for account, found in by_domain.items()
            }
            return self._pick(item, matched, notes, how="domain")
        return (
            None,
            (),
            f"{item.source}: none of the people in {item.subject!r} is a stakeholder of any "
            "account yet. Choose the account it belongs to.",
            notes,
        )

    def _pick(
        self, item: Captured, by_account: Mapping[str, list[str]], notes: list[str], *, how: str
    ) -> tuple[str | None, tuple[AccountChoice, ...], str | None, list[str]]:
        names = _account_names(self.session, by_account)
        choices = tuple(
            AccountChoice(aid, names[aid][0], tuple(dict.fromkeys(emails)))
            for aid, emails in sorted(by_account.items(), key=lambda kv: names[kv[0]][0])
        )
        active = [c for c in choices if not names[c.account_id][1]]
        if len(active) == 1 and len(choices) == 1:
            chosen = active[0]
            if how == "domain":
                notes.append(
                    f"{item.subject}: no one in it is a stakeholder yet; {chosen.name} was "
                    f"chosen by the e-mail domain ({', '.join(chosen.matched[:3])})."
                )
            return chosen.account_id, (), None, notes
        listed = "; ".join(f"{c.name} ({', '.join(c.matched[:3])})" for c in choices[:8])
        if not active:
            problem = (
                f"{item.source}: the people in {item.subject!r} belong to archived "
                f"accounts only ({listed}). Choose the account it belongs to."
            )
        else:
            problem = (
                f"{item.source}: the people in {item.subject!r} belong to {len(choices)} "
                f"accounts: {listed}. Choose the account it belongs to."
            )
        return None, choices, problem, notes

    # ----------------------------------------------------------------- one item

    def log(
        self, item: Captured, forced: str | None, known: Mapping[str, list[_Known]]
    ) -> LoggedItem:
        people = self.relevant(item)
        if item.external_id in self.seen:
            what = "meeting" if item.type is InteractionType.MEETING else "message"
            note = f"{item.source}: the same {what} as another file given; logged once."
            return LoggedItem(
                item, "duplicate", None, "", self.seen[item.external_id], (), notes=(note,)
            )
        existing = self.session.scalar(
            select(m.Interaction).where(m.Interaction.external_id == item.external_id)
        )
        account_id, candidates, problem, notes = self.choose_account(
            item, people, known, forced, existing
        )
        notes = [*item.notes, *notes]
        today = m.session_today(self.session)
        if item.occurred_on > today:
            notes.append(f"{item.subject} is still to come; it goes on the timeline with its date.")
        if account_id is None:
            return LoggedItem(
                item,
                "problem",
                None,
                "",
                None,
                (),
                candidates=candidates,
                problem=problem,
                notes=tuple(notes),
            )
        account_name = _account_names(self.session, [account_id]).get(account_id, ("", False))[0]
        attendee_ids: list[str] = []
        attendee_names: list[str] = []
        unknown: list[Unknown] = []
        added: list[str] = []
        for person in people:
            mine = [k for k in known.get(person.email, []) if k.account_id == account_id]
            if mine:
                attendee_ids.append(mine[0].id)
                attendee_names.append(mine[0].name)
                continue
            guess = Unknown(
                person.email, suggested_name(person), self._side(person.email, account_id, known)
            )
            if self.wants(person.email):
                attendee_ids.append(self._add_stakeholder(account_id, guess, item))
                attendee_names.append(guess.name)
                added.append(person.email)
            else:
                unknown.append(guess)
        values = {
            "occurred_on": item.occurred_on,
            "type": item.type,
            "subject": item.subject,
            "summary": item.summary,
        }
        if existing is None:
            outcome, interaction_id = (
                "created",
                self._create(account_id, item, values, attendee_ids),
            )
        else:
            outcome = self._update(existing, values, attendee_ids)
            interaction_id = existing.id
        self.seen[item.external_id] = interaction_id
        return LoggedItem(
            item,
            outcome,
            account_id,
            account_name,
            interaction_id,
            tuple(dict.fromkeys(attendee_names)),
            added=tuple(added),
            unknown=tuple(unknown),
            notes=tuple(notes),
        )

    def _side(self, email: str, account_id: str, known: Mapping[str, list[_Known]]) -> Side:
        domain = _domain(email)
        if self.my_email and domain == _domain(self.my_email) and domain not in FREE_MAIL:
            return Side.INTERNAL
        internal_domains = {
            _domain(k.email)
            for people in known.values()
            for k in people
            if k.side is Side.INTERNAL and k.account_id == account_id
        }
        return Side.INTERNAL if domain in internal_domains - FREE_MAIL else Side.CUSTOMER

    def _add_stakeholder(self, account_id: str, guess: Unknown, item: Captured) -> str:
        key = (account_id, guess.email)
        if key in self.added:
            return self.added[key]
        if not self.write:
            self.added[key] = f"new:{guess.email}"
            return self.added[key]
        person = stakeholders.create_stakeholder_in(
            self.session,
            account_id,
            {
                "name": guess.name,
                "email": guess.email,
                "side": guess.side,
                "notes": f"Added from {item.source} ({item.subject}).",
            },
        )
        self.added[key] = person.id
        return person.id

    def _create(
        self, account_id: str, item: Captured, values: dict[str, Any], attendee_ids: list[str]
    ) -> str | None:
        if not self.write:
            return None
        obj = create_in(
            self.session,
            interactions.INTERACTION,
            {"account_id": account_id, "external_id": item.external_id, **values},
        )
        interactions.set_attendees(self.session, obj, attendee_ids)
        interactions.touch_last_contact(self.session, obj)
        self.created_interactions.append(obj.id)
        return obj.id

    def _update(
        self, existing: m.Interaction, values: dict[str, Any], attendee_ids: list[str]
    ) -> str:
        before = {name: getattr(existing, name) for name in values}
        current = list(
            self.session.scalars(
                select(m.InteractionAttendee.stakeholder_id).where(
                    m.InteractionAttendee.interaction_id == existing.id
                )
            )
        )
        wanted = list(dict.fromkeys([*current, *attendee_ids]))
        if before == values and set(wanted) == set(current):
            return "unchanged"
        if self.write:
            update_in(self.session, interactions.INTERACTION, existing.id, values)
            interactions.set_attendees(self.session, existing, wanted)
            interactions.touch_last_contact(self.session, existing)
            self.revisions.append(
                Revision(existing.id, before, dict(values), tuple(current), tuple(wanted))
            )
        return "updated"


# --------------------------------------------------------------------------- entry points


def log_captured(
    book: Book,
    captured: Sequence[Captured],
    *,
    account_id: str | None = None,
    accounts: Mapping[str, str] | None = None,
    add_unknown: bool | Collection[str] = False,
    my_email: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    problems: Sequence[FileProblem] = (),
) -> LogResult:
    """Log ``captured`` items on the timeline in one transaction (see the module doc).

    ``account_id`` is the account for every item; ``accounts`` maps an item's external id to
    its account (the answer to "which account?"). ``add_unknown`` is True (every unknown
    address) or the e-mails to add as stakeholders. ``problems`` are the files that could not
    be read: with any of them, or any item whose account cannot be told, nothing is written
    unless ``skip_invalid``.
    """
    chosen = dict(accounts or {})
    run_problems = tuple(problems)

    def run(session: Session, *, write: bool) -> list[LoggedItem]:
        emails = {p.email for c in captured for p in c.people}
        known = _directory(session, emails)
        if account_id is not None and session.get(m.Account, account_id) is None:
            raise errors.NotFoundError("The account to log on no longer exists.")
        runner = _Run(session, my_email=my_email, write=write, add_unknown=add_unknown)
        found = [
            runner.log(item, chosen.get(item.external_id, account_id), known) for item in captured
        ]
        state["runner"] = runner
        return found

    state: dict[str, _Run] = {}
    with book.read() as session:
        planned = run(session, write=False)
    blocked = bool(run_problems) or any(i.problem for i in planned)
    if dry_run or (blocked and not skip_invalid):
        return LogResult(tuple(planned), run_problems, dry_run=dry_run, written=False)
    wanted = [c for c, p in zip(captured, planned, strict=True) if p.problem is None]
    skipped = [
        LoggedItem(
            p.captured,
            "skipped",
            None,
            "",
            None,
            (),
            candidates=p.candidates,
            problem=p.problem,
            notes=p.notes,
        )
        for p in planned
        if p.problem is not None
    ]
    if not wanted:
        return LogResult(tuple(skipped), run_problems, dry_run=False, written=False)
    with book.write() as session:
        saved = run(session, write=True)
        runner = state["runner"]
    changed = any(i.outcome in {"created", "updated"} for i in saved)
    return LogResult(
        (*saved, *skipped),
        run_problems,
        dry_run=False,
        written=changed or bool(runner.added),
        created_interactions=tuple(runner.created_interactions),
        created_stakeholders=tuple(v for v in runner.added.values()),
        revisions=tuple(runner.revisions),
        tables=TABLES if changed or runner.added else frozenset(),
    )


def log_files(
    book: Book, paths: Iterable[Path], *, tz: tzinfo | None = None, **options: Any
) -> LogResult:
    """Read ``paths`` and log what they hold (:func:`log_captured` takes the ``options``)."""
    captured, problems = read_files(paths, tz=tz)
    return log_captured(book, captured, problems=problems, **options)


# --------------------------------------------------------------------------- undo


@dataclass(frozen=True)
class Undone:
    """What :func:`undo_log` removed, for :func:`redo_log`."""

    deleted: tuple[DeletedRows, ...]


def undo_log(book: Book, result: LogResult) -> Undone:
    """Take a capture back in one transaction: its new interactions and stakeholders go (with
    their links), updated interactions get their former text, date and attendees."""
    with book.write() as session:
        for revision in result.revisions:
            obj = session.get(m.Interaction, revision.interaction_id)
            if obj is None:
                continue
            update_in(session, interactions.INTERACTION, obj.id, dict(revision.before))
            interactions.set_attendees(session, obj, revision.attendees_before)
        deleted = []
        for table, ids in (
            ("interactions", result.created_interactions),
            ("stakeholders", result.created_stakeholders),
        ):
            present = [i for i in ids if session.get(_MODELS[table], i) is not None]
            if present:
                deleted.append(rows.delete_rows(session, table, present))
        return Undone(tuple(deleted))


def redo_log(book: Book, result: LogResult, undone: Undone) -> None:
    """Put a capture back after :func:`undo_log` (the same rows, the same ids)."""
    with book.write() as session:
        for deleted in reversed(undone.deleted):
            rows.restore_rows(session, deleted)
        for revision in result.revisions:
            obj = session.get(m.Interaction, revision.interaction_id)
            if obj is None:
                continue
            update_in(session, interactions.INTERACTION, obj.id, dict(revision.after))
            interactions.set_attendees(session, obj, revision.attendees_after)


_MODELS: dict[str, type[m.Tracked]] = {"interactions": m.Interaction, "stakeholders": m.Stakeholder}
