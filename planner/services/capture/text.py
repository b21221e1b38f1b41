"""Text out of mail bodies and invites: HTML to plain text (scripts and styles dropped), and the
part of a message worth keeping (quoted replies, forwarded history, signatures and meeting-link
boilerplate cut)."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

SUMMARY_LIMIT = 8_000
"""Characters of a body kept as an interaction's summary."""

HTML_LIMIT = 200_000
"""Characters of HTML read to find the text (the new text of a mail comes well before this)."""
TEXT_LIMIT = 200_000
"""Characters of plain text read to find what is new (quoted history comes after it)."""

QUOTE_MARK = "\x00quoted\x00"
"""Where an HTML mail's quoted history starts (cut with everything after it)."""

_DROP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
    }
)
_QUOTE_CLASSES = re.compile(
    r"gmail_quote|moz-cite-prefix|divRplyFwdMsg|OutlookMessageHeader|"
    r"appendonsend|yahoo_quoted",
    re.IGNORECASE,
)


class _TextOfHtml(HTMLParser):
    """Collects the visible text. Where the quoted history starts (a ``<blockquote>``, or the
    block Gmail, Outlook or Thunderbird wrap it in) a :data:`QUOTE_MARK` is written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.dropping += 1
            return
        marks = " ".join(v or "" for k, v in attrs if k in {"class", "id"})
        if tag == "blockquote" or (marks and _QUOTE_CLASSES.search(marks)):
            self.parts.append("\n" + QUOTE_MARK + "\n")
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(self.dropping - 1, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML body: scripts, styles and the head dropped, blocks on their
    own lines, entities decoded. Bounded: only the first :data:`HTML_LIMIT` characters are read."""
    parser = _TextOfHtml()
    # no close(): an unfinished tag at the cut is left out, not shown as text; a malformed
    # declaration stops the parser, and what was read before it is kept
    with contextlib.suppress(AssertionError, ValueError):
        parser.feed(markup[:HTML_LIMIT])
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _squeeze("\n".join(lines))


def _squeeze(text: str) -> str:
    """No more than one empty line in a row; no spaces at line ends."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --------------------------------------------------------------------------- cutting

_REPLY_HEADER = re.compile(
    r"^\s*(On\s.{4,200}\swrote:|Am\s.{4,200}\sschrieb.{0,60}:|Le\s.{4,200}\sa\sécrit\s?:|"
    r"El\s.{4,200}\sescribió:|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded message\s*-{2,}|"
    r"Begin forwarded message:|_{10,}|-{5,}\s*Ursprüngliche Nachricht\s*-{5,})\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"^\s*(On|Am|Le|El)\s", re.IGNORECASE)
_HEADER_BLOCK = re.compile(r"^\s*\**(From|De|Von)\s*:\**\s.+", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*\**(Sent|Date|Envoyé|Gesendet|To)\s*:", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(best( regards| wishes)?|kind regards|warm regards|many thanks|regards|thanks|"
    r"thank you|cheers|all the best|sincerely|best,? ?regards|mit freundlichen grüßen|"
    r"viele grüße|cordialement|bien à vous)\s*[,.!-]?\s*$",
    re.IGNORECASE,
)
_MOBILE = re.compile(
    r"^\s*(Sent from my \w+|Get Outlook for \w+|Sent from Mail for Windows)", re.IGNORECASE
)
_MEETING_BOILERPLATE = re.compile(
    r"^\s*(-::~[:~]{10,}|_{20,}|Microsoft Teams meeting\s*$|Join Zoom Meeting\s*$|"
    r"Join with Google Meet|Invitation from Google Calendar|"
    r"[-─]{2,}\s*(Meeting|Join) (link|information)|Join on your computer)",
    re.IGNORECASE,
)


def cut_reply(text: str) -> str:
    """The new part of a message: everything from the quoted history (``On ... wrote:``,
    ``-----Original Message-----``, an Outlook ``From:/Sent:`` block, ``>`` lines) and the
    signature (``-- ``, a sign-off near the end, ``Sent from my iPhone``) on is cut."""
    lines = text[:TEXT_LIMIT].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if QUOTE_MARK in line:
            kept.append(line.split(QUOTE_MARK, 1)[0])
            break
        if line.rstrip() in {"--", "-- "} or _MOBILE.match(line) or _REPLY_HEADER.match(line):
            break
        wrapped = " ".join(part.strip() for part in lines[index : index + 2])
        if _ATTRIBUTION_START.match(line) and _REPLY_HEADER.match(wrapped):
            break  # Gmail wraps a long "On ..., Name <address> wrote:" over two lines
        if _HEADER_BLOCK.match(line) and any(
            _HEADER_NEXT.match(nxt) for nxt in lines[index + 1 : index + 4]
        ):
            break
        kept.append(line)
    kept = [line for line in kept if not line.lstrip().startswith(">")]
    kept = _cut_sign_off(kept)
    return _limit(_squeeze("\n".join(kept)))


def _cut_sign_off(lines: list[str]) -> list[str]:
    """Drop a sign-off ("Best regards,") and the few lines of name and title after it."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in reversed(filled[-8:]):
        if _SIGN_OFF.match(lines[i]) and i != filled[0]:
            return lines[:i]
    return lines


def cut_invite(text: str) -> str:
    """An invite's description without the joining instructions calendar programs append."""
    lines = text[:TEXT_LIMIT].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        if _MEETING_BOILERPLATE.match(line):
            break
        kept.append(line)
    return _limit(_squeeze("\n".join(kept)))


def _limit(text: str) -> str:
    if len(text) <= SUMMARY_LIMIT:
        return text
    return text[: SUMMARY_LIMIT - 1].rstrip() + "…"
