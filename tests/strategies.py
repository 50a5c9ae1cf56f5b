"""Hypothesis strategies: tallies, per-state votes, permanent members, council dates, ballots, damaged files."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from unvotes.models import Vote
from unvotes.rules.decision import Options, Tally

GA_MEMBERSHIP = 193
P5_TODAY = ("CHN", "FRA", "GBR", "RUS", "USA")
ELECTED_IDS = tuple(f"E{n:02d}" for n in range(1, 11))  # stand-ins for the ten elected members
GA_IDS = tuple(f"S{n:03d}" for n in range(1, GA_MEMBERSHIP + 1))


@st.composite
def tallies(
    draw: st.DrawFn, members: int = GA_MEMBERSHIP, min_yes: int = 0, max_yes: int | None = None
) -> Tally:
    """A tally of at most `members` votes, yes between `min_yes` and `max_yes`."""
    yes = draw(st.integers(min_yes, min(members, members if max_yes is None else max_yes)))
    no = draw(st.integers(0, members - yes))
    abstain = draw(st.integers(0, members - yes - no))
    non_voting = draw(st.integers(0, members - yes - no - abstain))
    return Tally(yes, no, abstain, non_voting)


def ga_tallies() -> st.SearchStrategy[Tally]:
    return tallies(GA_MEMBERSHIP)


def sc_tallies(min_yes: int = 0, max_yes: int | None = None, size: int = 15) -> st.SearchStrategy[Tally]:
    return tallies(size, min_yes, max_yes)


def p5_subsets(members: tuple[str, ...] = P5_TODAY) -> st.SearchStrategy[tuple[str, ...]]:
    """Some of the permanent members, sorted."""
    return st.lists(st.sampled_from(members), unique=True).map(lambda ids: tuple(sorted(ids)))


def votes() -> st.SearchStrategy[Vote]:
    return st.sampled_from(list(Vote))


def sc_votes() -> st.SearchStrategy[dict[str, Vote]]:
    """Per-state votes of today's fifteen members; a permanent member may be missing (absent)."""
    p5 = st.dictionaries(st.sampled_from(P5_TODAY), votes())
    elected = st.fixed_dictionaries({s: votes() for s in ELECTED_IDS})
    return st.tuples(p5, elected).map(lambda pair: {**pair[0], **pair[1]})


def ga_votes() -> st.SearchStrategy[dict[str, Vote]]:
    """Per-state votes of some of the 193 members."""
    return st.dictionaries(st.sampled_from(GA_IDS), votes(), max_size=GA_MEMBERSHIP)


def council_dates() -> st.SearchStrategy[dt.date]:
    """Days from the Charter's entry into force to the end of 2030."""
    return st.dates(dt.date(1945, 10, 24), dt.date(2030, 12, 31))


def options() -> st.SearchStrategy[Options]:
    """Any combination of the choices on unconfirmed points."""
    return st.builds(
        Options,
        p5_absence_is_veto=st.booleans(),
        zero_votes_adopts=st.booleans(),
        art19_in_committees=st.booleans(),
        obligatory_abstention=st.booleans(),
        reconsideration_two_thirds=st.booleans(),
        committees_simple_majority=st.booleans(),
        committee_reconsideration_two_thirds=st.booleans(),
        restricted_ballot_run=st.integers(0, 5),
        restricted_per_place=st.integers(1, 3),
    )


@st.composite
def ballots(draw: st.DrawFn, seats: int = 1) -> tuple[dict[str, int], int, int]:
    """Votes per candidate on one ballot, the valid ballots and the abstentions, consistent with each other."""
    valid = draw(st.integers(1, GA_MEMBERSHIP))
    abstentions = draw(st.integers(0, valid))
    pv = valid - abstentions
    names = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=8, unique=True))
    counts: dict[str, int] = {}
    budget = seats * pv
    for name in names:
        counts[name] = draw(st.integers(0, min(pv, budget)))
        budget -= counts[name]
    return counts, valid, abstentions


# --- damaged files, for the parser fuzz ---------------------------------------------------------------------

NASTY_BYTES = (
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b'"',
    b",",
    b"\n",
    b"\r",
    b"{",
    b"[",
    b"}",
    b"1e309",
    b"-1",
    b"\xc3",
)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """A file's bytes with one to three damages: cut short, a byte changed, nasty bytes inserted, a line
    repeated or a stretch removed."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_damage(data))
    return data


def _damage(data: bytes) -> st.SearchStrategy[bytes]:
    size = max(len(data), 1)
    at = st.integers(0, size - 1)
    return st.one_of(
        at.map(lambda i: data[:i]),
        st.tuples(at, st.integers(0, 255)).map(lambda t: data[: t[0]] + bytes([t[1]]) + data[t[0] + 1 :]),
        st.tuples(at, st.sampled_from(NASTY_BYTES)).map(lambda t: data[: t[0]] + t[1] + data[t[0] :]),
        at.map(lambda i: data + data[data.rfind(b"\n", 0, i) + 1 : i] + b"\n"),
        st.tuples(at, at).map(lambda t: data[: min(t)] + data[max(t) :]),
    )
