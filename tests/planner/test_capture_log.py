"""Logging captured meetings and e-mails: matching people to stakeholders and accounts, new
stakeholders in one step, once-only by UID / Message-ID, all or nothing, undo; and
``planner log``."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from planner.cli import main
from planner.domain.enums import InteractionType, Side
from planner.services import accounts, interactions, stakeholders
from planner.services.books import Book
from planner.services.capture import log
from planner.services.capture.log import log_files
from planner.services.capture.person import preferences_file
from planner.store import models as m
from tests.conftest import FIXTURES
from tests.other_process import hold_in_other_process, release

SAMPLES = FIXTURES / "capture"
NEW_YORK = ZoneInfo("America/New_York")
ME = "tom.baker@beacon.example"


@pytest.fixture
def acme(book: Book) -> accounts.Account:
    """Acme (Jane, Raj, and Tom on our side) and Globex (Maria; Tom on our side too)."""
    acme = accounts.create_account(book, name="Acme Analytics")
    globex = accounts.create_account(book, name="Globex Foods")
    stakeholders.create_stakeholder(
        book, acme.id, name="Jane Doe", email="Jane.Doe@Acme-Analytics.com"
    )
    stakeholders.create_stakeholder(
        book, acme.id, name="Raj Patel", email="raj.patel@acme-analytics.com"
    )
    stakeholders.create_stakeholder(
        book, globex.id, name="Maria Garcia", email="maria.garcia@globex.example"
    )
    for account in (acme, globex):
        stakeholders.create_stakeholder(
            book, account.id, name="Tom Baker", email=ME, side=Side.INTERNAL
        )
    return acme


def sample(*names: str) -> list[Path]:
    return [SAMPLES / n for n in names]


def timeline(book: Book, account_id: str) -> list[interactions.Interaction]:
    return interactions.list_interactions(book, account_id)


def count(book: Book, model: type[m.Tracked]) -> int:
    with book.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# ------------------------------------------------------------------ matching


def test_every_sample_goes_to_the_account_its_people_belong_to(
    book: Book, acme: accounts.Account
) -> None:
    paths = sorted(SAMPLES.glob("*.ics")) + sorted(SAMPLES.glob("*.eml"))
    result = log_files(book, paths, tz=NEW_YORK, my_email=ME)
    assert result.ok
    assert result.written
    assert result.count("created") == 7
    by_subject = {i.captured.subject: i for i in result.items}
    assert {s: i.account_name for s, i in by_subject.items()} == {
        "Data model workshop (onsite)": "Acme Analytics",
        "Acme go-live day": "Acme Analytics",
        "Acme Analytics \u2013 rollout check-in": "Acme Analytics",
        "Globex renewal: proposal walkthrough": "Globex Foods",
        "Re: Finance dashboards \u2013 next steps": "Acme Analytics",
        "RE: Renewal proposal - revised pricing": "Globex Foods",
        "Workshop-Notizen und n\u00e4chste Schritte": "Acme Analytics",
    }
    reply = by_subject["Re: Finance dashboards \u2013 next steps"]
    assert reply.attendees == ("Jane Doe", "Raj Patel")  # Tom (me) is never an attendee
    assert [u.email for u in reply.unknown] == ["li.wei@acme-analytics.com"]
    saved = interactions.get_interaction(book, reply.interaction_id or "")
    assert saved.type is InteractionType.EMAIL
    assert saved.external_id == reply.external_id
    assert saved.attendee_names == ("Jane Doe", "Raj Patel")
    assert saved.summary.startswith("Hi Tom,")
    raj = next(s for s in stakeholders.list_stakeholders(book, acme.id) if s.name == "Raj Patel")
    # the latest he was at, not the go-live day to come
    assert str(raj.last_contact) == "2026-11-20"


def test_unknown_people_become_stakeholders_in_one_step(book: Book, acme: accounts.Account) -> None:
    result = log_files(book, sample("gmail_reply.eml"), tz=NEW_YORK, my_email=ME, add_unknown=True)
    (item,) = result.items
    assert item.added == ("li.wei@acme-analytics.com",)
    assert item.unknown == ()
    li = next(s for s in stakeholders.list_stakeholders(book, acme.id) if s.name == "Li Wei")
    assert (li.email, li.side, li.last_contact.isoformat() if li.last_contact else "") == (
        "li.wei@acme-analytics.com",
        Side.CUSTOMER,
        "2026-11-20",
    )
    assert "gmail_reply.eml" in li.notes
    assert interactions.get_interaction(book, item.interaction_id or "").attendee_names == (
        "Jane Doe",
        "Li Wei",
        "Raj Patel",
    )


def test_chosen_unknowns_only(book: Book, acme: accounts.Account) -> None:
    result = log_files(
        book,
        sample("apple_calendar_export.ics", "gmail_reply.eml"),
        tz=NEW_YORK,
        my_email=ME,
        add_unknown={"juergen.mueller@acme-analytics.com"},
    )
    assert result.ok
    assert [
        s.name
        for s in stakeholders.list_stakeholders(book, acme.id)
        if s.email == "juergen.mueller@acme-analytics.com"
    ] == ["J\u00fcrgen M\u00fcller"]
    assert [u.email for u in result.unknown] == ["li.wei@acme-analytics.com"]


def test_a_new_contact_is_matched_by_the_domain(book: Book, acme: accounts.Account) -> None:
    path = SAMPLES / "gmail_reply.eml"
    stakeholders.delete_stakeholder(
        book,
        next(s.id for s in stakeholders.list_stakeholders(book, acme.id) if s.name == "Jane Doe"),
    )
    stakeholders.delete_stakeholder(
        book,
        next(s.id for s in stakeholders.list_stakeholders(book, acme.id) if s.name == "Raj Patel"),
    )
    stakeholders.create_stakeholder(
        book, acme.id, name="Old contact", email="someone@acme-analytics.com"
    )
    result = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    (item,) = result.items
    assert item.account_name == "Acme Analytics"
    assert "chosen by the e-mail domain" in item.notes[0]


def test_people_of_several_accounts_make_a_question(book: Book, acme: accounts.Account) -> None:
    path = SAMPLES / "outlook_reply.eml"
    globex = accounts.find_account(book, "Globex")
    stakeholders.create_stakeholder(
        book, acme.id, name="Maria at Acme too", email="maria.garcia@globex.example"
    )
    result = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    assert not result.ok
    assert not result.written
    (item,) = result.items
    assert item.outcome == "problem"
    assert {c.name for c in item.candidates} == {"Acme Analytics", "Globex Foods"}
    assert "belong to 2 accounts: Acme Analytics (maria.garcia@globex.example)" in str(item.problem)
    assert count(book, m.Interaction) == 0
    answered = log_files(
        book, [path], tz=NEW_YORK, my_email=ME, accounts={item.external_id: globex.id}
    )
    assert answered.ok
    assert [i.subject for i in timeline(book, globex.id)] == [item.captured.subject]


def test_nobody_known_and_archived_accounts(book: Book, acme: accounts.Account) -> None:
    path = SAMPLES / "outlook_invite.ics"
    globex = accounts.find_account(book, "Globex")
    accounts.set_archived(book, globex.id, archived=True)
    result = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    assert "belong to archived accounts only (Globex Foods" in str(result.items[0].problem)
    result = log_files(
        book, [SAMPLES / "thunderbird_message.eml"], tz=NEW_YORK, my_email=ME, account_id=globex.id
    )
    assert result.ok  # an account given is always taken
    stranger = log.Person("x@nowhere.example", "", "from")
    captured = log.read_files([path], tz=NEW_YORK)[0][0]
    lonely = type(captured)(
        captured.source,
        captured.type,
        "lonely-1",
        captured.occurred_on,
        captured.starts_at,
        "Lonely",
        "",
        (stranger,),
    )
    result = log.log_captured(book, [lonely], my_email=ME)
    assert "none of the people in 'Lonely' is a stakeholder of any account" in str(
        result.items[0].problem
    )


# ------------------------------------------------------------------ once only


def test_the_same_file_twice_is_one_interaction(
    book: Book, acme: accounts.Account, tmp_path: Path
) -> None:
    path = tmp_path / "invite.ics"
    shutil.copyfile(SAMPLES / "google_calendar_invite.ics", path)
    first = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    assert first.count("created") == 1
    again = log_files(book, [path, path], tz=NEW_YORK, my_email=ME)
    assert [i.outcome for i in again.items] == ["unchanged", "duplicate"]
    assert not again.written
    assert len(timeline(book, acme.id)) == 1
    # the organiser moved the meeting and changed the agenda: the same interaction changes
    changed = path.read_bytes().replace(b"20261119T160000Z", b"20261120T160000Z")
    path.write_bytes(changed.replace(b"Agenda:", b"New agenda:"))
    update = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    assert update.count("updated") == 1
    (only,) = timeline(book, acme.id)
    assert (str(only.occurred_on), only.summary.split("\n")[0]) == ("2026-11-20", "New agenda:")
    assert only.id == first.items[0].interaction_id


def test_relogging_keeps_attendees_and_sentiment_added_by_hand(
    book: Book, acme: accounts.Account
) -> None:
    path = SAMPLES / "google_calendar_invite.ics"
    first = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    raj = next(s for s in stakeholders.list_stakeholders(book, acme.id) if s.name == "Raj Patel")
    interaction_id = first.items[0].interaction_id or ""
    current = interactions.get_interaction(book, interaction_id)
    interactions.update_interaction(
        book, interaction_id, sentiment=2, attendees=[*current.attendee_ids, raj.id]
    )
    again = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    assert again.items[0].outcome == "unchanged"
    kept = interactions.get_interaction(book, interaction_id)
    assert kept.sentiment == 2
    assert kept.attendee_names == ("Jane Doe", "Raj Patel")


# ------------------------------------------------------------------ all or nothing


def test_a_bad_file_means_nothing_is_written(
    book: Book, acme: accounts.Account, tmp_path: Path
) -> None:
    bad = tmp_path / "mail.msg"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    paths = [*sample("google_calendar_invite.ics", "gmail_reply.eml"), bad]
    result = log_files(book, paths, tz=NEW_YORK, my_email=ME, add_unknown=True)
    assert not result.ok
    assert not result.written
    assert [p.file for p in result.problems] == ["mail.msg"]
    assert count(book, m.Interaction) == 0
    assert len(stakeholders.list_stakeholders(book, acme.id)) == 3
    skipped = log_files(book, paths, tz=NEW_YORK, my_email=ME, skip_invalid=True)
    assert skipped.written
    assert count(book, m.Interaction) == 2


def test_dry_run_writes_nothing(book: Book, acme: accounts.Account) -> None:
    result = log_files(
        book, sample("gmail_reply.eml"), tz=NEW_YORK, my_email=ME, add_unknown=True, dry_run=True
    )
    assert result.dry_run
    assert not result.written
    assert result.items[0].outcome == "created"
    assert result.items[0].added == ("li.wei@acme-analytics.com",)
    assert result.items[0].attendees == ("Jane Doe", "Raj Patel", "Li Wei")
    assert count(book, m.Interaction) == 0
    assert len(stakeholders.list_stakeholders(book, acme.id)) == 3


def test_a_failure_half_way_leaves_nothing_half_written(
    book: Book, acme: accounts.Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real = interactions.set_attendees

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk went away")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(interactions, "set_attendees", failing)
    paths = sample("google_calendar_invite.ics", "gmail_reply.eml", "apple_calendar_export.ics")
    with pytest.raises(OSError, match="disk went away"):
        log_files(book, paths, tz=NEW_YORK, my_email=ME, add_unknown=True)
    assert calls["n"] == 3
    assert count(book, m.Interaction) == 0
    assert len(stakeholders.list_stakeholders(book, acme.id)) == 3


# ------------------------------------------------------------------ undo


def test_undo_and_redo(book: Book, acme: accounts.Account, tmp_path: Path) -> None:
    path = tmp_path / "reply.eml"
    shutil.copyfile(SAMPLES / "gmail_reply.eml", path)
    log_files(book, sample("google_calendar_invite.ics"), tz=NEW_YORK, my_email=ME)
    path.write_bytes(path.read_bytes().replace(b"Hi Tom,", b"Hello Tom,"))
    existing = log_files(book, [path], tz=NEW_YORK, my_email=ME)
    before = {i.subject: i.summary for i in timeline(book, acme.id)}
    path.write_bytes(path.read_bytes().replace(b"Hello Tom,", b"Hi again Tom,"))
    result = log_files(
        book,
        [path, *sample("apple_calendar_export.ics")],
        tz=NEW_YORK,
        my_email=ME,
        add_unknown=True,
    )
    assert [i.outcome for i in result.items] == ["updated", "created", "created"]
    after = {i.subject: i.summary for i in timeline(book, acme.id)}
    people_after = {s.email for s in stakeholders.list_stakeholders(book, acme.id)}

    undone = log.undo_log(book, result)
    assert {i.subject: i.summary for i in timeline(book, acme.id)} == before
    assert {s.email for s in stakeholders.list_stakeholders(book, acme.id)} == {
        "Jane.Doe@Acme-Analytics.com",
        "raj.patel@acme-analytics.com",
        ME,
    }
    log.redo_log(book, result, undone)
    assert {i.subject: i.summary for i in timeline(book, acme.id)} == after
    assert {s.email for s in stakeholders.list_stakeholders(book, acme.id)} == people_after
    assert existing.items[0].interaction_id in {i.id for i in timeline(book, acme.id)}


# ------------------------------------------------------------------ planner log


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def prefs() -> None:
    path = preferences_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"name": "Tom Baker", "email": ME, "timezone": "America/New_York"}), "utf-8"
    )


def test_cli_log(
    book: Book, acme: accounts.Account, prefs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book.path
    book.close()
    files = sample("thunderbird_message.eml", "outlook_invite.ics")
    code, out, err = run(capsys, "log", path, *files, "--dry-run")
    assert (code, err) == (0, "")
    assert "Would log 2 items: 2 new." in out
    assert "Dry run: nothing was written." in out
    code, out, err = run(capsys, "log", path, *files, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"]["created"] == 2
    first = data["items"][0]
    assert first["occurred_on"] == "2026-11-20"  # 00:30 in Berlin, New York's evening before
    assert first["account_name"] == "Acme Analytics"
    assert [u["email"] for u in first["unknown"]] == ["juergen.mueller@acme-analytics.com"]
    code, out, _ = run(capsys, "log", path, *files)
    assert code == 0
    assert "2 unchanged" in out
    assert "Nothing needed changing." in out
    code, out, _ = run(capsys, "log", path, files[0], "--add-unknown")
    assert code == 0
    assert "+ new stakeholder juergen.mueller@acme-analytics.com" in out


def test_cli_log_problems_and_account(
    book: Book,
    acme: accounts.Account,
    prefs: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = book.path
    book.close()
    stranger = tmp_path / "stranger.eml"
    stranger.write_bytes(
        b"From: Pat <pat@unknown.example>\r\nTo: tom.baker@beacon.example\r\nSubject: Hello\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <p1@unknown.example>\r\n\r\nHi"
    )
    msg = tmp_path / "meeting.msg"
    msg.write_bytes(b"\xd0\xcf\x11\xe0")
    code, out, err = run(capsys, "log", path, stranger, msg)
    assert code == 1
    assert "meeting.msg is an Outlook message (.msg)" in err
    assert "none of the people in 'Hello'" in err
    assert "Use --account NAME_OR_ID" in err
    assert "Nothing was written." in err
    code, out, err = run(capsys, "log", path, stranger, "--account", "Acme", "--add-unknown")
    assert code == 0, err
    assert "(Acme Analytics) with Pat" in out
    code, _, err = run(capsys, "log", path, stranger, "--account", "Nope")
    assert code == 1
    assert "No account is called 'Nope'" in err


def test_cli_log_is_refused_while_another_process_holds_the_book(
    book: Book, acme: accounts.Account, prefs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book.path
    book.close()
    holder = hold_in_other_process(path)
    try:
        code, out, err = run(capsys, "log", path, SAMPLES / "gmail_reply.eml")
        assert code == 1
        assert f"process {holder.pid}" in err
        assert socket.gethostname() in err
        code, out, err = run(capsys, "log", path, SAMPLES / "gmail_reply.eml", "--dry-run")
        assert code == 0, err  # a dry run only reads
        assert "Would log 1 item" in out
    finally:
        release(holder)
