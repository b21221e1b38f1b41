"""``planner accounts``: the portfolio, one row per account.

Its own module, importing no more than it needs: the command reads a book in the current format
without loading SQLAlchemy (:func:`planner.services.portfolio.portfolio_of_file`), so it starts
about as fast as Python does.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import (
    READS,
    book_argument,
    command,
    iso_date,
    print_json,
    print_table,
    write_csv,
)
from planner.domain import formatting as fmt
from planner.domain.enums import LifecycleStage
from planner.domain.health import health_text
from planner.services import portfolio


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "accounts",
        access=READS,
        handler=cmd_accounts,
        help="the portfolio: one row per account",
        description="The portfolio query: per account its tier, stage, ARR, renewal, latest "
        "health, open and overdue actions, goals achieved, last interaction and owner.",
    )
    book_argument(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--include-archived", action="store_true", help="list archived accounts too")
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="compute days to renewal and overdue actions as of this date",
    )


def cmd_accounts(args: argparse.Namespace) -> int:
    rows = portfolio.portfolio_of_file(
        args.book, today=args.as_of, include_archived=args.include_archived
    )
    if args.format == "json":
        print_json([r.as_contract() for r in rows])
    elif args.format == "csv":
        write_csv((r.as_contract() for r in rows), portfolio.PORTFOLIO_FIELDS, sys.stdout)
    else:
        table = [
            [
                r.name,
                r.tier.label,
                r.stage.label,
                fmt.money(r.arr_minor, r.currency),
                fmt.day(r.renewal_date),
                ""
                if r.health_score is None and r.stage is not LifecycleStage.CHURNED
                else health_text(
                    r.health_score, r.health_band, churned=r.stage is LifecycleStage.CHURNED
                ),
                f"{r.open_actions} / {r.overdue_actions}",
                f"{r.goals_achieved}/{r.goals_total}",
                fmt.day(r.last_interaction),
                r.owner,
            ]
            for r in rows
        ]
        print_table(
            table,
            [
                "Account",
                "Tier",
                "Stage",
                "ARR",
                "Renewal",
                "Health",
                "Open/overdue",
                "Goals",
                "Last touch",
                "Owner",
            ],
            widths={0: 36},
        )
        print(f"\n{len(rows):,} accounts")
    return 0
