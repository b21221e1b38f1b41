"""Health and metrics commands: ``health``, ``record-health``, ``override-health``,
``csm-sentiment``, ``health-model`` and ``metrics``.

Everything the health panel and the metrics view do to data can be done here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from planner.cli.common import (
    READS,
    book_argument,
    command,
    iso_date,
    open_for_cli,
    print_json,
    print_table,
    writes,
)
from planner.domain import formatting as fmt
from planner.domain import health as h
from planner.domain import metrics as mx
from planner.domain.errors import PlannerError
from planner.domain.money import format_minor
from planner.domain.text import shorten
from planner.services import accounts, health, metrics


def _weight(text: str) -> tuple[str, float]:
    """argparse type for FACTOR=WEIGHT."""
    name, sep, value = text.partition("=")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if not sep or key not in h.FACTORS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not FACTOR=WEIGHT with FACTOR one of: {', '.join(h.FACTORS)}"
        )
    try:
        number = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"the weight in {text!r} is not a number") from exc
    return key, number


def _segment(text: str) -> mx.Segment:
    """argparse type for FIELD=VALUE (a malformed one is a usage error)."""
    try:
        return mx.Segment.parse(text)
    except PlannerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "health",
        access=READS,
        handler=cmd_health,
        help="an account's health score, explained",
        description="Show an account's health score with every factor's raw value, score, "
        "weight and contribution, and what moved it since the previous snapshot. Without "
        "--on, the score is computed now from the book's data (not saved) and compared with "
        "the latest snapshot; with --on, the snapshot in force on that day is explained.",
    )
    book_argument(p)
    p.add_argument(
        "--account",
        required=True,
        metavar="NAME_OR_ID",
        help="the account's name (or a unique start of it), id or CRM id",
    )
    p.add_argument(
        "--on",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="explain the snapshot in force on this day",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(
        sub,
        "record-health",
        access=writes(),
        handler=cmd_record,
        help="record health snapshots (one account or the whole book)",
        description="Score accounts now with the current health model and save a snapshot "
        "for each. Without --account, every active account (not archived, not churned).",
    )
    book_argument(p)
    p.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="an account to record (repeat for several)",
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="date the snapshots (default: today)",
    )
    p.add_argument("--quiet", action="store_true", help="print nothing on success")

    p = command(
        sub,
        "override-health",
        access=writes(),
        handler=cmd_override,
        help="override an account's health score today, with a reason",
        description="Set today's health score of an account by hand. A reason is required "
        "and is shown wherever the score is. Today's snapshot carries the override (one is "
        "recorded if there is none yet).",
    )
    book_argument(p)
    p.add_argument("--account", required=True, metavar="NAME_OR_ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--score", type=float, metavar="0-100", help="the score to use")
    group.add_argument("--clear", action="store_true", help="remove today's override")
    p.add_argument("--reason", default="", help="why (required with --score)")
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day to override (default: today)",
    )

    p = command(
        sub,
        "csm-sentiment",
        access=writes(),
        handler=cmd_csm,
        help="set your own read of an account (-2 to +2)",
        description="Set the CSM sentiment of an account, one of the health factors: -2 "
        "(very negative) to +2 (very positive), with a note and the date.",
    )
    book_argument(p)
    p.add_argument("--account", required=True, metavar="NAME_OR_ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--value", type=int, choices=(-2, -1, 0, 1, 2), metavar="-2..2")
    group.add_argument("--clear", action="store_true", help="remove the CSM sentiment")
    p.add_argument("--note", default="", help="what it is based on")
    p.add_argument(
        "--on",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date of this read (default: today)",
    )

    p = command(
        sub,
        "health-model",
        access=writes(when=("weight", "red_below", "green_from")),
        handler=cmd_model,
        help="show or change the health model's weights and bands",
        description="Without options, show the current health model and its history. With "
        "--weight, --red-below or --green-from, save a new model version (what you do not "
        "give is kept from the current one). Snapshots keep the version they were scored "
        f"with. Factors: {', '.join(h.FACTORS)}.",
    )
    book_argument(p)
    p.add_argument(
        "--weight",
        action="append",
        type=_weight,
        default=[],
        metavar="FACTOR=WEIGHT",
        help="e.g. engagement=25 (repeat for several)",
    )
    p.add_argument("--red-below", type=int, metavar="N", help="red when the score is below N")
    p.add_argument("--green-from", type=int, metavar="N", help="green from N upwards")
    p.add_argument("--note", default="", help="why the model changed")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(
        sub,
        "metrics",
        access=READS,
        handler=cmd_metrics,
        help="portfolio metrics for a period (NRR, GRR, churn, renewals, NPS, ...)",
        description="Logo churn, customer retention, GRR, NRR, renewal rate (count and ARR), "
        "CLV, NPS, CSAT, median time-to-value and the health distribution for the period, "
        "optionally for one segment. Money is in the book's base currency, in minor units in "
        "JSON.",
    )
    book_argument(p)
    p.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument(
        "--segment",
        type=_segment,
        default=None,
        metavar="FIELD=VALUE",
        help=f"only accounts whose FIELD ({', '.join(mx.SEGMENT_FIELDS)}) is VALUE",
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="renewals come due up to this day (default: today)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")


# --------------------------------------------------------------------------- health


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def explanation_json(ex: health.HealthExplanation) -> dict[str, Any]:
    def snap(s: health.HealthSnapshot | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "id": s.id,
            "taken_on": s.taken_on.isoformat(),
            "score": s.score,
            "computed_score": s.computed_score,
            "band": s.band.value,
            "override_score": s.override_score,
            "override_reason": s.override_reason or None,
            "model_version": s.model_version,
        }

    return {
        "account": {"id": ex.account_id, "name": ex.account_name},
        "as_of": ex.as_of.isoformat(),
        "source": "computed now (not saved)" if ex.live else "snapshot",
        "score": ex.score,
        "band": ex.band.value,
        "computed_score": ex.result.score,
        "override_score": ex.override_score,
        "override_reason": ex.override_reason or None,
        "model": {
            "version": ex.model.version,
            "weights": dict(ex.model.weights),
            "red_below": ex.model.red_below,
            "green_from": ex.model.green_from,
        },
        "factors": [
            {
                "key": f.key,
                "label": f.label,
                "raw": f.raw,
                "score": f.score,
                "weight": f.weight,
                "share_pct": round(f.effective_weight * 100, 2),
                "contribution": round(f.contribution, 2),
                "rule": h.FACTOR_RULES[f.key],
            }
            for f in ex.result.factors
        ],
        "snapshot": snap(ex.snapshot),
        "previous": snap(ex.previous),
        "change": ex.change,
        "moves": [
            {
                "key": mv.key,
                "label": mv.label,
                "before": mv.before,
                "after": mv.after,
                "points": mv.points,
            }
            for mv in ex.moves
        ],
    }


def cmd_health(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        account = accounts.find_account(book, args.account)
        ex = health.explain_health(book, account.id, args.on)
    if args.json:
        print_json(explanation_json(ex))
        return 0
    where = (
        "computed now from the book's data (not saved)"
        if ex.live
        else f"snapshot of {fmt.day(ex.as_of)}"
    )
    print(
        f"{ex.account_name}: health {ex.score:.1f} ({ex.band.label}), {where}, "
        f"model v{ex.model.version}"
    )
    if ex.override_score is not None:
        print(f"Overridden by hand (computed {ex.result.score:.1f}): {ex.override_reason}")
    elif ex.live and ex.snapshot is not None and ex.snapshot.overridden:
        s = ex.snapshot
        print(
            f"The snapshot of {fmt.day(s.taken_on)} is overridden to {s.score:.1f}: "
            f"{s.override_reason}"
        )
    missing = [f.label for f in ex.result.factors if f.score is None]
    print()
    rows = [
        [
            f.label,
            f.raw,
            _score(f.score),
            f"{f.weight:g}",
            f"{f.effective_weight * 100:.1f} %",
            f"{f.contribution:.1f}",
        ]
        for f in ex.result.factors
    ]
    print_table(rows, ["Factor", "Raw value", "Score", "Weight", "Share", "Points"], widths={1: 76})
    print(f"Points add up to the computed score: {ex.result.score:.1f}")
    if missing:
        print(f"No data for {', '.join(missing)}: their weight is shared by the other factors.")
    print()
    if ex.previous is None:
        print("No earlier snapshot to compare with.")
        return 0
    print(
        f"Since the snapshot of {fmt.day(ex.previous.taken_on)} (computed "
        f"{ex.previous.computed_score:.1f}): {ex.change:+.1f} points"
    )
    moved = [mv for mv in ex.moves if abs(mv.points) >= 0.05]
    if not moved:
        print("  No factor moved the score.")
    for mv in moved:
        print(
            f"  {mv.label:<22} {_score(mv.before):>5} -> {_score(mv.after):<5}  "
            f"{mv.points:+.1f} points"
        )
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    with open_for_cli(args.book) as book:
        day = args.as_of or book.clock.today()
        ids = [accounts.find_account(book, name).id for name in args.account] or None
        shown = [0]

        def progress(done: int, total: int) -> bool:
            if not args.quiet and total >= 2000 and done - shown[0] >= total // 10:
                shown[0] = done
                print(f"  {done:,} of {total:,} accounts...", file=sys.stderr)
            return True

        result = health.record_snapshots(book, ids, as_of=day, progress=progress)
    if not args.quiet:
        print(
            f"Recorded {result.recorded:,} health snapshot"
            f"{'s' if result.recorded != 1 else ''} dated {fmt.day(day)}."
        )
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    with open_for_cli(args.book) as book:
        account = accounts.find_account(book, args.account)
        score = None if args.clear else args.score
        result = health.override_health(book, account.id, score, args.reason, as_of=args.as_of)
    s = result.snapshot
    if s.overridden:
        print(
            f"{account.name}: health on {fmt.day(s.taken_on)} is now {s.score:.1f} "
            f"({s.band.label}) by hand (computed {s.computed_score:.1f})."
        )
    else:
        print(
            f"{account.name}: override removed; health on {fmt.day(s.taken_on)} is "
            f"{s.score:.1f} ({s.band.label}) as computed."
        )
    return 0


def cmd_csm(args: argparse.Namespace) -> int:
    with open_for_cli(args.book) as book:
        account = accounts.find_account(book, args.account)
        value = None if args.clear else args.value
        result = health.set_csm_sentiment(book, account.id, value, args.note, args.on)
    if result.value is None:
        print(f"{account.name}: CSM sentiment cleared.")
    else:
        on = fmt.day(result.on)
        print(f"{account.name}: CSM sentiment {result.value:+d} on {on}.")
    return 0


def _model_json(model: health.HealthModelVersion) -> dict[str, Any]:
    return {
        "version": model.version,
        "weights": model.weights,
        "red_below": model.red_below,
        "green_from": model.green_from,
        "note": model.note,
        "created_at": model.created_at.isoformat() if model.created_at else None,
    }


def _print_model(model: health.HealthModelVersion) -> None:
    total = sum(model.weights.values()) or 1.0
    print(
        f"Health model v{model.version}: red below {model.red_below}, yellow "
        f"{model.red_below}-{model.green_from - 1}, green from {model.green_from}"
    )
    for key in h.FACTORS:
        weight = model.weights.get(key, 0.0)
        print(
            f"  {h.FACTOR_LABELS[key]:<22} {key:<14} weight {weight:>6g}  "
            f"({weight / total * 100:.0f} %)"
        )


def cmd_model(args: argparse.Namespace) -> int:
    changing = bool(args.weight) or args.red_below is not None or args.green_from is not None
    with open_for_cli(args.book, read_only=not changing) as book:
        history = health.list_models(book)
        current = history[-1]
        if not changing:
            if args.json:
                print_json(
                    {"current": _model_json(current), "history": [_model_json(v) for v in history]}
                )
                return 0
            _print_model(current)
            if len(history) > 1:
                print("\nEarlier versions:")
                for v in history[:-1]:
                    when = v.created_at.date().isoformat() if v.created_at else ""
                    print(f"  v{v.version} {when} {shorten(v.note, 60)}".rstrip())
            return 0
        weights = dict(current.weights)
        weights.update(dict(args.weight))
        red = current.red_below if args.red_below is None else args.red_below
        green = current.green_from if args.green_from is None else args.green_from
        change = health.save_model(book, weights, red, green, args.note)
    if args.json:
        print_json({"created": change.created, "model": _model_json(change.model)})
        return 0
    if change.created:
        print(f"Saved health model v{change.model.version}; new snapshots use it.")
    else:
        print(f"Nothing changed: these are the settings of v{change.model.version}.")
    _print_model(change.model)
    return 0


# --------------------------------------------------------------------------- metrics


def cmd_metrics(args: argparse.Namespace) -> int:
    period = mx.Period(args.start, args.end)
    with open_for_cli(args.book, read_only=True) as book:
        result = metrics.portfolio_metrics(book, period, args.segment, as_of=args.as_of)
    if args.json:
        print_json(mx.as_json(result))
        return 0
    scope = f", {result.segment.label}" if result.segment else ""
    rates = "".join(f"; {fmt.exchange_rate(c, r, result.currency)}" for c, r in result.rates_used)
    print(
        f"Portfolio metrics {period.label}{scope} ({result.accounts:,} accounts, "
        f"money in {result.currency}{rates})"
    )
    print()
    _print_lines(mx.describe(result))
    b = result.bridge
    print()
    print(
        "ARR bridge: "
        + ", ".join(
            f"{label} {format_minor(value, result.currency)}"
            for label, value in (
                ("start", b.start_minor),
                ("+ new", b.new_minor),
                ("+ expansion", b.expansion_minor),
                ("- contraction", b.contraction_minor),
                ("- churn", b.churn_minor),
                ("= end", b.end_minor),
            )
        )
    )
    return 0


def _print_lines(lines: Sequence[mx.MetricLine]) -> None:
    width = max(len(line.label) for line in lines)
    value_width = max(len(line.value) for line in lines)
    for line in lines:
        print(f"{line.label:<{width}}  {line.value:>{value_width}}  {line.explanation}")
