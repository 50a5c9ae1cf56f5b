"""Elections by secret ballot (GA rules 92-94; ICJ Statute Art. 10): who is elected on one ballot, and what comes next.

Members present and voting are the valid ballots less the abstentions (rule 92). The majority depends on the
body: two-thirds of PV for Security Council and ECOSOC seats, a simple majority of PV by default, an absolute
majority of the membership for the Human Rights Council (97 of 193) and for ICJ judges in each organ (97 in the
Assembly, 8 of 15 in the Council, no veto). After an inconclusive ballot the next one is restricted to the
best-placed candidates: the top two for one place (rule 93), at most twice the places left for several (rule 94),
alternating runs of three restricted and three unrestricted ballots [K]. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from unvotes.rules.decision import DEFAULT_OPTIONS, Options
from unvotes.rules.explain import listing, plural

_ROP = "GA rules of procedure, rule "


class ElectionRule(StrEnum):
    """The majority an election needs."""

    TWO_THIRDS = "two-thirds"  # SC non-permanent and ECOSOC seats: Art. 18(2), rule 83
    SIMPLE = "simple"  # other bodies by default: Art. 18(3) [K]
    ABSOLUTE_MEMBERSHIP = "absolute majority of the membership"  # Human Rights Council: res. 60/251
    ICJ_GA = "ICJ, General Assembly"  # absolute majority of the Assembly's members: ICJ Statute Art. 10(1)
    ICJ_SC = (
        "ICJ, Security Council"  # absolute majority of the Council's members, no veto: ICJ Statute Art. 10
    )


BASIS = {
    ElectionRule.TWO_THIRDS: ("UN Charter Art. 18(2)", _ROP + "83", _ROP + "92"),
    ElectionRule.SIMPLE: ("UN Charter Art. 18(3)", _ROP + "92"),
    ElectionRule.ABSOLUTE_MEMBERSHIP: ("GA resolution 60/251", _ROP + "92"),
    ElectionRule.ICJ_GA: ("ICJ Statute Art. 10(1)",),
    ElectionRule.ICJ_SC: ("ICJ Statute Art. 10(1)", "ICJ Statute Art. 10(2)"),
}
ICJ = frozenset({ElectionRule.ICJ_GA, ElectionRule.ICJ_SC})
MEMBERSHIP_RULES = ICJ | {ElectionRule.ABSOLUTE_MEMBERSHIP}
GA_MEMBERSHIP = 193
SC_MEMBERSHIP = 15


@dataclass(frozen=True)
class ElectionResult:
    """One ballot decided: who is elected, the majority required, and the restriction on the next ballot."""

    rule: ElectionRule
    ballot: int
    votes: tuple[tuple[str, int], ...]  # candidates, most votes first
    valid_ballots: int
    abstentions: int
    present_and_voting: int
    required: int
    seats: int
    elected: tuple[str, ...]  # most votes first
    threshold: str
    basis: tuple[str, ...]
    restricted_to: tuple[str, ...] | None = (
        None  # the next ballot's candidates; None: unrestricted or none needed
    )
    lots: tuple[str, ...] = ()  # tied candidates between whom the President draws lots (rule 93)
    explanation: str = ""

    @property
    def places_left(self) -> int:
        return self.seats - len(self.elected)


def required_votes(rule: ElectionRule, present_and_voting: int, membership: int) -> int:
    """Votes a candidate needs: ceil(2PV/3), floor(PV/2)+1 or floor(membership/2)+1."""
    if rule in MEMBERSHIP_RULES:
        return membership // 2 + 1
    if rule is ElectionRule.TWO_THIRDS:
        return max(1, -(-2 * present_and_voting // 3))
    return present_and_voting // 2 + 1


def threshold_words(rule: ElectionRule, membership: int) -> str:
    if rule is ElectionRule.TWO_THIRDS:
        return "two-thirds of the members present and voting"
    if rule is ElectionRule.SIMPLE:
        return "a majority of the members present and voting"
    return f"an absolute majority of the {membership} members"


def elect(
    votes: Mapping[str, int],
    *,
    valid_ballots: int,
    abstentions: int = 0,
    seats: int = 1,
    rule: ElectionRule,
    membership: int | None = None,
    ballot: int = 1,
    options: Options = DEFAULT_OPTIONS,
) -> ElectionResult:
    """Decide ballot number `ballot`; `membership` defaults to 193 (15 for ICJ_SC)."""
    members = membership or (SC_MEMBERSHIP if rule is ElectionRule.ICJ_SC else GA_MEMBERSHIP)
    pv = valid_ballots - abstentions
    _check(votes, valid_ballots, abstentions, seats, ballot, pv)
    ranked = tuple(sorted(votes.items(), key=lambda item: (-item[1], item[0])))
    required = required_votes(rule, pv, members)
    elected = _elected(ranked, required, seats)
    unelected = tuple(item for item in ranked if item[0] not in elected)
    restricted = _restriction(rule, unelected, seats - len(elected), ballot, options)
    lots = _lots(rule, unelected, seats - len(elected), ballot, options)
    result = ElectionResult(
        rule, ballot, ranked, valid_ballots, abstentions, pv, required, seats, elected,
        threshold_words(rule, members), BASIS[rule] + _ballot_basis(rule, seats), restricted, lots,
    )  # fmt: skip
    return _explained(result)


def _check(votes: Mapping[str, int], valid: int, abstentions: int, seats: int, ballot: int, pv: int) -> None:
    if seats < 1 or ballot < 1:
        raise ValueError(
            f"an election needs at least one seat and ballot number 1 or more, not seats={seats}, ballot={ballot}"
        )
    if not 0 <= abstentions <= valid:
        raise ValueError(f"abstentions ({abstentions}) must lie between 0 and the valid ballots ({valid})")
    wrong = sorted(c for c, n in votes.items() if not 0 <= n <= pv)
    if wrong:
        raise ValueError(
            f"votes must lie between 0 and the {pv} members present and voting: {', '.join(wrong)}"
        )
    if sum(votes.values()) > seats * pv:
        raise ValueError(
            f"{sum(votes.values())} votes exceed {seats} per ballot of the {pv} members present and voting"
        )


def _elected(ranked: tuple[tuple[str, int], ...], required: int, seats: int) -> tuple[str, ...]:
    """Those with the majority, most votes first, up to `seats`; candidates tied for the last place are not elected."""
    qualified = [item for item in ranked if item[1] >= required]
    if len(qualified) <= seats:
        return tuple(c for c, _ in qualified)
    cut = qualified[seats][1]
    return tuple(c for c, n in qualified[:seats] if n > cut)


def restricted_ballot(ballot: int, options: Options = DEFAULT_OPTIONS) -> bool:
    """Whether ballot number `ballot` is restricted: 1 is free, then runs of `restricted_ballot_run` alternate."""
    if ballot == 1:
        return False
    run = options.restricted_ballot_run
    return run == 0 or ((ballot - 2) // run) % 2 == 0


def _restriction(
    rule: ElectionRule, unelected: tuple[tuple[str, int], ...], places: int, ballot: int, options: Options
) -> tuple[str, ...] | None:
    """The candidates admitted to the next ballot, ties at the cut included; None when it is free or not needed."""
    if places == 0 or rule in ICJ or not restricted_ballot(ballot + 1, options):
        return None
    room = options.restricted_per_place * places
    if len(unelected) <= room:
        return tuple(c for c, _ in unelected)
    cut = unelected[room - 1][1]
    return tuple(c for c, n in unelected if n >= cut)


def _lots(
    rule: ElectionRule, unelected: tuple[tuple[str, int], ...], places: int, ballot: int, options: Options
) -> tuple[str, ...]:
    """Rule 93: a tie on a restricted ballot for one place under a simple majority is settled by lot."""
    if rule is not ElectionRule.SIMPLE or places != 1 or not restricted_ballot(ballot, options):
        return ()
    tied = tuple(c for c, n in unelected if unelected and n == unelected[0][1])
    return tied if len(tied) > 1 else ()


def _ballot_basis(rule: ElectionRule, seats: int) -> tuple[str, ...]:
    if rule in ICJ:
        return ()
    return (_ROP + ("93" if seats == 1 else "94"),)


def _explained(result: ElectionResult) -> ElectionResult:
    text = f"{_needed_sentence(result)} {_votes_sentence(result)}{_next_sentence(result)}"
    return replace(result, explanation=text)


def _needed_sentence(r: ElectionResult) -> str:
    places = plural(r.seats, "place")
    if r.rule in MEMBERSHIP_RULES:
        return f"Ballot {r.ballot}, for {places}, required {r.threshold}, {plural(r.required, 'vote')}."
    abstained = f" less {plural(r.abstentions, 'abstention')}" if r.abstentions else ""
    return (
        f"Ballot {r.ballot}, for {places}, required {r.threshold}: {plural(r.valid_ballots, 'valid ballot')}{abstained}"
        f" left {r.present_and_voting} present and voting, so {plural(r.required, 'vote')} were needed."
    )


def _votes_sentence(r: ElectionResult) -> str:
    shares = [
        f"{c} received {plural(n, 'vote')}" if i == 0 else f"{c} {n}" for i, (c, n) in enumerate(r.votes)
    ]
    received = listing(shares) or "No candidate received any votes"
    if not r.elected:
        return f"{received}; no candidate was elected."
    return f"{received}; {listing(list(r.elected))} {'was' if len(r.elected) == 1 else 'were'} elected."


def _next_sentence(r: ElectionResult) -> str:
    if r.places_left == 0:
        return ""
    if r.lots:
        return f" The tie between {listing(list(r.lots))} is settled by the President drawing lots (rule 93)."
    left = f"{plural(r.places_left, 'place')} {'remains' if r.places_left == 1 else 'remain'}"
    if r.restricted_to is None:
        return f" {left}; the next ballot is open to any eligible candidate."
    return f" {left}; the next ballot is restricted to {listing(list(r.restricted_to))}."
