"""The agenda as text: Markdown for an e-mail, and an .ics meeting invite with the agenda.

Both go to the customer's inbox, so both are always made from the customer copy of the report
(the export passes it, even for an internal deck). Each agenda item shows its time box, its
lead and what it concludes: the titles of its slides, word for word, so the e-mail, the invite
and the deck say the same thing with the same figures.

Markdown escapes every character that would change how a mail client renders the text, so
names like ``<script>`` or ``*Acme*`` print literally. The invite is a real meeting request:
``METHOD:REQUEST`` from the organiser (your name and e-mail, from the preferences) to every
attendee with an e-mail, at a time in your time zone (``TZID`` with its ``VTIMEZONE``); without
an organiser it is published as a plain event (``METHOD:PUBLISH``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.agenda import SECTION_KEYS
from planner.domain.clock import system_now
from planner.reports.files import write_bytes
from planner.reports.qbr_report import QbrReport, ReportItem

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)")
DEFAULT_START = time(10, 0)
PRODID = "-//Account Success Planner//QBR agenda//EN"


def md_escape(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped, on one line."""
    flat = " ".join(text.split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return _LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", escaped)


def _md_block(text: str, indent: str) -> str:
    """A multi-line text inside a list item: each line escaped and indented."""
    lines = [md_escape(line) for line in text.strip().splitlines() if line.strip()]
    return ("  \n" + indent).join(lines)


def _check(report: QbrReport) -> None:
    if report.internal:
        raise errors.PlannerError(
            "The agenda and the invite go to the customer: they are made from the customer "
            "copy only."
        )


def agenda_markdown(report: QbrReport) -> str:
    _check(report)
    out = [f"# {md_escape(report.title)}: {md_escape(report.account_name)}", ""]
    out.append(
        f"**When:** {md_escape(fmt.day(report.meeting_date))}, "
        f"{fmt.count(report.length_minutes)} minutes  "
    )
    out.append(f"**Period covered:** {md_escape(report.period_text)}")
    if report.objectives.strip():
        out += ["", f"**Purpose:** {_md_block(report.objectives, '')}"]
    if report.attendees:
        out += ["", "**Attendees**", ""]
        out += [f"- {md_escape(p.label)}" for p in report.attendees]
    summary = next((s for s in report.slides if s.kind == "summary"), None)
    if summary is not None:
        out += ["", f"## {md_escape(summary.title)}", ""]
        for column in summary.columns:
            if column.lines:
                out.append(f"**{md_escape(column.heading)}**")
                out.append("")
                out += [f"- {md_escape(line)}" for line in column.lines]
                out.append("")
    out += ["", "## Agenda", ""]
    for item in report.items:
        lead = f", led by {md_escape(item.owner)}" if item.owner else ""
        out.append(
            f"{item.number}. **{md_escape(item.title)}** "
            f"({item.time_box}, {fmt.count(item.minutes)} min{lead})"
        )
        out.extend(f"    - {md_escape(point)}" for point in _item_points(item))
        if item.notes.strip():
            out.append(f"    - *Notes:* {_md_block(item.notes, '      ')}")
    out += ["", f"*{fmt.count(report.total_minutes)} minutes in total.*", ""]
    return "\n".join(out)


def _item_points(item: ReportItem) -> tuple[str, ...]:
    """What the item concludes (its slides' titles); an item the CSM added keeps its own
    points; a standard item without slides (the opening, say) has none."""
    if item.takeaways:
        return item.takeaways
    if item.section in SECTION_KEYS:
        return ()
    return tuple(p for p in item.talking_points if p.strip())[:3]


def write_markdown(report: QbrReport, path: Path) -> Path:
    return write_bytes(Path(path), agenda_markdown(report).encode("utf-8"))


# --------------------------------------------------------------------------- invite


@dataclass(frozen=True, slots=True)
class Invite:
    """When the meeting starts and who sends the invite."""

    start: time = DEFAULT_START
    timezone: str = "UTC"
    """An IANA time zone name (the sender's)."""
    organizer_name: str = ""
    organizer_email: str = ""


def agenda_plain(report: QbrReport) -> str:
    """The agenda as plain text (the invite's description)."""
    _check(report)
    lines = [f"{report.title}: {report.account_name}", f"Period covered: {report.period_text}", ""]
    if report.objectives.strip():
        lines += [f"Purpose: {report.objectives.strip()}", ""]
    lines.append("Agenda")
    for item in report.items:
        lead = f", {item.owner}" if item.owner else ""
        lines.append(
            f"{item.number}. {item.title} ({item.time_box}, {fmt.count(item.minutes)} min{lead})"
        )
        lines.extend(f"   - {point}" for point in _item_points(item))
    lines += ["", f"{fmt.count(report.total_minutes)} minutes in total."]
    return "\n".join(lines)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise errors.ValidationError(
            "timezone", f"{name!r} is not a time zone name (like Europe/Berlin)."
        ) from exc


def _cn(name: str) -> str:
    """A display name safe inside a CN parameter (no quotes, no line breaks)."""
    return " ".join(name.replace('"', "'").split())


def invite_ics(
    report: QbrReport, invite: Invite | None = None, *, now: datetime | None = None
) -> bytes:
    """An iCalendar file with one event: the meeting, its attendees and the agenda."""
    from icalendar import Calendar, Event, vCalAddress, vText  # noqa: PLC0415

    _check(report)
    invite = invite or Invite()
    zone = _zone(invite.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    organised = bool(invite.organizer_email)
    calendar.add("method", "REQUEST" if organised else "PUBLISH")
    event = Event()
    seed = report.qbr_id or f"{report.account_name}|{report.meeting_date.isoformat()}"
    uid = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    event.add("uid", f"{uid}@account-success-planner")
    event.add("dtstamp", (now or system_now()).replace(microsecond=0))
    begins = datetime.combine(report.meeting_date, invite.start, tzinfo=zone)
    event.add("dtstart", begins)
    event.add("dtend", begins + timedelta(minutes=report.length_minutes))
    event.add("summary", f"{report.title}: {report.account_name}")
    event.add("description", agenda_plain(report))
    event.add("status", "CONFIRMED" if organised else "TENTATIVE")
    event.add("sequence", 0)
    if organised:
        organizer = vCalAddress(f"mailto:{invite.organizer_email}")
        organizer.params["cn"] = vText(_cn(invite.organizer_name or invite.organizer_email))
        event.add("organizer", organizer, encode=False)
    for person in report.attendees:
        if not person.email or person.email == invite.organizer_email:
            continue
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(_cn(person.name))
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    year = report.meeting_date.year  # the zone's rules around the meeting, not since 1970
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return bytes(calendar.to_ical())


def write_invite(report: QbrReport, path: Path, invite: Invite | None = None) -> Path:
    return write_bytes(Path(path), invite_ics(report, invite))
