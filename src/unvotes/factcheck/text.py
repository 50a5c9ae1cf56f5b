"""An article as plain text: HTML tags and page chrome dropped, prose split into sentences with their offsets.

Offsets index the plain text that `plain()` returns; for a plain-text article that is the text itself (line endings
normalised). Page chrome (menus, bylines, link lists) stays in the text but yields no sentences: only prose lines
(ending like a sentence, or long) are read.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

SKIPPED_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "menu", "noscript", "svg"}
)
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
)
ABBREVIATIONS = frozenset({"u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "amb"})
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTH}) (\d{{4}})\b|\b({MONTH}) (\d{{1,2}}),? (\d{{4}})\b")
SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


class _Stripper(HTMLParser):
    """Collects the text of an HTML page outside scripts, styles and navigation, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def is_html(text: str) -> bool:
    """Whether the text is an HTML page or fragment rather than plain text."""
    head = text[:4000].lower()
    return "<html" in head or "<body" in head or len(re.findall(r"</?(?:p|div|span|a|br|li)\b", head)) >= 3


def plain(text: str) -> str:
    """The article as plain text: tags dropped (with scripts, styles and navigation), entities decoded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not is_html(text):
        return text
    stripper = _Stripper()
    stripper.feed(text)
    stripper.close()
    lines = (" ".join(line.split()) for line in html.unescape("".join(stripper.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def is_prose(line: str) -> bool:
    """A line of the article's prose, not chrome: it ends like a sentence, or runs on past twelve words."""
    words = line.split()
    return bool(words) and (line.rstrip().endswith((".", "!", "?", '"', "”", "'", "’")) or len(words) > 12)


def sentences(text: str) -> list[Sentence]:
    """The prose sentences of a plain text, each with its offsets in it."""
    found: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        if is_prose(line):
            found += _split(line, offset)
        offset += len(line) + 1
    return found


def _split(line: str, offset: int) -> list[Sentence]:
    """A prose line cut at sentence ends (not after abbreviations such as U.S. or Mr.)."""
    cuts = [0]
    for match in SENTENCE_END.finditer(line):
        before = line[: match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        numbered = last == "no" and line[match.end() : match.end() + 1].isdigit()  # "No. 5"
        if last in ABBREVIATIONS or numbered or re.fullmatch(r"[a-z]", last):
            continue
        cuts.append(match.end())
    cuts.append(len(line))
    found = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = line[start:end]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            found.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
    return found


def month_number(name: str) -> int:
    """The month a name or abbreviation stands for (1–12)."""
    return MONTHS[name.lower().rstrip(".")]


def first_date(text: str) -> dt.date | None:
    """The first full date written in the text ("25 Feb 2025", "February 25, 2025"), a page's dateline."""
    match = FULL_DATE.search(text)
    if not match:
        return None
    if match.group(1):
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        day, month, year = match.group(5), match.group(4), match.group(6)
    try:
        return dt.date(int(year), month_number(month), int(day))
    except ValueError:
        return None
