"""Build the desktop bundle and smoke-test it (``make package``).

Steps:
1. render the application icon (resources/app/account-success-planner.svg) to hicolor PNG sizes
   (and .ico / .icns where this Qt can write them);
2. run PyInstaller on packaging/account-planner.spec (one folder, two programs);
3. add the freedesktop files (.desktop entry, MIME type, icons) under share/ in the bundle and
   validate the .desktop file with desktop-file-validate;
4. smoke-test the built programs like a first run on a clean user account: offscreen, with an
   empty home folder: the GUI starts on the default book in the user data folder and shows the
   welcome screen, then the CLI creates a demo book and exports a QBR deck and a PDF;
5. print the bundle's size.

Exit status 0 only when every step passed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build"
DIST = HERE / "dist"
NAME = "account-success-planner"
ICON_SVG = ROOT / "resources" / "icons" / "app.svg"  # the same icon the window shows
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def render_icons(target: Path) -> None:
    """hicolor PNGs (and .ico/.icns when the Qt image plugins allow) from the SVG."""
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication(sys.argv)
renderer = QSvgRenderer({str(ICON_SVG)!r})
target = Path({str(target)!r})
formats = {{bytes(f).decode() for f in QImageWriter.supportedImageFormats()}}
for size in {HICOLOR_SIZES!r}:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    folder = target / "hicolor" / f"{{size}}x{{size}}" / "apps"
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / "{NAME}.png"))
    if size == 256:
        for fmt, suffix in (("ico", ".ico"), ("icns", ".icns")):
            if fmt in formats:
                image.save(str(target / ("{NAME}" + suffix)), fmt)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    scalable = target / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON_SVG, scalable / f"{NAME}.svg")


def run_pyinstaller() -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "work"),
            str(HERE / "account-planner.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = DIST / NAME
    if not bundle.is_dir():
        raise SystemExit(f"PyInstaller did not produce {bundle}")
    return bundle


def add_desktop_files(bundle: Path, icons: Path) -> None:
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / f"{NAME}.desktop", share / "applications" / f"{NAME}.desktop")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / f"{NAME}-mime.xml", share / "mime" / "packages" / f"{NAME}.xml")
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True)
    shutil.copyfile(HERE / "install-desktop.sh", bundle / "install-desktop.sh")
    (bundle / "install-desktop.sh").chmod(0o755)


def validate_desktop_file() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        raise SystemExit(
            "desktop-file-validate is missing: install Debian's desktop-file-utils "
            "(.ci/run does this on CI)."
        )
    subprocess.run([tool, str(HERE / f"{NAME}.desktop")], check=True)
    print("desktop-file-validate: the .desktop entry is valid")


def smoke_test(bundle: Path) -> None:
    exe = ".exe" if os.name == "nt" else ""
    gui, cli = bundle / f"account-planner{exe}", bundle / f"planner{exe}"
    with tempfile.TemporaryDirectory(prefix="planner-smoke-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_RUNTIME_DIR": tmp,
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }
        began = time.perf_counter()
        first_run = subprocess.run(
            [str(gui), "--smoke-test"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        print(first_run.stdout.strip())
        if first_run.returncode != 0:
            print(first_run.stderr, file=sys.stderr)
            raise SystemExit("the desktop app failed its first-run smoke test")
        report = json.loads(first_run.stdout.strip().splitlines()[-1])
        default_book = Path(report["book"])
        if not default_book.is_file() or home not in default_book.parents:
            raise SystemExit(f"the default book was not created in the user data folder: {report}")
        if not report.get("welcome"):
            raise SystemExit("the first run did not show the welcome screen")
        work = Path(tmp) / "work"
        work.mkdir()
        book = work / "demo.aspbook"
        commands = [
            [str(cli), "demo", str(book), "--accounts", "8", "--quiet"],
            [str(cli), "check", str(book)],
        ]
        for command in commands:
            subprocess.run(command, env=env, check=True, timeout=300)
        listing = subprocess.run(
            [str(cli), "accounts", str(book), "--format", "json"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        account = json.loads(listing.stdout)[0]["id"]
        out = work / "qbr"
        subprocess.run(
            [
                str(cli),
                "qbr",
                str(book),
                "--account",
                account,
                "--out",
                str(out),
                "--format",
                "pptx,pdf",
            ],
            env=env,
            check=True,
            timeout=300,
        )
        decks = list(out.glob("*.pptx"))
        pdfs = list(out.glob("*.pdf"))
        if not decks or not pdfs or min(p.stat().st_size for p in decks + pdfs) < 10_000:
            raise SystemExit(f"the QBR export produced no deck or PDF: {sorted(out.iterdir())}")
        print(
            f"smoke test passed in {time.perf_counter() - began:.1f} s: "
            f"{decks[0].name} ({decks[0].stat().st_size:,} bytes), "
            f"{pdfs[0].name} ({pdfs[0].stat().st_size:,} bytes)"
        )


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    began = time.perf_counter()
    step("Rendering the application icon")
    icons = BUILD / "icons"
    shutil.rmtree(icons, ignore_errors=True)
    render_icons(icons)
    step("Checking the .desktop entry")
    validate_desktop_file()
    step("Building the bundle with PyInstaller (this takes a minute)")
    bundle = run_pyinstaller()
    add_desktop_files(bundle, icons)
    step("Smoke-testing the built programs (offscreen, clean user folder)")
    smoke_test(bundle)
    size = folder_size(bundle)
    step(
        f"Bundle ready: {bundle} ({size / 1_048_576:.0f} MB, built in "
        f"{time.perf_counter() - began:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
