"""Every record on the command line: ``planner ENTITY VERB BOOK ...``.

ENTITY is plan, goal, risk, stakeholder, use-case, action, interaction, survey, opportunity or
revenue; VERB is list, show, add, update or delete (and ``goal progress``). The options are
generated from each kind's :class:`~planner.services.records.RecordKind`: one per field, named
as in the JSON output (``--kpi-name``, ``--due-date``); money is given as an amount in the
account's currency (``--amount 1250.50``, converted exactly to minor units) or in minor units as
the JSON shows it (``--amount-minor 125050``). Values go through the same services, and so the
same validation, as the GUI; a bad value exits 1 naming the option and the problem. Writes take
the book's lock; deletes are the services' deletes (tombstones, everything linked included).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from planner.cli import common
from planner.cli.common import (
    CommandError,
    book_argument,
    iso_date,
    open_for_cli,
    print_json,
    print_table,
)
from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.money import format_minor
from planner.domain.text import shorten
from planner.services import accounts, actions, interactions, plans, records, stakeholders
from planner.services._crud import field_label
from planner.services.books import Book
from planner.services.capture.person import my_name
from planner.services.records import KINDS, Record, RecordKind, RecordQuery

VERBS = ("list", "show", "add", "update", "delete")
_FIELD = "field__"
_MINOR = "minor__"

_PLURALS = {
    "opportunity": "opportunities",
    "revenue": "revenue events",
    "survey": "survey responses",
    "use-case": "use cases",
}


def plural(kind: RecordKind) -> str:
    return _PLURALS.get(kind.name, kind.name + "s")


# --------------------------------------------------------------------------- options


def option_name(kind: RecordKind, name: str) -> str:
    """The option that sets field ``name`` (money: the decimal-amount one)."""
    if records.is_money(name) and kind.column(name) is not None:
        name = records.money_option(name)
    return "--" + name.replace("_", "-")


def _add_field_options(p: argparse.ArgumentParser, kind: RecordKind) -> None:
    group = p.add_argument_group("fields", "one option per field, named as in the JSON output")
    for name in kind.fields:
        column = kind.column(name)
        if column is not None and records.is_money(name):
            label = field_label(column).replace("%", "%%")
            pair = group.add_mutually_exclusive_group()
            pair.add_argument(
                option_name(kind, name),
                dest=_FIELD + name,
                metavar="AMOUNT",
                default=None,
                help=f"{label} in the account's currency, e.g. 1250.50 ('' to clear)",
            )
            pair.add_argument(
                "--" + name.replace("_", "-"),
                dest=_MINOR + name,
                metavar="MINOR",
                default=None,
                help=f"{label} in minor units (cents), as the JSON shows it",
            )
            continue
        metavar, help_text = records.describe_field(kind, name)
        help_text = help_text.replace("%", "%%")  # argparse formats help with %
        group.add_argument(
            option_name(kind, name),
            dest=_FIELD + name,
            metavar=metavar,
            default=None,
            help=help_text,
        )


def _account_option(p: argparse.ArgumentParser, *, required: bool, help_text: str) -> None:
    p.add_argument(
        "--account", required=required, default=None, metavar="NAME_OR_ID", help=help_text
    )


def _id_option(p: argparse.ArgumentParser, kind: RecordKind) -> None:
    p.add_argument("--id", required=True, metavar="ID", help=f"the {kind.noun}'s id")


def _json_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def verb(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    writes: bool,
    when: Sequence[str] = (),
    unless: Sequence[str] = (),
    **options: Any,
) -> argparse.ArgumentParser:
    """Add a command, saying whether it changes the book (see :func:`common.command`: a
    writing command gets ``--take-over``, and ``planner`` takes the book's lock before it
    runs). ``when``/``unless``: the options that make it write, or only read."""
    access = common.writes(when=when, unless=unless) if writes else common.READS
    return common.command(sub, name, access=access, **options)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for kind in KINDS.values():
        _register_kind(sub, kind)


def _register_kind(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], kind: RecordKind
) -> None:
    many = plural(kind)
    top = sub.add_parser(
        kind.name,
        help=f"list, show, add, update or delete {many}",
        description=f"Work with the book's {many}: {', '.join(VERBS)}"
        + (", progress" if kind.name == "goal" else "")
        + ". Run 'planner "
        + kind.name
        + " VERB --help' for a verb's options.",
    )
    verbs = top.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = verb(
        verbs,
        "list",
        writes=False,
        help=f"list {many}",
        description=f"List {many} of one account, or of every account that is not archived.",
    )
    book_argument(p)
    _account_option(p, required=False, help_text="only this account (name, id or CRM id)")
    _list_filters(p, kind)
    _json_option(p, "a list of records")
    p.set_defaults(handler=lambda args: cmd_list(args, kind))

    p = verb(verbs, "show", writes=False, help=f"show one {kind.noun}")
    book_argument(p)
    _id_option(p, kind)
    _json_option(p, "the record")
    p.set_defaults(handler=lambda args: cmd_show(args, kind))

    p = verb(
        verbs,
        "add",
        writes=True,
        help=f"add a {kind.noun}",
        description=f"Add a {kind.noun} to an account. Fields you leave out take their "
        "defaults; required ones are named if missing."
        + (
            " Without --plan-id the goal goes into the account's current plan (its active "
            "plan, else its newest)."
            if kind.parent_field == "plan_id"
            else ""
        ),
    )
    book_argument(p)
    _account_option(
        p,
        required=kind.parent_field == "account_id",
        help_text="the account (name, id or CRM id)",
    )
    _add_field_options(p, kind)
    if kind.name == "interaction":
        _follow_up_options(p)
    _json_option(p, "the new record")
    p.set_defaults(handler=lambda args: cmd_add(args, kind))

    p = verb(
        verbs,
        "update",
        writes=True,
        help=f"change fields of a {kind.noun}",
        description=f"Change the fields you give of a {kind.noun}; the others stay as they "
        "are. An empty value ('') clears an optional field.",
    )
    book_argument(p)
    _id_option(p, kind)
    _account_option(p, required=False, help_text="refuse unless the record belongs to this account")
    _add_field_options(p, kind)
    _json_option(p, "the changed record")
    p.set_defaults(handler=lambda args: cmd_update(args, kind))

    p = verb(
        verbs,
        "delete",
        writes=True,
        help=f"delete a {kind.noun}",
        description=f"Delete a {kind.noun} and what belongs to it. The deletion is recorded "
        "(so it travels with a merge) and the GUI can undo deletes made there.",
    )
    book_argument(p)
    _id_option(p, kind)
    _account_option(p, required=False, help_text="refuse unless the record belongs to this account")
    _json_option(p, "what was deleted")
    p.set_defaults(handler=lambda args: cmd_delete(args, kind))

    if kind.name == "goal":
        _register_progress(verbs)
    if kind.name == "stakeholder":
        _register_sentiment(verbs)


def _list_filters(p: argparse.ArgumentParser, kind: RecordKind) -> None:
    status = kind.status_enum()
    if status is not None:
        words = [*kind.status_groups, *(s.value for s in status)]
        groups = "".join(
            f"; {word} = {', '.join(s.value for s in members)}"
            for word, members in kind.status_groups.items()
        )
        p.add_argument(
            "--status",
            action="append",
            default=[],
            metavar="STATUS",
            help=f"only these statuses (repeat or comma-separate): {', '.join(words)}{groups}",
        )
    if kind.due_field:
        label = field_label(kind.entity.columns[kind.due_field]).lower()
        p.add_argument(
            "--due-before",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help=f"only those with a {label} before this day",
        )
    if kind.owner_field:
        p.add_argument(
            "--owner",
            default=None,
            metavar="NAME",
            help="only this owner ('me' is the name in your preferences)",
        )
    if kind.date_field:
        label = field_label(kind.entity.columns[kind.date_field]).lower()
        p.add_argument(
            "--since",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help=f"only those with a {label} on or after this day",
        )
        p.add_argument(
            "--until",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help=f"only those with a {label} on or before this day",
        )
    p.add_argument(
        "--include-archived",
        action="store_true",
        help="without --account, include archived accounts",
    )


def _register_progress(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = verb(
        verbs,
        "progress",
        writes=True,
        when=("value",),
        help="record a measurement of a goal's KPI (or list them)",
        description="Record a reading of the goal's KPI. The newest reading becomes the goal's "
        "current value; older ones fill in its history. Without --value, list the readings.",
    )
    book_argument(p)
    p.add_argument("--id", required=True, metavar="ID", help="the goal's id")
    p.add_argument("--value", default=None, metavar="X", help="the KPI's value")
    p.add_argument(
        "--on",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day it was measured (default: today)",
    )
    p.add_argument("--note", default="", metavar="TEXT", help="where the number comes from")
    _json_option(p, "the measurement (or the list)")
    p.set_defaults(handler=cmd_progress)


def _register_sentiment(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = verb(
        verbs,
        "sentiment",
        writes=False,
        help="list a person's sentiment history",
        description="Each recorded sentiment of a stakeholder, oldest first, with the one "
        "before it and its note. Record a new one with 'planner stakeholder update --id ID "
        "--sentiment N'.",
    )
    book_argument(p)
    p.add_argument("--id", required=True, metavar="ID", help="the stakeholder's id")
    _json_option(p, "the history")
    p.set_defaults(handler=cmd_sentiment)


def cmd_sentiment(args: argparse.Namespace) -> int:
    kind = KINDS["stakeholder"]
    with open_for_cli(args.book, read_only=True) as book:
        record = _find(book, kind, args.id, None)
        history = stakeholders.sentiment_history(book, record.item.id)
    rows: list[dict[str, Any]] = []
    before: int | None = None
    for entry in history:
        rows.append(
            {
                "recorded_on": entry.recorded_on,
                "from": before,
                "to": entry.sentiment,
                "note": entry.note,
            }
        )
        before = entry.sentiment
    if args.json:
        print_json(rows)
    elif not rows:
        print(f"No sentiment recorded for {_name_of(kind, record)!r} yet.")
    else:
        print_table(
            [
                [
                    r["recorded_on"].isoformat(),
                    "" if r["from"] is None else f"{r['from']:+d}",
                    f"{r['to']:+d}",
                    r["note"],
                ]
                for r in rows
            ],
            ["date", "from", "to", "note"],
            widths={3: 60},
        )
    return 0


# --------------------------------------------------------------------------- values


@contextlib.contextmanager
def options_named(kind: RecordKind) -> Iterator[None]:
    """A validation error names the option to fix and says nothing was written."""
    try:
        yield
    except errors.ValidationError as exc:
        known = set(kind.fields) | {"account", "attendees"}
        if exc.field == "attendees":
            where = "--attendee-ids: "
        elif exc.field == "account":
            where = "--account: "
        elif exc.field in _FOLLOW_UP_OPTIONS:
            where = _FOLLOW_UP_OPTIONS[exc.field] + ": "
        elif exc.field in known:
            where = option_name(kind, exc.field) + ": "
        else:
            where = ""
        raise CommandError(f"{where}{exc.message} Nothing was changed.") from None


def _given(args: argparse.Namespace, kind: RecordKind) -> tuple[dict[str, str], dict[str, str]]:
    texts = {n: getattr(args, _FIELD + n) for n in kind.fields if hasattr(args, _FIELD + n)}
    minors = {n: getattr(args, _MINOR + n) for n in kind.fields if hasattr(args, _MINOR + n)}
    return (
        {k: v for k, v in texts.items() if v is not None},
        {k: v for k, v in minors.items() if v is not None},
    )


def _values(
    book: Book, kind: RecordKind, args: argparse.Namespace, account_id: str, currency: str
) -> dict[str, Any]:
    texts, minors = _given(args, kind)
    values: dict[str, Any] = {}
    for name, text in texts.items():
        if name in kind.references:
            if name in kind.list_fields:
                values[name] = [
                    records.resolve_reference(book, kind, name, part, account_id)
                    for part in records.parse_value(kind, name, text, currency=currency)
                ]
            else:
                key = records.resolve_reference(book, kind, name, text, account_id)
                values[name] = key or None
        else:
            values[name] = records.parse_value(kind, name, text, currency=currency)
    for name, text in minors.items():
        values[name] = records.parse_minor(kind, name, text)
    return values


def _find(book: Book, kind: RecordKind, row_id: str, account: str | None) -> Record:
    try:
        record = records.get_record(book, kind, row_id)
    except errors.NotFoundError:
        raise CommandError(
            f"No {kind.noun} has the id {row_id.strip()[:60]!r}. List them with 'planner "
            f"{kind.name} list BOOK'."
        ) from None
    if account is not None:
        wanted = accounts.find_account(book, account)
        if wanted.id != record.account_id:
            raise CommandError(
                f"That {kind.noun} belongs to {record.account_name}, not "
                f"{wanted.name.removesuffix('.')}. Nothing was changed."
            )
    return record


# --------------------------------------------------------------------------- output


def record_json(record: Record) -> dict[str, Any]:
    """The record's fields in the DTO's order (``id`` first), then its account."""
    item = record.item
    data: dict[str, Any] = {}
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        data[f.name] = list(value) if isinstance(value, tuple) else value
    data.setdefault("account_id", record.account_id)
    data["account_name"] = record.account_name
    if any(records.is_money(n) for n in data) and "currency" not in data:
        data["currency"] = record.currency
    return data


def _shown(record: Record, name: str) -> str:
    value = getattr(record.item, name)
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if records.is_money(name) and isinstance(value, int):
        return format_minor(value, getattr(record.item, "currency", record.currency))
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _name_of(kind: RecordKind, record: Record) -> str:
    value = getattr(record.item, kind.label_field)
    text = str(getattr(value, "label", value))
    return shorten(text, 60)


def _print_record(record: Record) -> None:
    names = [f.name for f in dataclasses.fields(record.item)]
    rows = [("account", f"{record.account_name} ({record.account_id})")]
    rows += [(n, _shown(record, n)) for n in names if n not in {"account_id"}]
    width = max(len(n) for n, _ in rows)
    for name, text in rows:
        lines = text.splitlines() or [""]
        print(f"{name.ljust(width)}  {lines[0]}")
        for line in lines[1:]:
            print(f"{' ' * width}  {line}")


_TABLE_FIELDS = {
    "plan": ("title", "status", "period_start", "period_end"),
    "goal": ("title", "status", "due_date", "current", "target", "unit"),
    "risk": ("title", "severity", "status", "raised_on", "owner_name"),
    "stakeholder": ("name", "role", "email", "sentiment", "left_company"),
    "use-case": ("title", "status", "adoption_pct", "go_live"),
    "action": ("title", "due_date", "status", "owner_name"),
    "interaction": ("occurred_on", "type", "subject", "attendee_names"),
    "survey": ("responded_on", "kind", "score", "comment"),
    "opportunity": ("title", "stage", "status", "amount_minor", "expected_close"),
    "revenue": ("occurred_on", "kind", "arr_delta_minor", "note"),
}
"""The columns of each kind's table (the JSON has every field)."""


# --------------------------------------------------------------------------- commands


def _statuses(kind: RecordKind, given: list[str]) -> tuple[Any, ...]:
    enum_cls = kind.status_enum()
    if enum_cls is None:
        return ()
    chosen: list[Any] = []
    for part in (p.strip() for text in given for p in text.split(",")):
        if not part:
            continue
        group = kind.status_groups.get(part.casefold())
        if group is not None:
            chosen.extend(group)
        else:
            with options_named(kind):
                chosen.append(records.parse_enum(enum_cls, part, "status", "Status"))
    return tuple(dict.fromkeys(chosen))


def _owner(text: str | None) -> str | None:
    if text is None or text.strip().casefold() != "me":
        return text.strip() if text else None
    name = my_name()
    if not name:
        raise CommandError(
            "--owner me: your name is not set in your preferences. Set it with: planner "
            'preferences --set name="Your Name" (or give the owner\'s name).'
        )
    return name


def cmd_list(args: argparse.Namespace, kind: RecordKind) -> int:
    statuses = _statuses(kind, getattr(args, "status", []))
    owner = _owner(getattr(args, "owner", None))
    with open_for_cli(args.book, read_only=True) as book:
        account_id = accounts.find_account(book, args.account).id if args.account else None
        query = RecordQuery(
            account_id=account_id,
            statuses=statuses,
            due_before=getattr(args, "due_before", None),
            owner=owner,
            since=getattr(args, "since", None),
            until=getattr(args, "until", None),
            include_archived=args.include_archived,
        )
        found = records.list_records(book, kind, query)
    if args.json:
        print_json([record_json(r) for r in found])
        return 0
    if not found:
        print(f"No {plural(kind)} match.")
        return 0
    fields = list(_TABLE_FIELDS[kind.name])
    print_table(
        [[r.item.id, r.account_name, *(_shown(r, n) for n in fields)] for r in found],
        ["id", "account", *fields],
        widths={0: 36, 1: 30, 2: 50, 3: 50, 4: 40},
    )
    print(f"{len(found):,} {plural(kind) if len(found) != 1 else kind.noun}")
    return 0


def cmd_show(args: argparse.Namespace, kind: RecordKind) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        record = _find(book, kind, args.id, None)
    if args.json:
        print_json(record_json(record))
    else:
        _print_record(record)
    return 0


def _goal_plan(book: Book, args: argparse.Namespace) -> tuple[str, str]:
    """(plan id, account id) of a new goal: --plan-id, else the account's current plan."""
    given = getattr(args, _FIELD + "plan_id")
    account = accounts.find_account(book, args.account) if args.account else None
    if given:
        if account is None:
            chosen = plans.get_plan(book, given.strip())
            return chosen.id, chosen.account_id
        kind = KINDS["goal"]
        with options_named(kind):
            plan_id = records.resolve_reference(book, kind, "plan_id", given, account.id)
        return plan_id, account.id
    if account is None:
        raise CommandError("Give the account (--account) or the plan (--plan-id) of the goal.")
    plan = plans.current_plan(book, account.id)
    if plan is None:
        raise CommandError(
            f"{account.name} has no success plan yet. Add one first: planner plan add BOOK "
            f"--account {account.id} --title TITLE"
        )
    return plan.id, account.id


_FOLLOW_UP_OPTIONS = {
    "follow_up_title": "--follow-up",
    "follow_up_owner": "--follow-up-owner",
    "follow_up_due": "--follow-up-due",
}


def _follow_up_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group(
        "follow-up",
        "an action to add with the entry, in the same write (both or neither are saved)",
    )
    group.add_argument("--follow-up", metavar="TITLE", default=None, help="what is to be done")
    group.add_argument("--follow-up-owner", metavar="NAME", default="", help="who does it")
    group.add_argument(
        "--follow-up-due", metavar="YYYY-MM-DD", type=iso_date, default=None, help="when it is due"
    )


def _follow_up(args: argparse.Namespace) -> interactions.FollowUp | None:
    title = getattr(args, "follow_up", None)
    if title is None:
        if getattr(args, "follow_up_owner", "") or getattr(args, "follow_up_due", None):
            raise CommandError(
                "--follow-up: give the follow-up action's title with its owner or due date. "
                "Nothing was changed."
            )
        return None
    return interactions.FollowUp(title, args.follow_up_owner, args.follow_up_due)


def cmd_add(args: argparse.Namespace, kind: RecordKind) -> int:
    follow_up = _follow_up(args) if kind.name == "interaction" else None
    action: actions.ActionItem | None = None
    with open_for_cli(args.book, take_over=args.take_over) as book:
        if kind.parent_field == "plan_id":
            with options_named(kind):
                parent, account_id = _goal_plan(book, args)
        else:
            with options_named(kind):
                parent = account_id = accounts.find_account(book, args.account).id
        currency = accounts.get_account(book, account_id).currency
        with options_named(kind):
            values = _values(book, kind, args, account_id, currency)
            values.pop(kind.parent_field, None)
            if follow_up is not None:
                people = values.pop("attendee_ids", ())
                logged = interactions.log_interaction(
                    book, parent, attendees=people, follow_up=follow_up, **values
                )
                item, action = logged.interaction, logged.action
            else:
                item = kind.create(book, parent, values)
        record = records.get_record(book, kind, item.id)
    if args.json:
        found = record_json(record)
        if action is not None:
            found["follow_up_action"] = {
                f.name: getattr(action, f.name) for f in dataclasses.fields(action)
            }
        print_json(found)
    else:
        also = (
            f", with the follow-up action {action.title!r} (id {action.id})"
            if action is not None
            else ""
        )
        print(
            f"Added {kind.noun} {_name_of(kind, record)!r} to {record.account_name} "
            f"(id {record.item.id}){also}."
        )
    return 0


def cmd_update(args: argparse.Namespace, kind: RecordKind) -> int:
    with open_for_cli(args.book, take_over=args.take_over) as book:
        with options_named(kind):
            record = _find(book, kind, args.id, args.account)
            values = _values(book, kind, args, record.account_id, record.currency)
        if not values:
            raise CommandError(
                f"Nothing to change: give at least one field (see 'planner {kind.name} update "
                "--help')."
            )
        with options_named(kind):
            kind.update(book, record.item.id, values)
        record = records.get_record(book, kind, record.item.id)
    if args.json:
        print_json(record_json(record))
    else:
        changed = ", ".join(option_name(kind, n).removeprefix("--") for n in values)
        print(
            f"Updated {kind.noun} {_name_of(kind, record)!r} of {record.account_name}: {changed}."
        )
    return 0


def cmd_delete(args: argparse.Namespace, kind: RecordKind) -> int:
    with open_for_cli(args.book, take_over=args.take_over) as book:
        record = _find(book, kind, args.id, args.account)
        with options_named(kind):
            deleted = kind.delete(book, record.item.id)
    linked = {
        table: deleted.count(table)
        for table in dict.fromkeys(t for t, _ in deleted.rows)
        if table != kind.entity.table_name
    }
    if args.json:
        print_json({"id": record.item.id, "deleted": True, "also_deleted": linked})
        return 0
    also = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in linked.items())
    print(
        f"Deleted {kind.noun} {_name_of(kind, record)!r} of {record.account_name}"
        + (f", with {also}" if also else "")
        + "."
    )
    return 0


def measurement_json(item: plans.GoalMeasurement) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}


def _number(text: str) -> float:
    try:
        value = float(Decimal(text.strip()))
    except (InvalidOperation, ValueError):
        raise errors.ValidationError(
            "value", f"The value must be a number (got {text.strip()[:40]!r})."
        ) from None
    if not math.isfinite(value):
        raise errors.ValidationError("value", "The value must be a finite number.")
    return value


@contextlib.contextmanager
def _progress_options() -> Iterator[None]:
    try:
        yield
    except errors.ValidationError as exc:
        where = {"measured_on": "--on", "value": "--value", "note": "--note"}.get(exc.field)
        prefix = f"{where}: " if where else ""
        raise CommandError(f"{prefix}{exc.message} Nothing was changed.") from None


def cmd_progress(args: argparse.Namespace) -> int:
    kind = KINDS["goal"]
    if args.value is None:
        with open_for_cli(args.book, read_only=True) as book:
            record = _find(book, kind, args.id, None)
            history = plans.list_goal_progress(book, record.item.id)
        if args.json:
            print_json([measurement_json(h) for h in history])
        elif not history:
            print(f"No measurements of {_name_of(kind, record)!r} yet.")
        else:
            print_table(
                [[h.measured_on.isoformat(), f"{h.value:g}", h.note] for h in history],
                ["date", "value", "note"],
                widths={2: 60},
            )
        return 0
    with _progress_options(), open_for_cli(args.book, take_over=args.take_over) as book:
        value = _number(args.value)
        record = _find(book, kind, args.id, None)
        measurement = plans.record_goal_progress(
            book, record.item.id, value, on=args.on, note=args.note
        )
        goal = plans.get_goal(book, record.item.id)
    if args.json:
        print_json(measurement_json(measurement))
        return 0
    current = "-" if goal.current is None else f"{goal.current:g}"
    print(
        f"Recorded {measurement.value:g} {goal.unit}".rstrip()
        + f" for {goal.title!r} on {fmt.day(measurement.measured_on)}; current value "
        f"{current}."
    )
    return 0
