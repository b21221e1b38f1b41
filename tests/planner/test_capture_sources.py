"""Reading .ics invites and .eml messages: real-shaped samples from Google Calendar, Outlook,
Apple Calendar, Gmail and Thunderbird, and hostile files (huge, bombs, broken encodings)."""

from __future__ import annotations

import base64
import os
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.enums import InteractionType
from planner.services.capture import text
from planner.services.capture.sources import (
    MAX_EVENTS,
    Captured,
    CaptureFileError,
    read_file,
)
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "capture"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def one(name: str, tz: ZoneInfo = NEW_YORK) -> Captured:
    found = read_file(SAMPLES / name, tz=tz)
    assert len(found) == 1
    return found[0]


def emails(item: Captured) -> list[str]:
    return [p.email for p in item.people]


# ------------------------------------------------------------------ calendars


def test_google_calendar_invite() -> None:
    item = one("google_calendar_invite.ics")
    assert item.type is InteractionType.MEETING
    assert item.external_id == "3q9v1kq2m7b0c4r6tfe8hd5sgn@google.com"
    assert item.subject == "Acme Analytics \u2013 rollout check-in"
    assert item.starts_at == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    assert item.occurred_on == date(2026, 11, 19)
    # folded lines joined, the meeting room (a resource) left out
    assert emails(item) == [
        "tom.baker@beacon.example",
        "jane.doe@acme-analytics.com",
        "li.wei@acme-analytics.com",
        "tom.baker@beacon.example",
    ]
    assert [p.role for p in item.people][:2] == ["organizer", "attendee"]
    # the Google Meet block Google appends is cut, the agenda kept (escaped comma decoded)
    assert item.summary == (
        "Agenda:\n1. Adoption since the pilot, by team\n2. Dashboards the finance team still "
        "builds by hand\n3. Next steps for the rollout"
    )


def test_outlook_invite_with_a_windows_time_zone() -> None:
    item = one("outlook_invite.ics")
    assert item.subject == "Globex renewal: proposal walkthrough"
    assert item.external_id.startswith("040000008200E00074C5B7101A82E008")
    # 21:30 Eastern is 02:30 UTC the next day: the date is the person's local day
    assert item.starts_at is not None
    assert item.starts_at.astimezone(UTC) == datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
    assert item.occurred_on == date(2026, 11, 20)
    assert one("outlook_invite.ics", tz=BERLIN).occurred_on == date(2026, 11, 21)
    assert emails(item)[:2] == ["maria.garcia@globex.example", "maria.garcia@globex.example"]
    assert item.people[0].name == "Garcia, Maria"
    assert "Microsoft Teams" not in item.summary.split("\n\n", 1)[1]
    assert "Passcode" not in item.summary
    assert "Let\u2019s walk through the renewal proposal" in item.summary


def test_apple_calendar_export_with_two_events() -> None:
    found = read_file(SAMPLES / "apple_calendar_export.ics", tz=NEW_YORK)
    assert [f.subject for f in found] == ["Data model workshop (onsite)", "Acme go-live day"]
    workshop, go_live = found
    assert workshop.starts_at == datetime(2026, 11, 17, 9, 30, tzinfo=BERLIN)
    assert workshop.occurred_on == date(2026, 11, 17)
    assert "juergen.mueller@acme-analytics.com" in emails(workshop)
    assert "Jürgen Müller" in [p.name for p in workshop.people]  # UTF-8 across a fold
    assert workshop.summary.startswith("Where: Acme Analytics Friedrichstraße 68")
    assert go_live.starts_at is None  # all day: the date as it is, in any zone
    assert go_live.occurred_on == date(2026, 11, 25)
    assert read_file(SAMPLES / "apple_calendar_export.ics", tz=ZoneInfo("Pacific/Auckland"))[
        1
    ].occurred_on == date(2026, 11, 25)


def test_recurring_and_cancelled_events(tmp_path: Path) -> None:
    path = tmp_path / "weekly.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        b"BEGIN:VEVENT\r\nUID:weekly-1\r\nDTSTART:20261102T150000Z\r\nRRULE:FREQ=WEEKLY\r\n"
        b"SUMMARY:Weekly sync\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:weekly-1\r\nRECURRENCE-ID:20261109T150000Z\r\n"
        b"DTSTART:20261110T150000Z\r\nSUMMARY:Weekly sync (moved)\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:gone\r\nSTATUS:CANCELLED\r\nDTSTART:20261103T150000Z\r\n"
        b"SUMMARY:Cancelled\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    series, moved = read_file(path, tz=NEW_YORK)
    assert series.external_id == "weekly-1"
    assert moved.external_id == "weekly-1#2026-11-09T15:00:00+00:00"
    assert series.notes == (
        "Weekly sync repeats; it is logged once, on the day it first takes place.",
    )
    assert moved.occurred_on == date(2026, 11, 10)

    cancel = tmp_path / "cancel.ics"
    cancel.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTART:20261102T150000Z\r\nSUMMARY:Off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(CaptureFileError, match=r"no meeting to log \(it cancels the meeting\)"):
        read_file(cancel)


def test_a_calendar_of_5000_events_is_refused_before_parsing(tmp_path: Path) -> None:
    event = (
        "BEGIN:VEVENT\r\nUID:{0}@x\r\nDTSTART:20261101T100000Z\r\nSUMMARY:E{0}\r\nEND:VEVENT\r\n"
    )
    path = tmp_path / "calendar.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + "".join(event.format(i) for i in range(5000))
        + "END:VCALENDAR\r\n"
    )
    with pytest.raises(CaptureFileError) as caught:
        read_file(path)
    assert "holds 5,000 events" in str(caught.value)
    assert f"up to {MAX_EVENTS} events" in str(caught.value)


def test_oversized_and_long_calendars_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"a" * (3 * 1024 * 1024) + b"\r\n")
    with pytest.raises(CaptureFileError, match="far larger than a meeting invite"):
        read_file(path)
    people = "".join(f"ATTENDEE:mailto:p{j}@acme.com\r\n" for j in range(12_000))
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261101T100000Z\r\n"
        + people
        + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(CaptureFileError, match="12,006 lines"):
        read_file(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"hello, this is not a calendar", "not a calendar file"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:next tuesday\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            "could not be read",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:No date\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            "has no start date",
        ),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "holds no meeting"),
        (b"\xff\xfe\x00B\x00E\x00G\x00", "not a calendar file"),
    ],
)
def test_broken_calendars_are_refused_in_words(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "broken.ics"
    path.write_bytes(content)
    with pytest.raises(CaptureFileError) as caught:
        read_file(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith("broken.ics")


# ------------------------------------------------------------------ messages


def test_gmail_reply() -> None:
    item = one("gmail_reply.eml")
    assert item.type is InteractionType.EMAIL
    assert item.external_id == "<CAJt7r4xQ1mZ0f5+Yb9Xv2Kq8nR3sWd6hL0cE4gTuP7aF1iM9w@mail.gmail.com>"
    assert item.subject == "Re: Finance dashboards \u2013 next steps"  # encoded word decoded
    assert item.starts_at == datetime(2026, 11, 20, 17, 14, 3, tzinfo=UTC)
    assert emails(item) == [
        "jane.doe@acme-analytics.com",
        "tom.baker@beacon.example",
        "raj.patel@acme-analytics.com",
        "li.wei@acme-analytics.com",
    ]
    assert [p.role for p in item.people] == ["from", "to", "cc", "cc"]
    # quoted-printable decoded; the wrapped "On ... wrote:" and the quote cut; sign-off cut
    assert item.summary == (
        "Hi Tom,\n\nThanks for the session on Thursday \u2013 the team found it really useful. We "
        "agreed to move the three finance dashboards to the new model by 15 December, and Li "
        "will own the rollout on our side.\n\nCould you send the migration checklist before "
        "Friday?"
    )


def test_outlook_reply_labelled_latin1_but_written_in_cp1252() -> None:
    item = one("outlook_reply.eml")
    assert item.subject == "RE: Renewal proposal - revised pricing"
    assert item.external_id.endswith("@DM6PR11MB4123.namprd11.prod.outlook.com>")
    assert item.people[0].name == "Garcia, Maria"
    assert item.summary.startswith("Hi Tom,\n\nThanks \u2013 we reviewed the revised pricing.")
    assert "\x96" not in item.summary
    assert "Original" not in item.summary
    assert "From:" not in item.summary  # the Outlook reply header and history are cut
    assert "Director of Operations" not in item.summary  # the signature too


def test_thunderbird_message_base64_flowed_with_an_attachment() -> None:
    item = one("thunderbird_message.eml")
    assert item.subject == "Workshop-Notizen und nächste Schritte"
    assert item.people[1].name == "Jürgen Müller"
    # 00:30 in Berlin is still the evening before in New York
    assert item.occurred_on == date(2026, 11, 20)
    assert one("thunderbird_message.eml", tz=BERLIN).occurred_on == date(2026, 11, 21)
    assert "das Datenmodell" in item.summary  # the flowed line joined
    assert "schrieb" not in item.summary
    assert "Customer Success, Beacon" not in item.summary
    assert "%PDF" not in item.summary
    assert item.summary.endswith("Die Notizen hängen an.")


def eml(tmp_path: Path, body: bytes, *, headers: bytes = b"", name: str = "m.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(
        b"From: Jane <jane@acme.com>\r\nTo: tom@beacon.example\r\nSubject: Hi\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m1@acme.com>\r\n"
        + headers
        + b"\r\n"
        + body
    )
    return path


def test_a_50_mb_message_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.eml"
    with path.open("wb") as handle:
        handle.write(
            b"From: a@acme.com\r\nTo: b@beacon.example\r\nSubject: Slides\r\n"
            b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <big@acme.com>\r\n"
            b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
            b"--B\r\nContent-Type: text/plain\r\n\r\nThe slides are attached.\r\n"
            b"--B\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n"
        )
        line = base64.b64encode(os.urandom(57)) + b"\r\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))
        handle.write(b"--B--\r\n")
    tracemalloc.start()
    try:
        (item,) = read_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150 * 1024 * 1024  # the file is 50 MB; only its head is parsed
    assert item.summary == "The slides are attached."
    assert "only its first 8.0 MB were read" in item.notes[0]
    path.write_bytes(b"x")
    with path.open("r+b") as handle:
        handle.truncate(61 * 1024 * 1024)
    with pytest.raises(CaptureFileError, match=r"messages over 60\.0 MB are not read"):
        read_file(path)


def test_mime_bombs_are_refused_before_parsing(tmp_path: Path) -> None:
    nested = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(5000)
    )
    path = eml(tmp_path, b"", headers=b"MIME-Version: 1.0\r\n" + nested)
    with pytest.raises(CaptureFileError, match="far more than a real message"):
        read_file(path)
    wide = eml(
        tmp_path,
        b"--w\r\n\r\nx\r\n" * 100_000 + b"--w--\r\n",
        headers=b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n',
    )
    with pytest.raises(CaptureFileError, match="100,001 or more MIME parts"):
        read_file(wide)
    deep = b"".join(
        b'Content-Type: multipart/mixed; boundary="d%d"\r\n\r\n--d%d\r\n' % (i, i)
        for i in range(20)
    )
    path = eml(tmp_path, b"", headers=b"MIME-Version: 1.0\r\n" + deep)
    with pytest.raises(CaptureFileError, match="nests message parts more than 12 deep"):
        read_file(path)


def test_html_only_message_with_scripts(tmp_path: Path) -> None:
    html = (
        b"<html><head><title>T</title><style>p {color: red}</style>"
        b"<script>alert('head')</script></head><body><p>Hello <b>Tom</b>,</p>"
        b"<script type='text/javascript'>document.write('evil')</script>"
        b"<p>=cmd|' /C calc'!A0 &amp; &lt;b&gt;not bold&lt;/b&gt;</p><noscript>x</noscript>"
        b"<img src=x onerror=alert(1)><p>Thanks</p></body></html>"
    )
    path = eml(tmp_path, html, headers=b"Content-Type: text/html; charset=utf-8\r\n")
    (item,) = read_file(path)
    assert "alert" not in item.summary
    assert "evil" not in item.summary
    assert "color" not in item.summary
    assert item.summary == "Hello Tom,\n\n=cmd|' /C calc'!A0 & <b>not bold</b>"


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        (b"Content-Type: text/plain; charset=x-martian\r\n", b"Caf\xc3\xa9 ok", "Café ok"),
        (b"Content-Type: text/plain; charset=utf-8\r\n", b"Caf\xe9 broken utf-8", "Café broken"),
        (
            b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n",
            b"SGVsbG8g!!@@",
            "Hello",
        ),
        (
            b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n",
            b"Soft =\r\nbreak =XY bad",
            "Soft break =XY bad",
        ),
        (b"Content-Type: application/pdf\r\n", b"%PDF-1.4", ""),
    ],
)
def test_broken_encodings_never_crash(
    tmp_path: Path, headers: bytes, body: bytes, expected: str
) -> None:
    (item,) = read_file(eml(tmp_path, body, headers=headers))
    assert item.summary.startswith(expected)


def test_broken_headers(tmp_path: Path) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(
        b"From: =?utf-8?B?not base64?= <<<>>>\r\nTo: a@b@c, \xff\xfe <j\xe9@acme.com>,"
        b" ok@acme.com\r\nSubject: =?x-martian?Q?R=E9sum=E9?= \xe9t\xe9\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nText"
    )
    (item,) = read_file(path)
    assert "ok@acme.com" in emails(item)
    assert all("@" in e and e == e.lower() for e in emails(item))
    assert item.subject  # something readable, never a crash
    assert item.external_id.startswith("sha256:")  # no Message-ID: a stable fallback
    assert read_file(path)[0].external_id == item.external_id


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("mail.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Download as EML"),
        ("renamed.eml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Outlook message"),
        ("empty.eml", b"", "is empty"),
        ("no-date.eml", b"From: a@acme.com\r\nSubject: x\r\n\r\nHi", "no readable date"),
        ("bad-date.eml", b"From: a@acme.com\r\nDate: yesterday\r\n\r\nHi", "no readable date"),
        ("noise.eml", os.urandom(2000).replace(b":", b"") + b"\n", "not a saved e-mail"),
        ("notes.txt", b"hello", "end in .eml, .ical, .ics, .ifb"),
    ],
)
def test_files_that_are_not_ours_are_refused_in_words(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CaptureFileError) as caught:
        read_file(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith(name)


# ------------------------------------------------------------------ cutting text


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (
            "Sounds good.\n\nOn Mon, 23 Nov 2026 at 10:00, Jane <j@a.com> wrote:\n> old",
            "Sounds good.",
        ),
        ("Yes.\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold", "Yes."),
        ("Yes.\n\nFrom: Jane Doe <j@a.com>\nSent: Monday\nTo: Tom\nSubject: x\n\nold", "Yes."),
        ("Agreed.\n\n-- \nTom Baker\nBeacon", "Agreed."),
        ("Agreed.\n\nSent from my iPhone", "Agreed."),
        (
            "Thanks for the call.\nWe start Monday.\n\nBest regards,\nTom\nCSM, Beacon",
            "Thanks for the call.\nWe start Monday.",
        ),
        ("Inline:\n> question?\nanswer.", "Inline:\nanswer."),
        ("Begin forwarded message:\n\nFrom: x", ""),
    ],
)
def test_cut_reply(body: str, kept: str) -> None:
    assert text.cut_reply(body) == kept


def test_summary_is_bounded() -> None:
    assert len(text.cut_reply("word " * 100_000)) == text.SUMMARY_LIMIT
    assert text.html_to_text("<div>" * 100_000 + "late") == ""  # past the read limit
