"""Reading the files mail and calendar programs save: ``.ics`` invites and ``.eml`` messages.

Both are untrusted input. Each reader checks the file's size before parsing, caps what it
will walk (events, MIME parts, nesting depth) and turns every failure into a
:class:`CaptureFileError` whose message names the file and what to do. Nothing here touches a
book: the result is a list of :class:`Captured` values that :mod:`planner.services.capture.log`
matches to stakeholders and writes.

Dates: a meeting's start and a message's ``Date:`` are instants; the interaction is dated on
the person's local calendar day (their time zone from the preferences, else the machine's).
An all-day event keeps its date; a "floating" time (no zone) is read as local.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from email.headerregistry import Address
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

from planner.domain.enums import InteractionType
from planner.domain.errors import PlannerError
from planner.services.capture import text

MAX_ICS_BYTES = 2 * 1024 * 1024
"""An invite is a few kilobytes; a whole exported calendar is refused before it is parsed."""
MAX_EVENTS = 200
"""Events read from one calendar file."""
MAX_ICS_LINES = 10_000
"""Content lines of one calendar file (parsing costs about a third of a millisecond each)."""
MAX_EML_BYTES = 60 * 1024 * 1024
"""Messages larger than this are refused unread (no mail program sends them)."""
EML_READ_BYTES = 8 * 1024 * 1024
"""Of a larger message only this much is parsed: headers and text come first, attachments
(which are never kept) after."""
MAX_PARTS = 300
"""MIME parts of one message."""
MAX_DEPTH = 12
"""Nesting of multipart inside multipart (a forwarded mail inside a reply inside ... )."""
MAX_PEOPLE = 500
"""Addresses read from one message or event."""
SUBJECT_LIMIT = 500
EXTERNAL_ID_LIMIT = 900

SUFFIXES = {
    ".ics": InteractionType.MEETING,
    ".ical": InteractionType.MEETING,
    ".ifb": InteractionType.MEETING,
    ".eml": InteractionType.EMAIL,
}
"""Files that can be captured, and the interaction type each becomes."""


class CaptureFileError(PlannerError):
    """A file that cannot be captured; the message names it and says what to do."""


@dataclass(frozen=True, slots=True)
class Person:
    """An address found in a file, with the name the file gives it (may be empty)."""

    email: str
    """Lower-case address."""
    name: str
    role: str
    """``organizer``, ``attendee``, ``from``, ``to`` or ``cc``."""


@dataclass(frozen=True, slots=True)
class Captured:
    """One meeting or message read from a file, ready to be matched and logged."""

    source: str
    """The file's name, for messages."""
    type: InteractionType
    external_id: str
    """The invite's UID (with the occurrence for a moved instance) or the Message-ID."""
    occurred_on: date
    starts_at: datetime | None
    """The instant it started or was sent (None for an all-day event)."""
    subject: str
    summary: str
    people: tuple[Person, ...]
    notes: tuple[str, ...] = ()
    """What the reader had to leave out or assume, in words."""

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.email for p in self.people))


# --------------------------------------------------------------------------- entry point


def read_file(path: Path, *, tz: tzinfo | None = None) -> list[Captured]:
    """Everything capturable in one file (one message, or each event of an invite)."""
    suffix = path.suffix.lower()
    name = path.name
    if suffix == ".msg":
        raise CaptureFileError(_msg_refusal(name))
    if suffix not in SUFFIXES:
        kinds = ", ".join(sorted(SUFFIXES))
        raise CaptureFileError(
            f"{name} is not a calendar invite or a saved e-mail (the files that can be logged "
            f"end in {kinds})."
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CaptureFileError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    if size == 0:
        raise CaptureFileError(f"{name} is empty; there is nothing to log.")
    if SUFFIXES[suffix] is InteractionType.MEETING:
        if size > MAX_ICS_BYTES:
            raise CaptureFileError(
                f"{name} is {_mb(size)}, far larger than a meeting invite (a whole exported "
                f"calendar?). Save the invite of the one meeting and log that file."
            )
        return read_ics(_read(path, size), name, tz=tz)
    if size > MAX_EML_BYTES:
        raise CaptureFileError(
            f"{name} is {_mb(size)}; messages over {_mb(MAX_EML_BYTES)} are not read. Forward "
            "the mail to yourself without its attachments, save that, and log it."
        )
    data = _read(path, min(size, EML_READ_BYTES))
    if data.startswith(OLE_MAGIC):
        raise CaptureFileError(_msg_refusal(name))
    found = read_eml(data, name, tz=tz)
    if size > EML_READ_BYTES:
        note = (
            f"{name} is {_mb(size)}: only its first {_mb(EML_READ_BYTES)} were read (the "
            "text comes first; attachments are never kept)."
        )
        found = [_with_note(c, note) for c in found]
    return found


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an Outlook .msg file (a Compound File), whatever the file is called."""


def _msg_refusal(name: str) -> str:
    return (
        f"{name} is an Outlook message (.msg), Outlook's own format, which cannot be read "
        "here. Save the mail as .eml instead: in Outlook on the web or the new Outlook, open "
        "it and choose More actions (…) > Download > Download as EML (or Save as); in Outlook "
        "for Mac, drag the message to a folder. Then log the .eml file."
    )


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as exc:
        raise CaptureFileError(f"{path.name} cannot be read ({exc.strerror or exc}).") from None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _with_note(item: Captured, note: str) -> Captured:
    return Captured(
        item.source,
        item.type,
        item.external_id,
        item.occurred_on,
        item.starts_at,
        item.subject,
        item.summary,
        item.people,
        (*item.notes, note),
    )


def local_day(moment: datetime | date, tz: tzinfo | None) -> date:
    """The calendar day of ``moment`` for the person (``tz`` None: the machine's zone)."""
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()  # floating time: already local
    return moment.astimezone(tz).date()


def _external_id(value: str, *fallback: object) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        digest = hashlib.sha256("\x1f".join(str(f) for f in fallback).encode()).hexdigest()
        return "sha256:" + digest
    if len(cleaned) > EXTERNAL_ID_LIMIT:
        return "sha256:" + hashlib.sha256(cleaned.encode()).hexdigest()
    return cleaned


def readable(value: str) -> str:
    """Text safe to store: raw 8-bit bytes the mail parser kept as surrogates (a header in
    Windows-1252 sent without encoding) are decoded, as UTF-8 when they are, else cp1252."""
    if not _SURROGATES.search(value):
        return value.replace("\x00", "")
    raw = value.encode("utf-8", "surrogateescape")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return _SURROGATES.sub("\ufffd", text).replace("\x00", "")


_SURROGATES = re.compile("[\ud800-\udfff]")


def _one_line(value: str, limit: int = SUBJECT_LIMIT) -> str:
    flat = " ".join(readable(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+$")


def clean_email(value: str) -> str | None:
    """A plain lower-case address, or None when ``value`` is not one."""
    address = value.strip().strip("<>").strip()
    if address.lower().startswith("mailto:"):
        address = address[7:].strip()
    address = address.lower()
    if _SURROGATES.search(address) or not _EMAIL.match(address) or len(address) > 254:
        return None
    return address


# --------------------------------------------------------------------------- .ics


def read_ics(data: bytes, name: str, *, tz: tzinfo | None = None) -> list[Captured]:
    """Each VEVENT of a calendar file (``METHOD:CANCEL`` and cancelled events are skipped)."""
    count = len(re.findall(rb"(?im)^BEGIN:VEVENT\s*$", data))
    if count > MAX_EVENTS:
        raise CaptureFileError(
            f"{name} holds {count:,} events; an invite has one (or a few). This looks like a "
            f"whole calendar export: save the invite of the meetings to log (up to "
            f"{MAX_EVENTS} events per file)."
        )
    lines = data.count(b"\n")
    if lines > MAX_ICS_LINES:
        raise CaptureFileError(
            f"{name} has {lines:,} lines, far more than a meeting invite (the limit is "
            f"{MAX_ICS_LINES:,}); it was not read. Save the invite of the one meeting and log "
            "that file."
        )
    if not re.search(rb"(?im)^BEGIN:VCALENDAR\s*$", data):
        raise CaptureFileError(f"{name} is not a calendar file (no BEGIN:VCALENDAR).")
    from icalendar import Calendar  # noqa: PLC0415 - parsing library, loaded when needed

    try:
        calendars = Calendar.from_ical(data, multiple=True)
        events = [(cal, ev) for cal in calendars for ev in cal.walk("VEVENT")]
    except Exception as exc:  # noqa: BLE001 - any failure of the parser means "unreadable"
        raise CaptureFileError(
            f"{name} could not be read as a calendar ({_reason(exc)}). Save the invite again "
            "from your calendar program."
        ) from None
    found: list[Captured] = []
    skipped = 0
    for cal, event in events:
        method = str(cal.get("METHOD", "")).upper()
        status = str(event.get("STATUS", "")).upper()
        if method == "CANCEL" or status == "CANCELLED":
            skipped += 1
            continue
        try:
            found.append(_event(event, name, tz))
        except CaptureFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a malformed property in an untrusted file
            raise CaptureFileError(
                f"{name}: an event could not be read ({_reason(exc)}). Nothing from this file "
                "was logged."
            ) from None
    if not found:
        why = " (it cancels the meeting)" if skipped else ""
        raise CaptureFileError(f"{name} holds no meeting to log{why}.")
    return found


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return text or type(exc).__name__


def _event(event: Any, name: str, tz: tzinfo | None) -> Captured:
    start = event.get("DTSTART")
    if start is None or not isinstance(start.dt, date):
        raise CaptureFileError(f"{name}: a meeting has no start date (DTSTART).")
    moment = start.dt
    subject = _one_line(str(event.get("SUMMARY", "") or "")) or "(no title)"
    description = str(event.get("DESCRIPTION", "") or "")
    if not description.strip() and event.get("X-ALT-DESC") is not None:
        description = text.html_to_text(str(event.get("X-ALT-DESC")))
    summary = text.cut_invite(description.replace("\x00", ""))
    location = _one_line(str(event.get("LOCATION", "") or ""), 300)
    if location and location.lower() not in summary.lower():
        summary = f"Where: {location}\n\n{summary}".strip()
    uid = str(event.get("UID", "") or "")
    recurrence = event.get("RECURRENCE-ID")
    if uid and recurrence is not None:
        uid = f"{uid}#{_iso(recurrence.dt)}"
    people = list(_event_people(event))
    notes: list[str] = []
    if event.get("RRULE") is not None:
        notes.append(f"{subject} repeats; it is logged once, on the day it first takes place.")
    return Captured(
        source=name,
        type=InteractionType.MEETING,
        external_id=_external_id(uid, "ics", _iso(moment), subject),
        occurred_on=local_day(moment, tz),
        starts_at=moment if isinstance(moment, datetime) else None,
        subject=subject,
        summary=summary,
        people=tuple(people[:MAX_PEOPLE]),
        notes=tuple(notes),
    )


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _event_people(event: Any) -> Iterator[Person]:
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        person = _calendar_person(organizer, "organizer")
        if person is not None:
            yield person
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees[: MAX_PEOPLE * 2]:
        kind = str(getattr(attendee, "params", {}).get("CUTYPE", "INDIVIDUAL")).upper()
        if kind in {"ROOM", "RESOURCE"}:
            continue
        person = _calendar_person(attendee, "attendee")
        if person is not None:
            yield person


def _calendar_person(value: Any, role: str) -> Person | None:
    params = getattr(value, "params", {}) or {}
    address = clean_email(str(value)) or clean_email(str(params.get("EMAIL", "")))
    if address is None:
        return None
    return Person(address, _one_line(str(params.get("CN", "")).strip('"'), 200), role)


# --------------------------------------------------------------------------- .eml


def read_eml(data: bytes, name: str, *, tz: tzinfo | None = None) -> list[Captured]:
    """The message in ``data`` (an RFC 5322 file, as Gmail, Outlook and Thunderbird save)."""
    head = data[:65536]
    if b":" not in head.split(b"\n", 1)[0] and not head.startswith((b"From ", b"Return-Path")):
        raise CaptureFileError(f"{name} is not a saved e-mail (it does not start with headers).")
    _check_structure(data, name)
    parser = email.parser.BytesParser(policy=email.policy.default)
    try:
        message = parser.parsebytes(data)
    except (RecursionError, MemoryError):
        raise CaptureFileError(
            f"{name} is nested too deeply to be a real message; it was not read."
        ) from None
    except Exception as exc:  # noqa: BLE001 - any failure of the parser means "unreadable"
        raise CaptureFileError(f"{name} could not be read as an e-mail ({_reason(exc)}).") from None
    assert isinstance(message, EmailMessage)
    _check_tree(message, name)
    notes: list[str] = []
    sent = _header_date(message)
    if sent is None:
        raise CaptureFileError(
            f"{name} has no readable date (its Date: header is missing or broken), so it "
            "cannot be put on the timeline. Save the message again from your mail program."
        )
    subject = _one_line(_header_text(message, "subject")) or "(no subject)"
    people = list(_message_people(message))
    if not people:
        notes.append(f"{name} names no readable sender or recipient.")
    body, body_notes = _body(message)
    notes.extend(body_notes)
    message_id = _header_text(message, "message-id")
    return [
        Captured(
            source=name,
            type=InteractionType.EMAIL,
            external_id=_external_id(
                message_id, "eml", sent.isoformat(), subject, ",".join(p.email for p in people)
            ),
            occurred_on=local_day(sent, tz),
            starts_at=sent,
            subject=subject,
            summary=text.cut_reply(body),
            people=tuple(people[:MAX_PEOPLE]),
            notes=tuple(f"{name}: {n}" if not n.startswith(name) else n for n in notes),
        )
    ]


_CONTENT_TYPE = re.compile(rb"(?im)^content-type:")
_BOUNDARY = re.compile(rb'(?i)boundary\s*=\s*"?([^";\r\n]{1,200})')


def _check_structure(data: bytes, name: str) -> None:
    """Refuse a MIME bomb before the parser builds it: too many parts (counted by their
    headers and by the boundary lines between them) or too many multipart levels."""
    boundaries = set(_BOUNDARY.findall(data))
    parts = len(_CONTENT_TYPE.findall(data))
    if len(boundaries) <= MAX_DEPTH * 4:
        for boundary in boundaries:
            parts = max(parts, data.count(b"\n--" + boundary.strip()))
            if parts > MAX_PARTS:
                break
    if parts > MAX_PARTS or len(boundaries) > MAX_DEPTH * 4:
        count = max(parts, len(boundaries))
        raise CaptureFileError(
            f"{name} is built of {count:,} or more MIME parts, far more than a real message "
            f"(the limit is {MAX_PARTS}); it was not read."
        )


def _check_tree(message: Message, name: str) -> None:
    def depth(part: Message, level: int) -> int:
        if level > MAX_DEPTH:
            return level
        if not part.is_multipart():
            return level
        children = part.get_payload()
        if not isinstance(children, list):
            return level
        return max((depth(c, level + 1) for c in children if isinstance(c, Message)), default=level)

    if depth(message, 0) > MAX_DEPTH:
        raise CaptureFileError(
            f"{name} nests message parts more than {MAX_DEPTH} deep, which no mail program "
            "does; it was not read."
        )


def _header_text(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a malformed header in an untrusted file
        return ""
    return "" if value is None else str(value)


def _header_date(message: Message) -> datetime | None:
    try:
        value = message.get("date")
        moment = getattr(value, "datetime", None)
    except Exception:  # noqa: BLE001 - a malformed header in an untrusted file
        return None
    return moment if isinstance(moment, datetime) else None


def _message_people(message: Message) -> Iterator[Person]:
    for header, role in (("from", "from"), ("sender", "from"), ("to", "to"), ("cc", "cc")):
        for address in _addresses(message, header):
            email_address = clean_email(address.addr_spec)
            if email_address is not None:
                yield Person(email_address, _one_line(address.display_name, 200), role)


def _addresses(message: Message, header: str) -> Iterable[Address]:
    try:
        values = message.get_all(header) or []
        found: list[Address] = []
        for value in values:
            found.extend(getattr(value, "addresses", ()))
    except Exception:  # noqa: BLE001 - a malformed header in an untrusted file
        return ()
    return found[:MAX_PEOPLE]


def _body(message: EmailMessage) -> tuple[str, list[str]]:
    """The plain-text body, else the text of the HTML one; notes on what was assumed."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a malformed structure in an untrusted file
        part = None
    if part is None:
        return "", ["it has no text to summarise (only attachments?)."]
    notes: list[str] = []
    content = _decoded(part, notes)
    if part.get_content_subtype() == "html":
        content = text.html_to_text(content)
    return content, notes


_LATIN1 = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
_C1 = re.compile("[\x80-\x9f]")


def _decoded(part: Message, notes: list[str]) -> str:
    charset = (part.get_content_charset() or "").lower()
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError, ValueError, AssertionError, KeyError, TypeError):
        content = None
    if isinstance(content, str):
        raw = part.get_payload(decode=True) if _doubtful(content, charset) else None
        if isinstance(raw, bytes):
            content = _redecode(raw, charset, content, notes)
        content = readable(content)
        return _unflow(content) if _is_flowed(part) else content
    try:
        raw = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a malformed encoding in an untrusted file
        raw = None
    if not isinstance(raw, bytes):
        notes.append("its text could not be decoded.")
        return ""
    for candidate in (charset or "utf-8", "utf-8", "cp1252"):
        try:
            return raw.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    notes.append("some characters of its text could not be decoded and are shown as �.")
    return raw.decode("utf-8", errors="replace")


def _doubtful(content: str, charset: str) -> bool:
    """Text decoded with replacement characters, or ISO-8859-1 with control characters."""
    return "\ufffd" in content or (charset in _LATIN1 and bool(_C1.search(content)))


def _redecode(raw: bytes, charset: str, content: str, notes: list[str]) -> str:
    """Windows programs label cp1252 text (curly quotes, dashes) as ISO-8859-1, as browsers
    know; text that is not valid in its declared charset is read as UTF-8, else cp1252."""
    if charset in _LATIN1:
        return raw.decode("cp1252", errors="replace")
    for candidate in ("utf-8", "cp1252"):
        try:
            decoded = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate != charset:
            notes.append(
                f"its text is not valid {charset or 'text'} as it says; it was read "
                f"as {'Windows-1252' if candidate == 'cp1252' else 'UTF-8'}."
            )
        return decoded
    return content


def _is_flowed(part: Message) -> bool:
    return str(part.get_param("format", "")).lower() == "flowed"


def _unflow(content: str) -> str:
    """Join the soft line breaks of ``format=flowed`` text (RFC 3676): a line ending in a
    space continues on the next, except the signature separator ``-- ``."""
    joined: list[str] = []
    carry = ""
    for physical in content.replace("\r\n", "\n").split("\n"):
        line = carry + physical
        carry = ""
        if line.endswith(" ") and line != "-- " and not line.startswith(">"):
            carry = line
            continue
        joined.append(line)
    if carry:
        joined.append(carry)
    return "\n".join(joined)
