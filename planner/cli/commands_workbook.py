"""Working the book: ``search``, ``attention``, ``digest``, ``templates``, ``plan`` and
``forecast``."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from planner.cli.common import (
    READS,
    CommandError,
    book_argument,
    command,
    iso_date,
    open_for_cli,
    print_json,
    print_table,
    writes,
)
from planner.domain.agenda import fmt_date
from planner.domain.enums import ForecastCategory
from planner.domain.money import format_minor
from planner.domain.search import Piece
from planner.services import accounts, attention, forecast, plan_templates, plans, search

_BOLD, _PLAIN = "\x1b[1m", "\x1b[0m"


def _setting(text: str) -> tuple[str, int]:
    """argparse type for NAME=WHOLE_NUMBER."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=NUMBER")
    try:
        return name.strip().replace("-", "_"), int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"the value in {text!r} is not a whole number") from exc


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "search",
        access=READS,
        help="find any text in the book",
        description="Find any text: accounts, notes, plans and desired outcomes, goals and "
        "KPIs, risks and mitigations, stakeholders, interactions, actions, use cases, survey "
        "comments, QBR notes and decisions, opportunities. Words match the start of words, "
        'accents and case ignored; "quoted words" match a phrase.',
    )
    book_argument(p)
    p.add_argument("text", metavar="TEXT", help="what to look for")
    p.add_argument(
        "--kind",
        metavar="K",
        help="only one kind of record: " + ", ".join(k.key for k in search.KINDS),
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_search)

    p = command(
        sub,
        "attention",
        access=writes(when=("snooze", "dismiss", "restore", "threshold")),
        help="what needs you: stale accounts, renewals without a QBR, overdue work",
        description="List what needs attention, most urgent first: no interaction for 45 days, "
        "sentiment not updated for 30 days, plans not touched for 60 days, renewals within 120 "
        "days without a QBR, goals past due, champions or sponsors who left, health drops of 10 "
        "points, overdue actions. The limits are book settings (--threshold). Snooze or "
        "dismiss an item by its key; it comes back when its cause changes.",
    )
    book_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all", action="store_true", help="include snoozed and dismissed items")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--snooze", metavar="KEY", help="snooze the item with this key (--until)")
    act.add_argument("--dismiss", metavar="KEY", help="dismiss the item with this key (--reason)")
    act.add_argument("--restore", metavar="KEY", help="show a snoozed or dismissed item again")
    act.add_argument(
        "--threshold",
        type=_setting,
        action="append",
        metavar="NAME=N",
        help="change a limit: " + ", ".join(attention.Thresholds.__dataclass_fields__),
    )
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="snooze until this day")
    p.add_argument("--reason", default="", help="why it is dismissed")
    p.set_defaults(handler=cmd_attention)

    p = command(
        sub,
        "digest",
        access=READS,
        help="the Monday e-mail of what needs attention (Markdown)",
        description="Write what needs attention as a Markdown e-mail: grouped by kind, every "
        "item with its account, why and what to do.",
    )
    book_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.md", help="file to write")
    p.set_defaults(handler=cmd_digest)

    p = command(
        sub,
        "templates",
        access=writes(when=("import_file", "delete", "save_plan_of")),
        help="plan templates: list, export, import, save a plan as one",
        description="List the plan templates (built in, and saved in the book). Export one to "
        "a file to share it, import a file, delete a saved one, or save an account's current "
        "plan as a template (dates relative to the plan's start, no customer names).",
    )
    book_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--export", metavar="NAME", help="write template NAME to --out")
    act.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="save the template in FILE into the book",
    )
    act.add_argument("--delete", metavar="NAME", help="delete a saved template")
    act.add_argument(
        "--save-plan-of", metavar="ACCOUNT", help="save ACCOUNT's current plan as template --name"
    )
    p.add_argument("--out", type=Path, metavar="FILE.json", help="where --export writes")
    p.add_argument("--name", help="the new template's name (--save-plan-of)")
    p.add_argument("--description", default="", help="what the new template is for")
    p.add_argument("--replace", action="store_true", help="replace a saved template of that name")
    p.set_defaults(handler=cmd_templates)

    _register_plan_from_template(sub)

    p = command(
        sub,
        "forecast",
        access=writes(when=("override", "clear_override", "weight")),
        help="renewal forecast: ARR at stake and risk-weighted, by quarter",
        description="Every renewal from the start of this quarter through N quarters: ARR at "
        "stake, category (commit, likely, at risk, churn expected) and why, risk-weighted ARR, "
        "in the book's base currency (the rate used is shown; renewals in a currency without "
        "a rate are listed as not converted and left out of the totals). Also this quarter "
        "against last quarter as forecast on its first day.",
    )
    book_argument(p)
    p.add_argument("--quarters", type=int, default=forecast.DEFAULT_QUARTERS, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON")
    act = p.add_mutually_exclusive_group()
    act.add_argument(
        "--override",
        metavar="ACCOUNT",
        help="set ACCOUNT's forecast by hand (--category, --reason)",
    )
    act.add_argument("--clear-override", metavar="ACCOUNT", help="go back to the derived category")
    act.add_argument(
        "--weight",
        type=_setting,
        action="append",
        metavar="CATEGORY=PCT",
        help="change a category's weight, e.g. likely=75",
    )
    p.add_argument("--category", help=", ".join(c.value for c in ForecastCategory))
    p.add_argument("--reason", default="", help="why the forecast is set or cleared by hand")
    p.set_defaults(handler=cmd_forecast)


TEMPLATE_HELP = (
    "start the plan from this plan template (its desired outcomes, goals with targets, risks "
    "and actions, dated from --start); see 'planner templates BOOK'"
)


def _register_plan_from_template(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``planner plan add BOOK --account A --from-template NAME [--start DATE] [--json]``.

    ``planner plan`` belongs to the record commands (list, show, add, update, delete); starting
    a plan from a template is an option of its ``add``. Without them (an older tree), a
    ``planner plan BOOK --account A --from-template NAME`` command stands alone."""
    group = sub.choices.get("plan")
    verbs = next(
        (a for a in getattr(group, "_actions", ()) if isinstance(a, argparse._SubParsersAction)),
        None,
    )
    add = verbs.choices.get("add") if verbs is not None else None
    if add is None:
        p = command(
            sub,
            "plan",
            access=writes(),
            help="start an account's plan from a template",
            description="Create a success plan for an account from a template: the plan, its "
            "goals (targets from the template's rules), the risks and the actions.",
        )
        book_argument(p)
        p.add_argument("--account", required=True, metavar="NAME_OR_ID")
        p.add_argument("--from-template", required=True, metavar="NAME", help=TEMPLATE_HELP)
        p.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help="plan start (today)")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=cmd_plan)
        return
    add.add_argument("--from-template", metavar="NAME", help=TEMPLATE_HELP)
    add.add_argument(
        "--start",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="with --from-template: the plan's first day (default today)",
    )
    plain_add = add.get_default("handler")

    def handler(args: argparse.Namespace) -> int:
        if not args.from_template:
            if args.start is not None:
                raise CommandError("--start goes with --from-template.")
            return int(plain_add(args))
        given = sorted(
            name.split("__", 1)[1].replace("_", "-")
            for name, value in vars(args).items()
            if "__" in name and value is not None
        )
        if given:
            raise CommandError(
                f"--from-template makes the whole plan; leave out --{given[0]} (change the plan "
                "afterwards with 'planner plan update')."
            )
        return cmd_plan(args)

    add.set_defaults(handler=handler)


# --------------------------------------------------------------------------- output helpers


def _safe(text: str) -> str:
    """Text for a terminal: control characters (escape sequences) shown as '?'."""
    return "".join(
        "?" if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text
    )


def _marked(pieces: Sequence[Piece], *, tty: bool) -> str:
    out = []
    for p in pieces:
        text = _safe(p.text)
        out.append(f"{_BOLD}{text}{_PLAIN}" if p.matched and tty else text)
    return "".join(out)


def _lines(text: str, indent: str) -> str:
    return "\n".join(indent + _safe(line) for line in text.splitlines() if line.strip())


# --------------------------------------------------------------------------- commands


def cmd_search(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        results = search.search(book, args.text, kind=args.kind, limit=args.limit)
    if args.json:
        print_json(results.as_contract())
        return 0
    tty = sys.stdout.isatty()
    if not results.hits:
        print(results.summary)
        return 0
    plus = "+" if results.capped else ""
    for group in results.groups:
        if not group.hits:
            continue
        print(f"{group.kind.plural} ({group.count:,}{plus})")
        for hit in group.hits:
            where = "" if group.kind.key == "account" else f"  ({_safe(hit.account_name)})"
            print(f"  {_marked(hit.title, tty=tty)}{where}")
            if hit.excerpt:
                print(f"      {_marked(hit.excerpt, tty=tty)}")
    others = [f"{g.count:,}{plus} {g.kind.plural.lower()}" for g in results.groups if not g.hits]
    if others:
        print(f"\nAlso matching: {', '.join(others)} (use --kind or a higher --limit).")
    print(f"\n{results.summary}")
    return 0


def cmd_attention(args: argparse.Namespace) -> int:
    writing = bool(args.snooze or args.dismiss or args.restore or args.threshold)
    with open_for_cli(args.book, read_only=not writing, take_over=args.take_over) as book:
        if args.snooze:
            if args.until is None:
                raise CommandError("Say until when with --until YYYY-MM-DD.")
            attention.snooze(book, args.snooze, args.until)
            print(f"Snoozed until {fmt_date(args.until)}: {args.snooze}")
            return 0
        if args.dismiss:
            attention.dismiss(book, args.dismiss, args.reason)
            print(f"Dismissed: {args.dismiss}")
            return 0
        if args.restore:
            attention.restore(book, args.restore)
            print(f"Shown again: {args.restore}")
            return 0
        if args.threshold:
            chosen = attention.set_thresholds(book, **dict(args.threshold))
            for name, value in chosen.as_settings().items():
                print(f"{name} = {value}")
            return 0
        listed = attention.needs_attention(book, include_hidden=args.all)
        name = book.name
    if args.json:
        print_json(
            {
                "as_of": listed.today.isoformat(),
                "open": len(listed.open_items),
                "hidden": listed.hidden,
                "counts": listed.counts,
                "items": [i.as_contract() for i in listed.items],
            }
        )
        return 0
    hidden = (
        f" ({listed.hidden} snoozed or dismissed not shown)"
        if listed.hidden and not args.all
        else ""
    )
    print(
        f"Needs attention in {_safe(name)} on {fmt_date(listed.today)}: "
        f"{len(listed.open_items)} items{hidden}"
    )
    kind = None
    for item in listed.items:
        if item.kind is not kind:
            kind = item.kind
            print(f"\n{kind.label}")
        state = ""
        if item.status is attention.ItemStatus.SNOOZED and item.snoozed_until:
            state = f"  [snoozed until {fmt_date(item.snoozed_until)}]"
        elif item.status is attention.ItemStatus.DISMISSED:
            state = f"  [dismissed: {_safe(item.reason)}]"
        print(f"  {_safe(item.account_name)}: {_safe(item.title)}{state}")
        print(_lines(item.why, "      "))
        print(f"      Next: {item.action}    key: {item.key}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        written = attention.write_digest(book, args.out)
    print(written)
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    writing = bool(args.import_file or args.delete or args.save_plan_of)
    with open_for_cli(args.book, read_only=not writing, take_over=args.take_over) as book:
        if args.export:
            if args.out is None:
                raise CommandError("Say where to write it with --out FILE.json.")
            print(plan_templates.export_template(book, args.export, args.out))
            return 0
        if args.import_file:
            info = plan_templates.import_template(book, args.import_file, replace=args.replace)
            print(f"Saved the template {info.name!r} in the book ({info.summary}).")
            return 0
        if args.delete:
            plan_templates.delete_template(book, args.delete)
            print(f"Deleted the template {args.delete!r}.")
            return 0
        if args.save_plan_of:
            if not args.name:
                raise CommandError("Name the new template with --name.")
            account = accounts.find_account(book, args.save_plan_of)
            plan = plans.current_plan(book, account.id)
            if plan is None:
                raise CommandError(f"{account.name} has no plan to save.")
            info = plan_templates.save_plan_as_template(
                book, plan.id, name=args.name, description=args.description, replace=args.replace
            )
            print(f"Saved {plan.title!r} as the template {info.name!r} ({info.summary}).")
            return 0
        found = plan_templates.list_templates(book)
    if args.json:
        print_json([t.as_contract() for t in found])
        return 0
    print_table(
        [[t.name, t.source, t.summary, t.description] for t in found],
        ["Template", "Source", "Holds", "What it is for"],
        widths={0: 30, 2: 44, 3: 60},
    )
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, take_over=getattr(args, "take_over", False)) as book:
        account = accounts.find_account(book, args.account)
        made = plan_templates.create_plan_from_template(
            book, account.id, args.from_template, start=args.start
        )
    if args.json:
        print_json(made.as_contract())
        return 0
    p = made.plan
    print(f"Created {p.title!r} for {_safe(account.name)} from the template {made.template!r}:")
    print(f"  {fmt_date(p.period_start)} to {fmt_date(p.period_end)}, {p.status.label.lower()}")
    print(f"\nGoals ({len(made.goals)})")
    for g in made.goals:
        target = "target to set" if g.target is None else f"target {g.target:g} {g.unit}".rstrip()
        print(f"  {_safe(g.title)}: {g.kpi_name}, {target}, due {fmt_date(g.due_date)}")
    print(f"\n{len(made.risks)} risks and {len(made.actions)} actions added.")
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    writing = bool(args.override or args.clear_override or args.weight)
    with open_for_cli(args.book, read_only=not writing, take_over=args.take_over) as book:
        if args.override:
            if not args.category:
                raise CommandError("Say which category with --category.")
            account = accounts.find_account(book, args.override)
            entry = forecast.set_override(book, account.id, args.category, args.reason)
            assert entry.category is not None
            print(
                f"{_safe(account.name)}: renewal on {fmt_date(entry.renewal_date)} set to "
                f"{entry.category.label.lower()} by hand."
            )
            return 0
        if args.clear_override:
            account = accounts.find_account(book, args.clear_override)
            forecast.clear_override(book, account.id, args.reason)
            print(f"{_safe(account.name)}: the forecast is derived again.")
            return 0
        if args.weight:
            chosen = forecast.set_weights(book, **dict(args.weight))
            for name, value in chosen.as_settings().items():
                print(f"{name} = {value}")
            return 0
        f = forecast.forecast(book, quarters=args.quarters)
    if args.json:
        print_json(f.as_contract())
        return 0
    _print_forecast(f)
    return 0


def _print_forecast(f: forecast.Forecast) -> None:
    base = f.base_currency
    print(
        f"Renewal forecast, {fmt_date(f.start)} to {fmt_date(f.end)}, in {base} "
        f"(as of {fmt_date(f.today)})\n"
    )
    table = []
    for r in f.rows:
        stake = f.money(r.arr_base_minor) if r.arr_base_minor is not None else "not converted"
        weighted = f.money(r.weighted_minor) if r.weighted_minor is not None else ""
        original = "" if r.currency == base else format_minor(r.arr_minor, r.currency)
        label = r.category.label + (" (by hand)" if r.overridden else "")
        table.append(
            [
                _safe(r.account_name),
                fmt_date(r.renewal_date) + (" (passed)" if r.past_due else ""),
                label,
                f"{r.weight_pct} %",
                stake,
                weighted,
                original,
            ]
        )
    print_table(
        table,
        [
            "Account",
            "Renewal",
            "Forecast",
            "Weight",
            f"At stake ({base})",
            f"Weighted ({base})",
            "In its currency",
        ],
        widths={0: 32},
    )
    print()
    for b in f.by_quarter:
        extra = f", {b.not_converted} not converted" if b.not_converted else ""
        print(
            f"{b.label}: {b.renewals} renewal{'' if b.renewals == 1 else 's'}{extra}, "
            f"{f.money(b.arr_at_stake_minor)} at stake, "
            f"{f.money(b.weighted_arr_minor)} risk-weighted"
        )
    print(
        f"Total: {f.money(f.arr_at_stake_minor)} at stake, "
        f"{f.money(f.weighted_arr_minor)} risk-weighted"
    )
    c = f.comparison
    o = c.last_quarter_outcome
    print(
        f"\nThis quarter ({c.this_quarter.label}): {f.money(c.this_quarter.weighted_arr_minor)} "
        f"risk-weighted of {f.money(c.this_quarter.arr_at_stake_minor)}."
    )
    print(
        f"Last quarter ({c.last_quarter.label}), as forecast on "
        f"{fmt_date(c.last_quarter_as_of)}: {f.money(c.last_quarter.weighted_arr_minor)} "
        f"risk-weighted of {f.money(c.last_quarter.arr_at_stake_minor)}; then {o.renewed} "
        f"renewed ({f.money(o.renewed_minor)}), {o.churned} churned "
        f"({f.money(o.churned_minor)}), {o.undecided} not decided."
    )
    if f.rates_used:
        used = ", ".join(f"1 {k} = {v} {base}" for k, v in f.rates_used.items())
        print(f"Rates used: {used}.")
    if f.not_converted:
        print(
            f"Not converted (no rate): {', '.join(f.not_converted)}; those renewals are listed "
            "but not in the totals. Add a rate with planner settings BOOK --set "
            f"fx.{f.not_converted[0]}=RATE."
        )
