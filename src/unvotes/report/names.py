"""States' names as a news story writes them: the short English name, with "the" where English puts it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from unvotes.refdata import states

SHORT = {  # where the short name is not the official one with its parenthesis dropped
    "USA": "the United States",
    "GBR": "the United Kingdom",
    "RUS": "Russia",
    "SUN": "the Soviet Union",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "SYR": "Syria",
    "LAO": "Laos",
    "MDA": "Moldova",
    "TZA": "Tanzania",
    "FSM": "Micronesia",
    "COD": "the Democratic Republic of the Congo",
    "COG": "the Republic of the Congo",
    "DDR": "East Germany",
    "BRN": "Brunei",
    "CPV": "Cabo Verde",
}
THE = ("Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives", "Marshall Islands", "Sudan")
THE_PREFIXES = (
    "United ",
    "Central African",
    "Dominican Republic",
    "Czech Republic",
    "Holy See",
    "Republic of",
)


def short_name(state_id: str, day: dt.date) -> str:
    """The name a story uses, e.g. "the United States", "Iran", "the Netherlands" (lower-case "the")."""
    if state_id in SHORT:
        return SHORT[state_id]
    name = re.sub(r"\s*\(.*\)$", "", states.name_on(state_id, day)).strip()
    return f"the {name}" if name in THE or name.startswith(THE_PREFIXES) else name


def bare_name(state_id: str, day: dt.date) -> str:
    """The short name without its article, for lists and tables: "United States", "Netherlands"."""
    return short_name(state_id, day).removeprefix("the ")


def by_name(state_ids: Sequence[str], day: dt.date) -> list[str]:
    """States in the alphabetical order of their names."""
    return sorted(state_ids, key=lambda s: bare_name(s, day))


def listed(state_ids: Sequence[str], day: dt.date, conjunction: str = "and") -> str:
    """Names in a list, in the order given: "A", "A and B", "A, B and C"."""
    names = [short_name(s, day) for s in state_ids]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def capital(text: str) -> str:
    """A sentence's first letter in upper case ("the United States" → "The United States")."""
    return text[:1].upper() + text[1:]
