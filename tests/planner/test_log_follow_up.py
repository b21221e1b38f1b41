"""Logging an interaction with its follow-up action: one transaction, one undo step."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import errors
from planner.domain.enums import ActionType, InteractionType
from planner.services import accounts, actions, edits, interactions
from planner.services.books import Book


def test_interaction_and_follow_up_are_written_and_undone_together(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")
    seen: list[frozenset[str]] = []
    unsubscribe = book.subscribe(lambda changes: seen.append(frozenset(changes.tables)))
    history = edits.UndoList()
    logged = edits.record_create(
        history,
        book,
        "Add timeline entry and its follow-up",
        lambda: interactions.log_interaction(
            book,
            acct.id,
            type=InteractionType.MEETING,
            occurred_on=date(2026, 11, 20),
            subject="Renewal check-in",
            follow_up=interactions.FollowUp("Send the pricing deck", "Dana", date(2026, 11, 27)),
        ),
        delete=lambda done: interactions.unlog_interaction(book, done),
    )
    unsubscribe()
    assert len(seen) == 1  # one transaction
    assert {"interactions", "action_items"} <= seen[0]
    action = logged.action
    assert action is not None
    assert (action.title, action.owner_name, action.due_date, action.type) == (
        "Send the pricing deck",
        "Dana",
        date(2026, 11, 27),
        ActionType.FOLLOW_UP,
    )
    assert action.account_id == acct.id
    assert action.description == "Follow-up of the meeting on 20 Nov 2026: Renewal check-in"
    history.undo()  # one step takes back both
    assert interactions.list_interactions(book, acct.id) == []
    assert actions.list_actions(book, acct.id) == []
    history.redo()  # and puts back the same two rows
    assert [i.id for i in interactions.list_interactions(book, acct.id)] == [logged.id]
    assert [a.id for a in actions.list_actions(book, acct.id)] == [action.id]


def test_a_bad_follow_up_writes_nothing(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")
    for follow_up, field in (
        (interactions.FollowUp("  ", "Dana"), "follow_up_title"),
        (interactions.FollowUp("Call back", due_date="next week"), "follow_up_due"),  # type: ignore[arg-type]
    ):
        with pytest.raises(errors.ValidationError) as caught:
            interactions.log_interaction(
                book, acct.id, occurred_on=date(2026, 11, 20), subject="Call", follow_up=follow_up
            )
        assert caught.value.field == field
    assert interactions.list_interactions(book, acct.id) == []
    assert actions.list_actions(book, acct.id) == []
    plain = interactions.log_interaction(
        book, acct.id, occurred_on=date(2026, 11, 20), subject="Hi"
    )
    assert plain.action is None
