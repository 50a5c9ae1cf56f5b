"""Security Council membership by date: the five permanent seats and the elected members' terms, 1946–2026.

`data/sc_seats.csv` has one row per seat held: `state_id, seat_from, seat_to (exclusive, empty while held),
permanent`. Elected terms run two years from 1 January; the exceptions are in the table as they happened:
the first elected members of 1946 (three served one year), the split terms of 1956–57 (Yugoslavia/Philippines),
1960–61 (Poland/Turkey), 1961–62 (Liberia/Ireland), 1962–63 (Romania/Philippines), 1964–65
(Czechoslovakia/Malaysia) and 2017–18 (Italy/Netherlands), the one-year terms of New Zealand and Uganda when the
Council grew from 11 to 15 members on 1 January 1966, and Democratic Yemen's 1990–91 term, continued by Yemen
after the union of 22 May 1990.

China: the permanent seat "China" is one seat and one state id, `CHN`, throughout. The Republic of China held it
until the General Assembly's resolution 2758 (XXVI) of 25 October 1971 gave it to the People's Republic of China.
Sources that code the ROC apart (Voeten: COW 713 "Taiwan", ISO `TWN`/`TW`) resolve to `CHN` before that day
(see `data/aliases.csv`), as the UN Digital Library and the UN's own records do.

USSR: the Soviet Union (`SUN`) held its permanent seat until 24 December 1991, when the Russian Federation
(`RUS`) continued it.

The table was built from the votes in navya_undata (1946–2021) and unxml_sc (2000–2026), cross-checked against
oliverunv_sc (1994–2025) and the UN Digital Library excerpt (1982, 2025), and against the UN's list of members.
It is complete to 31 December 2026. For 2027 it holds only the five members elected for 2026–27: the June 2026
election for 2027–28 is in no source here, so `members_on` in 2027 returns 10 states until it is added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from unvotes.refdata import rows

EXPANDED = dt.date(1966, 1, 1)  # the amendment of Article 23 in force: 15 members instead of 11


@dataclass(frozen=True)
class Seat:
    state_id: str
    seat_from: dt.date
    seat_to: dt.date | None  # exclusive; None while held
    permanent: bool

    def held_on(self, day: dt.date) -> bool:
        return self.seat_from <= day and (self.seat_to is None or day < self.seat_to)


@cache
def seats() -> tuple[Seat, ...]:
    """Every seat held on the Council, permanent and elected, in the order of the table."""
    return tuple(
        Seat(
            r["state_id"],
            dt.date.fromisoformat(r["seat_from"]),
            dt.date.fromisoformat(r["seat_to"]) if r["seat_to"] else None,
            r["permanent"] == "true",
        )
        for r in rows("sc_seats.csv")
    )


def members_on(day: dt.date) -> list[str]:
    """The state ids on the Council on a day, sorted."""
    return sorted(s.state_id for s in seats() if s.held_on(day))


def permanent_on(day: dt.date) -> list[str]:
    """The permanent members on a day, sorted (CHN, FRA, GBR, SUN or RUS, USA)."""
    return sorted(s.state_id for s in seats() if s.permanent and s.held_on(day))


def elected_on(day: dt.date) -> list[str]:
    """The elected (non-permanent) members on a day, sorted."""
    return sorted(s.state_id for s in seats() if not s.permanent and s.held_on(day))


def size_on(day: dt.date) -> int:
    """The Council's size under the Charter: 11 before 1 January 1966, 15 from then."""
    return 11 if day < EXPANDED else 15


def is_member(state_id: str, day: dt.date) -> bool:
    """Whether a state sat on the Council on a day."""
    return any(s.state_id == state_id and s.held_on(day) for s in seats())
