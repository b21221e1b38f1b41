"""``planner qbr`` and ``planner plan-pdf``: files written, plain errors, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from PySide6.QtWidgets import QApplication

from planner.cli import main
from planner.services import books, qbrs
from tests.planner.test_qbr_data import TODAY, build_account


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.aspbook"
    with books.create_book(path) as book:
        build_account(book)
    return path


def test_qbr_writes_every_format(
    qapp: QApplication, acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "acme",
        "--out",
        out,
        "--date",
        "2026-12-03",
        "--as-of",
        TODAY,
    )
    assert code == 0, err
    files = sorted(Path(line) for line in stdout.splitlines())
    assert {f.suffix for f in files} == {".pptx", ".pdf", ".md", ".ics"}
    assert all(f.parent == out and f.stat().st_size > 0 for f in files)
    assert files[0].name.startswith("Acme & Co - Q4 2026 Business Review - 2026-12-03")
    deck = Presentation(str(next(f for f in files if f.suffix == ".pptx")))
    assert deck.slides[0].shapes.title.text_frame.text == "Q4 2026 Business Review"
    md = next(f for f in files if f.suffix == ".md").read_text(encoding="utf-8")
    assert "Agree the 2027 rollout." in md  # the saved QBR's objectives
    assert not list(out.glob(".*.part")), "no temporary files are left behind"


def test_qbr_formats_template_and_copies(
    acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mine.pptx"
    Presentation().save(str(template))
    code, stdout, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "Acme & Co",
        "--out",
        tmp_path,
        "--format",
        "pptx,md",
        "--template",
        template,
        "--date",
        "2026-12-03",
        "--as-of",
        TODAY,
    )
    assert code == 0, err
    files = [Path(line) for line in stdout.splitlines()]
    assert [f.suffix for f in files] == [".pptx", ".md"]
    assert not any("internal" in f.name for f in files)  # the customer copy, by default
    assert Presentation(str(files[0])).slide_width == 9144000  # the 4:3 template was used
    code, stdout, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "Acme & Co",
        "--out",
        tmp_path,
        "--format",
        "pptx,md",
        "--internal",
        "--date",
        "2026-12-03",
        "--as-of",
        TODAY,
    )
    assert code == 0, err
    files = [Path(line) for line in stdout.splitlines()]
    assert files[0].name.endswith("2026-12-03-internal.pptx")
    assert files[1].name.endswith("2026-12-03.md")  # the agenda is always the customer copy
    assert (
        run(
            capsys,
            "qbr",
            acme,
            "--account",
            "acme",
            "--out",
            tmp_path,
            "--internal",
            "--customer-safe",
        )[0]
        == 2
    )


def test_invite_comes_from_you_in_your_time_zone(
    acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    assert (
        run(
            capsys,
            "preferences",
            "--set",
            "name=Dana Reyes",
            "--set",
            "email=dana@vendor.example",
            "--set",
            "timezone=Europe/Berlin",
        )[0]
        == 0
    )
    code, stdout, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "acme",
        "--out",
        tmp_path,
        "--format",
        "ics",
        "--start",
        "14:30",
        "--date",
        "2026-12-03",
        "--as-of",
        TODAY,
    )
    assert code == 0, err
    raw = Path(stdout.strip()).read_bytes()
    calendar = Calendar.from_ical(raw)
    assert str(calendar["method"]) == "REQUEST"
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["tzid"]) for z in zones] == ["Europe/Berlin"]
    event = next(iter(calendar.walk("VEVENT")))
    assert b"DTSTART;TZID=Europe/Berlin:20261203T143000" in raw
    assert str(event["organizer"]) == "mailto:dana@vendor.example"
    assert event["organizer"].params["CN"] == "Dana Reyes"
    attendees = {str(a) for a in event.get("attendee", [])}
    assert attendees == {"mailto:grace@acme.example", "mailto:ada@acme.example"}
    # without an e-mail: a plain event, and a note saying how to set it
    assert run(capsys, "preferences", "--set", "email=")[0] == 0
    code, stdout, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "acme",
        "--out",
        tmp_path / "b",
        "--format",
        "ics",
        "--date",
        "2026-12-03",
        "--as-of",
        TODAY,
    )
    assert code == 0
    assert "set your name and e-mail" in err
    assert b"METHOD:PUBLISH" in Path(stdout.strip()).read_bytes()


def test_generated_agenda_can_be_saved(
    acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "qbr",
        acme,
        "--account",
        "acme",
        "--out",
        tmp_path,
        "--date",
        "2027-03-01",
        "--length",
        "45",
        "--format",
        "md",
        "--save",
        "--as-of",
        TODAY,
    )
    assert code == 0, err
    assert "Saved a planned QBR" in err
    with books.open_book(acme, read_only=True) as book:
        account = next(iter(books_accounts(book)))
        saved = [
            q for q in qbrs.list_qbrs(book, account) if q.meeting_date.isoformat() == "2027-03-01"
        ]
        assert len(saved) == 1
        assert saved[0].length_minutes == 45
        assert sum(i.minutes for i in qbrs.list_agenda(book, saved[0].id)) == 45
        assert saved[0].generated_files
        assert saved[0].generated_files[0].endswith(".md")


def books_accounts(book: books.Book) -> list[str]:
    from planner.services import accounts

    return [a.id for a in accounts.list_accounts(book)]


def test_batch_for_reviews_due(
    qapp: QApplication, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "batch"
    code, stdout, err = run(
        capsys,
        "qbr",
        demo_path,
        "--due-within",
        "20",
        "--out",
        out,
        "--format",
        "pptx,pdf",
        "--as-of",
        TODAY,
        "--jobs",
        "2",
    )
    assert code == 0, err
    with books.open_book(demo_path, read_only=True) as book:
        due, left_out = qbrs.batch_candidates(book, within_days=20, today=TODAY)
    files = [Path(line) for line in stdout.splitlines()]
    assert len(files) == 2 * len(due) > 0
    assert f"Exported {len(due)} of {len(due)} accounts; skipped {len(left_out)}" in err
    churned = [c for c in left_out if c.reason.startswith("churned")]
    assert churned, "the demo book has churned accounts: they are listed, not dropped"
    for c in churned:
        assert f"skipped {c.account_name}: churned" in err
    code, stdout, _ = run(
        capsys, "qbr", demo_path, "--due-within", "0", "--out", out, "--as-of", "2031-01-01"
    )
    assert code == 0
    assert "No account has a planned QBR or a renewal" in stdout


def test_plan_pdf(
    qapp: QApplication, acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, err = run(
        capsys, "plan-pdf", acme, "--account", "acme", "--out", tmp_path / "plan", "--as-of", TODAY
    )
    assert code == 0, err
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert "page" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "Nobody"], "No account is called 'Nobody'"),
        (["--account", "acme", "--template", "missing.potx"], "There is no template"),
        (["--account", "acme", "--template", "{book}"], "not a PowerPoint file"),
        (["--account", "acme", "--out", "{book}"], "is a file, not a folder"),
    ],
)
def test_bad_input_exits_1_with_a_plain_message(
    acme: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    argv = [
        "qbr",
        str(acme),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "pptx",
        *[a.format(book=acme) for a in args],
    ]
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--account", "acme", "--format", "docx"],
        ["--account", "acme", "--length", "5"],
        ["--account", "acme", "--date", "03/12/2026"],
        ["--format", "pdf"],
        ["--account", "acme", "--due-within", "5"],
    ],
)
def test_usage_errors_exit_2(
    acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = run(capsys, "qbr", acme, "--out", tmp_path, *args)
    assert code == 2
    assert "Traceback" not in err


def test_plan_pdf_unknown_account_and_missing_out(
    acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "plan-pdf", acme, "--account", "Nobody", "--out", tmp_path / "x")
    assert code == 1
    assert "No account is called" in err
    assert run(capsys, "plan-pdf", acme, "--account", "acme")[0] == 2


def test_pdf_needs_no_display(acme: Path, tmp_path: Path) -> None:
    """The command renders PDFs without a display or a GUI application (a fresh process)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "QT_QPA_PLATFORM"}}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner.cli",
            "plan-pdf",
            str(acme),
            "--account",
            "acme",
            "--out",
            str(tmp_path / "p.pdf"),
            "--as-of",
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as z:  # the file is complete, not partial
        z.write(tmp_path / "p.pdf", "p.pdf")
