"""planner interaction add --follow-up: the entry and its follow-up action in one write."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.services import accounts, actions, books, interactions
from tests.planner.test_cli_entities import run, run_json


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "book.aspbook"
    with books.create_book(target) as book:
        accounts.create_account(book, name="Acme Analytics")
    return target


def test_interaction_add_with_a_follow_up(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, err = run(
        capsys,
        "interaction",
        "add",
        path,
        "--account",
        "Acme Analytics",
        "--type",
        "meeting",
        "--subject",
        "Renewal check-in",
        "--occurred-on",
        "2026-11-20",
        "--follow-up",
        "Send the pricing deck",
        "--follow-up-owner",
        "Dana",
        "--follow-up-due",
        "2026-11-30",
    )
    assert code == 0, err
    assert out.startswith("Added interaction 'Renewal check-in' to Acme Analytics (id ")
    assert ", with the follow-up action 'Send the pricing deck' (id " in out
    made = run_json(
        capsys,
        "interaction",
        "add",
        path,
        "--account",
        "Acme Analytics",
        "--subject",
        "Quick call",
        "--occurred-on",
        "2026-11-21",
        "--follow-up",
        "Call back",
    )
    assert made["follow_up_action"]["title"] == "Call back"
    assert made["follow_up_action"]["type"] == "follow_up"
    with books.open_book(path) as book:
        acct = accounts.find_account(book, "Acme Analytics")
        assert len(interactions.list_interactions(book, acct.id)) == 2
        found = {
            (a.title, a.owner_name, str(a.due_date)) for a in actions.list_actions(book, acct.id)
        }
    assert found == {("Send the pricing deck", "Dana", "2026-11-30"), ("Call back", "", "None")}


def test_a_follow_up_without_a_title_is_refused(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    for extra in (["--follow-up", "  "], ["--follow-up-owner", "Dana"]):
        code, _, err = run(
            capsys,
            "interaction",
            "add",
            path,
            "--account",
            "Acme Analytics",
            "--subject",
            "Call",
            "--occurred-on",
            "2026-11-20",
            *extra,
        )
        assert code == 1
        assert err.startswith("planner: --follow-up: ")
        assert "Nothing was changed." in err
    with books.open_book(path) as book:
        acct = accounts.find_account(book, "Acme Analytics")
        assert interactions.list_interactions(book, acct.id) == []
