"""The agenda as text: Markdown for an email, and an .ics meeting invite with the agenda.

Both show what the deck's slides show (each item's time box, lead and headline points), from
the same profile-filtered report, so a customer-safe invite leaves out what the customer-safe
deck leaves out. Markdown escapes every character that would change how a mail client renders
the text, so names like ``<script>`` or ``*Acme*`` print literally.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, time, timedelta
from pathlib import Path

from planner.domain import agenda as ag
from planner.domain.clock import system_now
from planner.reports.files import write_bytes
from planner.reports.qbr_report import QbrReport, ReportItem

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)")
DEFAULT_START = time(10, 0)


def md_escape(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped, on one line."""
    flat = " ".join(text.split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return _LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", escaped)


def _md_block(text: str, indent: str) -> str:
    """A multi-line text inside a list item: each line escaped and indented."""
    lines = [md_escape(line) for line in text.strip().splitlines() if line.strip()]
    return ("  \n" + indent).join(lines)


def agenda_markdown(report: QbrReport) -> str:
    out = [f"# {md_escape(report.title)}: {md_escape(report.account_name)}", ""]
    out.append(f"**When:** {md_escape(ag.fmt_date(report.meeting_date))}, "
               f"{report.length_minutes} minutes  ")  # fmt: skip
    out.append(f"**Period covered:** {md_escape(report.period_text)}")
    if report.objectives.strip():
        out += ["", f"**Purpose:** {_md_block(report.objectives, '')}"]
    if report.attendees:
        out += ["", "**Attendees**", ""]
        out += [f"- {md_escape(p.label)}" for p in report.attendees]
    out += ["", "## Agenda", ""]
    for item in report.items:
        lead = f", led by {md_escape(item.owner)}" if item.owner else ""
        out.append(f"{item.number}. **{md_escape(item.title)}** "
                   f"({item.time_box}, {item.minutes} min{lead})")  # fmt: skip
        out.extend(f"    - {md_escape(point)}" for point in item.slide_points)
        if item.notes.strip():
            out.append(f"    - *Notes:* {_md_block(item.notes, '      ')}")
    out += ["", f"*{report.total_minutes} minutes in total.*", ""]
    return "\n".join(out)


def write_markdown(report: QbrReport, path: Path) -> Path:
    return write_bytes(Path(path), agenda_markdown(report).encode("utf-8"))


# --------------------------------------------------------------------------- invite


def agenda_plain(report: QbrReport) -> str:
    """The agenda as plain text (the invite's description)."""
    lines = [f"{report.title}: {report.account_name}",
             f"Period covered: {report.period_text}", ""]  # fmt: skip
    if report.objectives.strip():
        lines += [f"Purpose: {report.objectives.strip()}", ""]
    lines.append("Agenda")
    for item in report.items:
        lines.append(_plain_item(item))
        lines.extend(f"   - {point}" for point in item.slide_points)
    lines += ["", f"{report.total_minutes} minutes in total."]
    return "\n".join(lines)


def _plain_item(item: ReportItem) -> str:
    lead = f", {item.owner}" if item.owner else ""
    return f"{item.number}. {item.title} ({item.time_box}, {item.minutes} min{lead})"


def invite_ics(report: QbrReport, *, start: time = DEFAULT_START,
               now: datetime | None = None) -> bytes:  # fmt: skip
    """An iCalendar file with one event: the meeting, its attendees and the agenda.

    The start is a floating local time (the same wall-clock time in any time zone), as
    calendar apps expect for a meeting typed in by hand; its length is the meeting length.
    """
    from icalendar import Calendar, Event, vCalAddress, vText  # noqa: PLC0415

    calendar = Calendar()
    calendar.add("prodid", "-//Account Success Planner//QBR agenda//EN")
    calendar.add("version", "2.0")
    event = Event()
    seed = report.qbr_id or f"{report.account_name}|{report.meeting_date.isoformat()}"
    uid = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    event.add("uid", f"{uid}@account-success-planner")
    event.add("dtstamp", (now or system_now()).replace(microsecond=0))
    begins = datetime.combine(report.meeting_date, start)
    event.add("dtstart", begins)
    event.add("dtend", begins + timedelta(minutes=report.length_minutes))
    event.add("summary", f"{report.title}: {report.account_name}")
    event.add("description", agenda_plain(report))
    event.add("status", "TENTATIVE")
    for person in report.attendees:
        if not person.email:
            continue
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.name.replace('"', "'"))
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_invite(report: QbrReport, path: Path, *, start: time = DEFAULT_START) -> Path:
    return write_bytes(Path(path), invite_ics(report, start=start))
