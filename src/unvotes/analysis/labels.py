"""What the analyses group votes by: their period (calendar year or regular GA session) and their normalised title.

Agreement series, change points and ideal points all use `period_labels`; turnarounds and the bridges of the
dynamic ideal points both compare titles by `normalise_title`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from unvotes.analysis.matrix import VoteMatrix

_SPEECH = re.compile(r"^the (acting )?president(\s*\([^)]*\))?\s*(:|i\s)", re.IGNORECASE)  # meeting records
_AMENDED = re.compile(r"\(as amended\b[^)]*\)")
_TAIL = re.compile(r"^(draft )?(resolution|decision)s?\b|adopted by the general assembly")
_FULL_TAIL = "resolution / adopted by the general assembly"
_LEADING = re.compile(r"^((revised )?draft (resolution|decision)|resolution|decision)\s+")
_PUNCTUATION = re.compile(r"[\W_]+")


# --- periods ---------------------------------------------------------------------------------------------


def session_of(date: str) -> int:
    """The regular GA session in progress on a date: session n opens in September of 1945 + n (1 from 1946)."""
    year, month = int(date[:4]), int(date[5:7])
    return max(1, year - 1945 if month >= 9 else year - 1946)


def sessions(m: VoteMatrix) -> np.ndarray:
    """Each event's regular session: the recorded one where it is a number, else the one its date falls in
    (emergency special sessions, special sessions and unrecorded sessions go to the regular session in progress)."""
    recorded = (e.get("session") for e in m.events)
    return np.array(
        [
            int(s) if isinstance(s, str) and s.isdigit() else session_of(str(e["date"]))
            for e, s in zip(m.events, recorded, strict=True)
        ],
        dtype=int,
    )


def period_labels(m: VoteMatrix, by: str) -> tuple[np.ndarray, list[Any]]:
    """Each vote's period, as an index into labels that run without gaps from the first period to the last:
    calendar years as ints, or regular sessions as strings ("78").

    A vote of an emergency special session (ES-11) or a special session counts in the regular session in
    progress on its day (`sessions`), not in a period of its own: so every period is a stretch of time, series
    run in time order (ES-11/7 of 2025 is not averaged with ES-11/1 of 2022) and the dynamic model's random walk
    takes one step per session. Periods without a vote are in the labels; a series leaves them out.
    """
    if by not in ("session", "year"):
        raise ValueError(f"unknown period {by!r}: use 'year' or 'session'")
    number = sessions(m) if by == "session" else m.years().astype(int)
    if not len(number):
        return number, []
    first = int(number.min())
    labels = range(first, int(number.max()) + 1)
    return number - first, [str(n) for n in labels] if by == "session" else list(labels)


# --- titles ----------------------------------------------------------------------------------------------


def normalise_title(title: str | None) -> str:
    """A title as the same question recurs across sessions: lower case; without the UN Digital Library's
    " : resolution / adopted by the General Assembly" tail (or " : draft resolution", " : decision", or, where
    the title was cut short and ends in "[...]", any start of that tail), "(as amended ...)" and a leading
    "draft resolution"; punctuation as spaces, one space; a speech quoted as a title (meeting records) is "".

    Turnarounds and the bridges of the dynamic ideal points both use it, so that a vote found to recur by one
    recurs by the other.
    """
    if not title or _SPEECH.match(title):
        return ""
    text = _without_tail(_AMENDED.sub(" ", title.lower()).strip())
    return _LEADING.sub("", " ".join(_PUNCTUATION.sub(" ", text).split()))


def _without_tail(text: str) -> str:
    """A lower-case title without its catalogue tail after the last " : " (whole, or cut short by "[...]")."""
    truncated = text.endswith("[...]")
    text = text.removesuffix("[...]")
    head, sep, rest = text.rpartition(" : ")
    rest = rest.strip()
    if sep and (_TAIL.search(rest) or (truncated and rest and _FULL_TAIL.startswith(rest))):
        return head
    return text
