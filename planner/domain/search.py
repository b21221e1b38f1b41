"""Search text: what a person types, made into a safe full-text query, and the matching words
marked in what is shown.

The rules, the same in the app and on the command line:

* every word matches the words that *begin* with it, accents and case ignored: ``escal`` finds
  "Escalation", ``muller`` finds "Müller" (a word of one or two letters matches only itself);
* text in double quotes matches that exact phrase: ``"integration credentials"``;
* everything else is just text. Operators and syntax of the index (``AND``, ``OR``, ``NOT``,
  ``NEAR(``, ``*``, ``^``, ``column:``, brackets, an unbalanced ``"``) are never interpreted,
  so no input can make a search fail.

:func:`parse_query` turns the typed text into :class:`Term` values, :func:`fts_query` writes
them as an SQLite FTS5 query in which every term is a quoted string (the only syntax a user's
text ever reaches), and :func:`mark` splits a shown text into plain and matched pieces, which
the screen and the command line render safely (escaped, never as markup).

Folding follows SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2``: letters, digits
and private-use characters make words, everything else separates them; case is folded and
diacritics removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Longest query text read (longer input is cut), and most terms used.
MAX_QUERY_CHARS = 500
MAX_TERMS = 16
#: A word needs this many characters to match as the start of longer words.
PREFIX_MIN_CHARS = 3


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to find: a word (matched as a prefix) or a quoted phrase (exact)."""

    words: tuple[str, ...]
    """The words as typed; one for a word, several for a phrase."""
    folded: tuple[str, ...]
    """The same words folded (lower case, no accents), for marking matches."""
    prefix: bool

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of shown text, matched or not."""

    text: str
    matched: bool


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or category in {"Co", "Mn"}


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """A word as the index stores it: case folded, diacritics removed."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_FOLDED = re.compile(r"[a-z0-9]+")
_ASCII_CASE = re.ASCII | re.IGNORECASE


@lru_cache(maxsize=8192)
def _regex_agrees(ch: str) -> bool:
    """Whether the regular expression's idea of a word character is ours for ``ch``."""
    return _is_word_char(ch) == bool(_WORD.fullmatch(ch))


def words_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text`` (a run of letters, digits, marks and private-use
    characters). ASCII text, most of what is marked, is split by a regular expression: its only
    word characters are letters and digits."""
    if text.isascii():
        return [m.span() for m in _ASCII_WORD.finditer(text)]
    if all(_regex_agrees(ch) for ch in set(_NON_ASCII.findall(text))):
        return [m.span() for m in _WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if _is_word_char(ch):
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def _term(text: str, *, phrase: bool) -> Term | None:
    pairs = [(text[a:b], fold(text[a:b])) for a, b in words_of(text)]
    pairs = [(w, f) for w, f in pairs if f]
    if not pairs:
        return None
    words, folded = tuple(w for w, _ in pairs), tuple(f for _, f in pairs)
    return Term(words, folded, prefix=not phrase and len(folded[0]) >= PREFIX_MIN_CHARS)


def parse_query(text: str) -> tuple[Term, ...]:
    """The terms of what was typed (empty when there is nothing to look for)."""
    text = text[:MAX_QUERY_CHARS].replace("\x00", " ")
    terms: list[Term] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()

    def add(term: Term | None) -> None:
        if term is not None and (term.folded, term.prefix) not in seen and len(terms) < MAX_TERMS:
            seen.add((term.folded, term.prefix))
            terms.append(term)

    parts = text.split('"')
    for index, part in enumerate(parts):
        quoted = index % 2 == 1 and index < len(parts) - 1  # an unbalanced quote quotes nothing
        if quoted:
            add(_term(part, phrase=True))
            continue
        for a, b in words_of(part):
            add(_term(part[a:b], phrase=False))
    return tuple(terms)


def fts_query(terms: tuple[Term, ...]) -> str:
    """An FTS5 MATCH expression for ``terms`` (all must match). Every term is a quoted string
    of word characters (the index's own tokenizer folds them), so nothing typed is read as
    query syntax."""
    out = []
    for term in terms:
        quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
        out.append(quoted + ("*" if term.prefix else ""))
    return " AND ".join(out)


def mark(text: str, terms: tuple[Term, ...]) -> tuple[Piece, ...]:
    """``text`` split into pieces, the words that match a term marked.

    A word matches a word term when it begins with it (or equals it, for a short term);
    the words of a phrase are marked where they appear in order.
    """
    if not text:
        return ()
    if _ascii_words(text):  # most of what is shown: regular expressions do the same, faster
        return _pieces(text, _ascii_matches(text, terms))
    spans = words_of(text)
    folded = [fold(text[a:b]) for a, b in spans]
    hit = [False] * len(spans)
    for term in terms:
        if len(term.folded) == 1:
            word = term.folded[0]
            for i, f in enumerate(folded):
                if f == word or (term.prefix and f.startswith(word)):
                    hit[i] = True
            continue
        size = len(term.folded)
        for i in range(len(folded) - size + 1):
            if tuple(folded[i : i + size]) == term.folded:
                for j in range(i, i + size):
                    hit[j] = True
    return _pieces(text, [span for span, matched in zip(spans, hit, strict=True) if matched])


def _pieces(text: str, matched: list[tuple[int, int]]) -> tuple[Piece, ...]:
    """``text`` cut into plain pieces and the ``matched`` words (spans in order)."""
    pieces: list[Piece] = []
    cursor = 0
    for a, b in matched:
        if a > cursor:
            pieces.append(Piece(text[cursor:a], matched=False))
        pieces.append(Piece(text[a:b], matched=True))
        cursor = b
    if cursor < len(text):
        pieces.append(Piece(text[cursor:], matched=False))
    return tuple(pieces)


def _ascii_words(text: str) -> bool:
    """Whether every word of ``text`` is ASCII letters and digits (its other characters, such
    as "·" or "…", separate words)."""
    return text.isascii() or not any(_word_char(ch) for ch in set(_NON_ASCII.findall(text)))


@lru_cache(maxsize=8192)
def _word_char(ch: str) -> bool:
    return _is_word_char(ch)


def _ascii_matches(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` (all ASCII, see :func:`_ascii_words`) that match
    ``terms``, in order. An ASCII word folds to itself in lower case, so the folded terms are
    looked for ignoring ASCII case."""
    single, phrases = _ascii_patterns(terms)
    spans = [m.span() for m in single.finditer(text)] if single else []
    if not phrases:
        return spans  # whole words, found left to right
    found = set(spans)
    for size, phrase in phrases:
        for at in phrase.finditer(text):  # each word is a group: overlapping places too
            found.update(at.span(group) for group in range(1, size + 1))
    return sorted(found)


@lru_cache(maxsize=256)
def _ascii_patterns(
    terms: tuple[Term, ...],
) -> tuple[re.Pattern[str] | None, tuple[tuple[int, re.Pattern[str]], ...]]:
    """Ignoring ASCII case: one expression matching every whole word that matches a one-word
    term, and for each phrase of several words its size and an expression matching where it
    is, a group a word (without consuming, so overlapping places are all found). Terms with
    other than ASCII letters and digits match no ASCII word and are left out."""
    singles: list[str] = []
    phrases: list[tuple[int, re.Pattern[str]]] = []
    for term in terms:
        if not all(_ASCII_FOLDED.fullmatch(word) for word in term.folded):
            continue
        if len(term.folded) == 1:
            singles.append(term.folded[0] + ("[a-z0-9]*" if term.prefix else "(?![a-z0-9])"))
        else:
            words = "[^a-z0-9]+".join(f"({word})" for word in term.folded)
            found = f"(?<![a-z0-9])(?={words}(?![a-z0-9]))"
            phrases.append((len(term.folded), re.compile(found, _ASCII_CASE)))
    either = "(?<![a-z0-9])(?:" + "|".join(singles) + ")"
    single = re.compile(either, _ASCII_CASE) if singles else None
    return single, tuple(phrases)


def excerpt(text: str, terms: tuple[Term, ...], *, width: int = 160) -> str:
    """About ``width`` characters of ``text`` (on one line) around its first matching word."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    first = next((p for p in _first_match(flat, terms)), 0)
    start = max(0, min(first - width // 3, len(flat) - width))
    while start > 0 and not flat[start - 1].isspace():
        start -= 1
        if first - start > width // 2:
            break
    end = min(len(flat), start + width)
    while end < len(flat) and not flat[end].isspace() and end - start < width + 20:
        end += 1
    return ("…" if start > 0 else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def _first_match(text: str, terms: tuple[Term, ...]) -> list[int]:
    if _ascii_words(text):
        return [a for a, _ in _ascii_matches(text, terms)[:1]]
    offset = 0
    for piece in mark(text, terms):
        if piece.matched:
            return [offset]
        offset += len(piece.text)
    return []


def has_match(pieces: tuple[Piece, ...]) -> bool:
    return any(p.matched for p in pieces)
