"""Fonts bundled for PDF reports (DejaVu: wide Unicode coverage; see LICENSE-DejaVu.txt)."""
