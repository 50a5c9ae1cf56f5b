"""The day a sentence gives its vote: "On 10 April, …", "… adopted on 2 March", "on Monday", "yesterday", read
against the dateline."""

from __future__ import annotations

import datetime as dt
import re

from unvotes.factcheck import lexicon as lx
from unvotes.factcheck.text import month_number


def explicit_day(text: str, dateline: dt.date | None) -> tuple[dt.date, int, int] | None:
    """The day a sentence names ("On 10 April", "on Monday", "February 24, 2025"), read against the dateline."""
    if m := _vote_date(text):
        day, month, year = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
        try:
            return (
                _in_year(int(day), month_number(month), int(year) if year else None, dateline),
                m.start(),
                m.end(),
            )
        except ValueError:
            return None
    if dateline is None:
        return None
    if m := lx.WEEKDAY.search(text):
        back = (dateline.weekday() - lx.WEEKDAYS.index(m["w"].lower())) % 7
        return dateline - dt.timedelta(days=back), m.start(), m.end()
    if m := lx.RELATIVE.search(text):
        return dateline - dt.timedelta(days=1 if m["r"].lower() == "yesterday" else 0), m.start(), m.end()
    return None


def _vote_date(text: str) -> re.Match[str] | None:
    """A day written as the day of the vote: "On 10 April, …" opening the sentence, or "… adopted on 2 March"
    after a verb of voting (not "since 24 February 2022", the day of something else)."""
    for m in lx.DAY_DATE.finditer(text):
        before = text[: m.start()]
        if re.fullmatch(r"\W*(?:On|on)\s+", before) or re.search(lx.VOTE_VERB_BEFORE, before):
            return m
    return None


def _in_year(day: int, month: int, year: int | None, dateline: dt.date | None) -> dt.date:
    """A day and month without a year: the latest such day not after the dateline."""
    if year is not None:
        return dt.date(year, month, day)
    if dateline is None:
        raise ValueError("no year")
    found = dt.date(dateline.year, month, day)
    return found if found <= dateline + dt.timedelta(days=1) else dt.date(dateline.year - 1, month, day)
