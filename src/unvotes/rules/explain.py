"""Plain-English pieces for the explanations a journalist can quote: counts, lists of names, sentences.

Only wording lives here; the arithmetic is in `ga.py`, `sc.py` and `elections.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from unvotes.rules.decision import Tally

PERMANENT_NAMES = {
    "CHN": "China",
    "FRA": "France",
    "GBR": "the United Kingdom",
    "USA": "the United States",
    "SUN": "the Soviet Union",
    "RUS": "the Russian Federation",
}


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 vote', '2 votes'; `words` for irregular plurals."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def listing(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def names(state_ids: Sequence[str]) -> str:
    """Permanent members by name, other states by id, as one list."""
    return listing([PERMANENT_NAMES.get(s, s) for s in state_ids])


def capital(text: str) -> str:
    """The text with its first letter in upper case (a sentence may start with a name or a subject)."""
    return text[:1].upper() + text[1:]


def counts(tally: Tally, *, non_voting: bool = False) -> str:
    """'93 in favour to 18 against, with 65 abstentions', as UN press releases put it."""
    against = f"{tally.no} against" if tally.no else "none against"
    rest = [plural(tally.abstain, "abstention") if tally.abstain else "no abstentions"]
    if non_voting and tally.non_voting:
        rest.append(f"{tally.non_voting} not voting")
    return f"{tally.yes} in favour to {against}, with {listing(rest)}"


def outcome_words(adopted: bool) -> str:
    return "was adopted" if adopted else "was rejected"
