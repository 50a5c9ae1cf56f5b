"""Claims about votes found in one sentence: counts, lists, outcomes, vetoes, membership, derived numbers, dates
and changes, each with its span and what it asserts.

Every extractor takes the sentence and the states named in it and returns `Claim`s; `claims()` runs them all,
leaving out a claim whose span another, earlier one already holds ("17 countries" in "voted with 17
countries" is one claim, not two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from unvotes.factcheck import lexicon as lx
from unvotes.factcheck.names import Mention
from unvotes.factcheck.numbers import NUM, value
from unvotes.factcheck.text import Sentence

KINDS = ("count", "list", "outcome", "veto", "membership", "derived", "date", "change")
# A side (a vote value) → the count it adds to.
SIDE_FIELD = {"Y": "yes", "N": "no", "A": "abstain", "X": "non_voting"}


@dataclass
class Claim:
    kind: str
    start: int  # offsets in the sentence
    end: int
    data: dict[str, Any] = field(default_factory=dict)
    target: str = "main"  # "amendment" where the claim's own words name amendments ("vetoing European bids")


Extractor = Callable[[str, list[Mention]], list[Claim]]

W = lx.STATES_WORD


def _counts_of(field: str, *patterns: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Count extractors for one field, in order: each pattern's group `a` holds the number."""
    return tuple((pattern, (field,), "count") for pattern in patterns)


# (pattern, field or fields, kind): counts as written. Groups named a, b, c hold the numbers in field order.
COUNTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        rf"\bby (?:a vote of )?(?P<a>{NUM}) votes? to (?P<b>{NUM})(?:,? with (?P<c>{NUM}) abstentions?)?",
        ("yes", "no", "abstain"),
        "count",
    ),
    (
        rf"(?<![\w/-])(?P<a>\d{{1,3}})\s?[-–]\s?(?P<b>\d{{1,3}})(?:\s?[-–]\s?(?P<c>\d{{1,3}}))?(?![\w/-])(?:,? with (?P<c2>{NUM}) abstentions?)?",
        ("yes", "no", "abstain"),
        "count",
    ),
    (
        rf"\b(?:(?:votes? )?(?:against|no votes) and abstentions|abstentions and (?:votes? )?against)\b[^.;]{{0,30}}?\b(?:amounted to|totall?ed|came to|numbered|reached|added up to|were|of)\s+(?P<a>{NUM})",
        ("no+abstain",),
        "derived",
    ),
    (
        rf"(?P<a>{NUM}) (?:{W} )?(?:either )?(?:voted against or abstained|abstained or voted against|did not vote in favou?r|did not support it)",
        ("no+abstain",),
        "derived",
    ),
    (
        rf"(?P<a>{NUM}) (?:{W} )(?:took part|cast (?:a )?votes?|voted(?= on\b|[.,;]|$))",
        ("yes+no+abstain",),
        "derived",
    ),
    (
        rf"(?P<a>{NUM}) (?:{W} )?(?:did not vote|didn't vote|did not take part|were absent)",
        ("non_voting",),
        "count",
    ),
    (
        rf"\b(?:voted|vote of|votes? was|margin of|tally of) (?P<a>{NUM}) to (?P<b>{NUM})"
        rf"(?:,? with (?P<c>{NUM}) abstentions?)?",
        ("yes", "no", "abstain"),
        "count",
    ),
    (
        rf"\b(?:was|were|passed|carried|adopted|approved) (?P<a>{NUM}) to (?P<b>{NUM})"
        rf"(?:,? with (?P<c>{NUM}) abstentions?)?",
        ("yes", "no", "abstain"),
        "count",
    ),
    *_counts_of(
        "yes",
        rf"\bsupport of (?P<a>{NUM}) {W}",
        rf"\b(?:won|received|got|garnered|drew|secured|obtained) (?:only |just |a mere |the )?(?P<a>{NUM}) "
        r"(?:affirmative )?votes?\b(?! against| to)",
        rf"(?P<a>{NUM}) (?:{W} )?voted (?:for|yes)\b",
        rf"(?P<a>{NUM}) of (?:the )?(?:[\w.]+['’]s )?{NUM} {W} (?:voted )?(?:in favou?r|for it|supported|backed)",
        rf"\bby (?P<a>{NUM}) votes\b(?! to)",
        rf"\b(?:backed|supported|approved|endorsed) by (?P<a>{NUM})(?: {W}| of the)",
        rf"(?P<a>{NUM}) (?:{W} )?voted to (?!abstain)\w+",
        rf"(?P<a>{NUM}) (?:votes? |voted |{W} (?:voted |votes? )?)?(?:in favou?r|for it|yes votes|supported|backed|endorsed)\b",
        rf"(?P<a>{NUM}) votes? for\b",
    ),
    *_counts_of(
        "no",
        rf"(?P<a>{NUM}) (?:votes? |voted |{W} (?:voted |votes? )?)?against",
        rf"(?P<a>{NUM})(?: \w+){{0,3}}? (?:opposed|voted against|rejected) it",
        rf"(?P<a>{NUM}) (?:{W} )?(?:opposed|voted no)\b",
    ),
    *_counts_of("abstain", rf"(?P<a>{NUM}) (?:abstentions?|(?:{W} )?abstained|(?:{W} )?abstaining)"),
)


def claims(sentence: Sentence, found: list[Mention]) -> list[Claim]:
    """Every claim of one sentence, in order; `found` are the states named in it (offsets in the sentence)."""
    text = sentence.text
    if not lx.VOTE_WORDS.search(text):
        return []
    kept: list[Claim] = []
    for extract in EXTRACTORS:
        for claim in extract(text, found):
            if not any(claim.start < k.end and k.start < claim.end and _same_kind(claim, k) for k in kept):
                kept.append(claim)
    noun = lx.AMENDMENT_NOUN.search(text)
    if noun and not lx.DRAFT.search(text[: noun.start()]) and all(noun.start() < c.start for c in kept):
        for claim in kept:
            claim.target = "amendment"
    return sorted(kept, key=lambda c: (c.start, KINDS.index(c.kind)))


def _same_kind(a: Claim, b: Claim) -> bool:
    """Two claims that would say the same thing of the same words: counts (a derived sum is a count), or
    two of one kind other than lists (a list may overlap anything)."""
    numbers = ("count", "derived")
    return a.kind != "list" and (a.kind == b.kind or (a.kind in numbers and b.kind in numbers))


def _target(text: str, start: int, end: int) -> str:
    """Whether a claim's own words are about amendments."""
    after = re.split(r"\b(?:after|before|while|but|when|once)\b|[;,]", text[end : end + 30])[0]
    return "amendment" if lx.AMENDMENT.search(text[start:end] + after) else "main"


def unanimous(text: str, found: list[Mention]) -> list[Claim]:
    """ "adopted unanimously", "a unanimous vote": no vote against and no abstention."""
    out = []
    for m in re.finditer(r"\bunanimous(?:ly)?\b", text, re.IGNORECASE):
        if _about_a_text(text, m.start()) or re.search(
            r"\b(?:vote|adopted|passed|approved)\b", text[m.end() : m.end() + 12]
        ):
            out.append(Claim("count", m.start(), m.end(), {"fields": ["no", "abstain"], "values": [0, 0]}))
    return out


def the_only(text: str, found: list[Mention]) -> list[Claim]:
    """ "the only country to vote against": one state on that side."""
    pattern = r"\b(?:the only|the sole)\s+(?:country|state|nation|member|member state|council member|government)\s+(?:to|that|which|who)\s+(?P<verb>[^,;.]{0,30})"
    return _side_counts(text, pattern, lambda m: 1)


def count_with(text: str, found: list[Mention]) -> list[Claim]:
    """ "the US voted with 17 countries", "among the 17 countries that joined the United States"."""
    out = []
    pattern = rf"\b(?:voted |sided )?(?:with|alongside|joined by) (?P<n>{NUM}) (?:other )?{W}"
    for m in re.finditer(pattern, text, re.IGNORECASE):
        group = _subjects_before(found, m.start(), text)
        if group:
            data = {"n": value(m["n"]), "anchor": group[0], "side": _side_near(text, m.end())}
            if len(group) > 1:
                data["group"] = group
            out.append(Claim("count", m.start(), m.end(), data))
    pattern = rf"\b(?:among|one of) the (?P<n>{NUM}) {W} (?:that|which|who) (?:joined|sided with|voted with) "
    for m in re.finditer(pattern, text, re.IGNORECASE):
        anchor = next((f for f in found if f.start >= m.end() and f.start - m.end() < 5), None)
        if anchor:
            out.append(
                Claim(
                    "count", m.start(), anchor.end, {"n": value(m["n"]), "anchor": anchor.state, "side": None}
                )
            )
    return out


def _subjects_before(found: list[Mention], offset: int, text: str) -> list[str]:
    """The voters named in the clause before an offset ("The United States and Israel … along with eight
    other countries"): the last one, with those listed with it."""
    voters = [f for f in found if f.end <= offset and _can_vote(text, f)]
    if not voters:
        return []
    group = [voters[-1]]
    for previous in reversed(voters[:-1]):
        if not lx.LIST_GAP.match(text[previous.end : group[0].start]):
            break
        group.insert(0, previous)
    return list(dict.fromkeys(f.state for f in group))


def among_total(text: str, found: list[Mention]) -> list[Claim]:
    """ "X was one of 18 countries that voted against": the number of states on that side."""
    pattern = rf"\b(?:among|one of) (?:the )?(?P<n>{NUM}) {W} (?:that |which |who )?(?P<verb>[^,;.]{{0,30}})"
    return _side_counts(text, pattern, lambda m: value(m["n"]))


def _side_counts(text: str, pattern: str, number: Callable[[re.Match[str]], int]) -> list[Claim]:
    """A count claim for each match whose `verb` names a side: that many states voted so."""
    out = []
    for m in re.finditer(pattern, text, re.IGNORECASE):
        side = _first_side(m["verb"])
        if side:
            out.append(
                Claim("count", m.start(), m.end(), {"fields": [SIDE_FIELD[side]], "values": [number(m)]})
            )
    return out


def counts_around_list(text: str, found: list[Mention]) -> list[Claim]:
    """ "Thirty-five countries, including China and India, abstained": a count with its list set off."""
    out = []
    pattern = (
        rf"(?P<a>{NUM}) {W}\s*(?:,|—|–|-)[^;.]{{0,160}}?(?:,|—|–|\s-)\s*"
        r"(?P<verb>(?:voted|abstained|abstaining|opposed|backed|supported|rejected)\b[^;.,]{0,25})"
    )
    for m in re.finditer(pattern, text, re.IGNORECASE):
        side = _first_side(m["verb"])
        if side:
            name = SIDE_FIELD[side]
            out.append(Claim("count", m.start(), m.end("a"), {"fields": [name], "values": [value(m["a"])]}))
    return out


def counts(text: str, found: list[Mention]) -> list[Claim]:
    """Counts as written: "94-14 with 73 abstentions", "the support of 93 countries", "just five opposed it"."""
    out = []
    for pattern, fields, kind in COUNTS:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if _inside_date_or_member(text, m):
                continue
            numbers = [m.group(g) for g in ("a", "b", "c") if g in m.re.groupindex]
            if "c2" in m.re.groupindex and m["c2"]:
                numbers[2] = m["c2"]
            pairs = [(f, value(n)) for f, n in zip(fields, numbers, strict=False) if n]
            pairs = _rejected_order(text, m, pairs)
            if kind == "count" and len(fields) == 3 and pairs[0][1] + pairs[1][1] < 3:
                continue
            out.append(
                Claim(
                    kind,
                    m.start(),
                    m.end(),
                    {"fields": [p[0] for p in pairs], "values": [p[1] for p in pairs]},
                    _target(text, m.start(), m.end()),
                )
            )
    return out


def _rejected_order(text: str, m: re.Match[str], pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """ "rejected … by 71 votes to 31": a text turned down is reported against-first."""
    if len(pairs) >= 2 and pairs[0][1] < pairs[1][1] or len(pairs) < 2:
        return pairs
    if not re.search(r"\b(?:rejected|defeated|voted down|turned down)\b", text[: m.start()], re.IGNORECASE):
        return pairs
    return [("no", pairs[0][1]), ("yes", pairs[1][1]), *pairs[2:]]


def _inside_date_or_member(text: str, m: re.Match[str]) -> bool:
    """A number that is part of a date, a year range or "193-member", or the whole in "141 of the Assembly's
    193 members" (the part is the count)."""
    first = m.start("a")
    whole = re.search(rf"{NUM} of (?:the |its )?(?:[\w.]+['’]s )?$", text[:first], re.IGNORECASE)
    after = text[m.end("a") : m.end("a") + 8]
    return bool(whole or re.match(r"[-\s]member", after) or re.search(r"\d{4}", m.group(0)))


def lists(text: str, found: list[Mention]) -> list[Claim]:
    """Who voted how: one claim per clause and side, naming its states."""
    out = []
    for start, end in _clauses(text):
        asides = _asides(text, start, end)
        sides = [s for s in _sides(text, start, end) if not _inside(s[0], asides)]
        joined = _joined_anchor(text, found, start, end)
        groups: dict[str | None, list[Mention]] = {}
        for mention in found:
            if (
                start <= mention.start < end
                and _can_vote(text, mention)
                and not _inside(mention.start, asides)
            ):
                side = _side_of(text, mention, sides, start, found)
                if side or (joined and mention.start < joined.start):
                    groups.setdefault(side, []).append(mention)
        for side, members in groups.items():
            ids = list(
                dict.fromkeys(
                    m.state for m in members if not (joined and m.state == joined.state and side is None)
                )
            )
            if not ids:
                continue
            data = {"states": ids, "side": side, "anchor": joined.state if joined and side is None else None}
            first, last = members[0].start, max(m.end for m in members)
            span_end = max([last] + [e for _, e, v in sides if v == side and e <= end])
            out.append(Claim("list", first, span_end, data, _target(text[:end], first, span_end)))
    return [c for c in out if c.data["side"] or c.data["anchor"]]


def _asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The asides of a clause: relative clauses, and appositions that name no side."""
    found = [(m.start(), m.end()) for m in lx.RELATIVE_CLAUSE.finditer(text, start, end)]
    for m in lx.APPOSITION.finditer(text, start, end):
        if not any(p.search(m.group(0)) for p in lx.SIDES.values()):
            found.append((m.start(), m.end()))
    return found


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < offset < b for a, b in spans)


def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in lx.CLAUSE_BREAK.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# A side word that belongs to a number ("with just 31 countries in favour"), not to a state named before.
COUNTED = rf"{NUM}\s+(?:(?:{W}|votes?)\s+)?(?:voted\s+|votes?\s+)?$"


def _counted(text: str, offset: int) -> bool:
    """Whether the side word at `offset` belongs to a number before it."""
    return bool(re.search(COUNTED, text[max(0, offset - 40) : offset], re.IGNORECASE))


def _sides(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The side words of a clause (offset, end, side), negated ones left out."""
    found = []
    for side, pattern in lx.SIDES.items():
        for m in pattern.finditer(text, start, end):
            if not lx.NEGATION.search(text[max(0, m.start() - 25) : m.start()]):
                found.append((m.start(), m.end(), side))
    return sorted(found)


def _can_vote(text: str, mention: Mention) -> bool:
    """A mention that can name a voter: a name or capital; a demonym only as "the Australian government"."""
    if mention.kind == "demonym":
        return bool(lx.GOVERNMENT.match(text[mention.end :]))
    if lx.SPONSOR.match(text[mention.end :]) or lx.DRAFTED_BY.search(text[: mention.start]):
        return False
    possessive = re.match(r"['’]s\s+(\w+)", text[mention.end :])
    return not possessive or possessive.group(1).lower() in lx.POSSESSED


def _in_list(text: str, found_before: str) -> bool:
    return bool(lx.LIST_START.search(found_before))


def _side_of(
    text: str, mention: Mention, sides: list[tuple[int, int, str]], start: int, found: list[Mention]
) -> str | None:
    """The side a state took: after a list start ("including", "by") the side named before it, else the next
    (not across a veto or a relative clause; an aside between commas, "Brazil, which holds a seat, …", skipped)."""
    before = [s for s in sides if s[1] <= mention.start]
    after = [
        s
        for s in sides
        if s[0] >= mention.end and not _not_subject(text[mention.end : s[0]]) and not _counted(text, s[0])
    ]
    if _listed(text, mention, start, found):
        return before[-1][2] if before else (after[0][2] if after else None)
    return after[0][2] if after else None


def _not_subject(between: str) -> bool:
    """Whether the words between a state and a side word show that the side is not the state's."""
    plain = re.sub(r"\b(?:among|one of)\b[^,;]{0,40}?\b(?:that|which|who)\b", " ", between)
    plain = lx.RELATIVE_CLAUSE.sub(" ", plain)
    plain = lx.APPOSITION.sub(lambda m: m.group(0) if _names_a_side(m.group(0)) else " ", plain)
    return bool(lx.NOT_SUBJECT.search(plain))


def _names_a_side(text: str) -> bool:
    return any(p.search(text) for p in lx.SIDES.values())


def _listed(text: str, mention: Mention, start: int, found: list[Mention]) -> bool:
    """Whether a mention stands in a list that a list word opens ("including North Korea and Belarus")."""
    prior = [f for f in found if start <= f.start and f.end <= mention.start]
    at = mention.start
    for previous in [*reversed(prior), None]:
        if lx.LIST_START.search(text[start:at]):
            return True
        if previous is None or not lx.LIST_GAP.match(text[previous.end : at]):
            return False
        at = previous.start
    return False


def _joined_anchor(text: str, found: list[Mention], start: int, end: int) -> Mention | None:
    """The state others joined in a clause without a side of its own ("… that joined the United States")."""
    for mention in found:
        if start <= mention.start < end and JOINED.search(text[start : mention.start]):
            return mention
    return None


JOINED = re.compile(r"\b(?:joined|sided with|voted with|voted alongside)\s+$")


def _last_voter_before(found: list[Mention], offset: int, text: str) -> Mention | None:
    before = [f for f in found if f.end <= offset and _can_vote(text, f)]
    return before[-1] if before else None


def _side_near(text: str, offset: int) -> str | None:
    """The side named soon after an offset ("… with 17 countries — including … — against")."""
    return _first_side(text[offset : offset + 80])


def _first_side(text: str) -> str | None:
    hits = [(m.start(), side) for side, p in lx.SIDES.items() if (m := p.search(text))]
    return min(hits)[1] if hits else None


def outcomes(text: str, found: list[Mention]) -> list[Claim]:
    """Adopted, failed, vetoed (passively: "the draft was vetoed"), two-thirds met or missed; adopted without a
    vote (by consensus)."""
    out = [
        Claim("outcome", m.start(), m.end(), {"outcome": "without a vote"})
        for m in lx.WITHOUT_VOTE.finditer(text)
    ]
    every_failed = list(lx.FAILED.finditer(text))
    failed = [m for m in every_failed if _about_a_text(text, m.start()) or _names_a_text(m.group(0))]
    for m in failed:
        out.append(
            Claim("outcome", m.start(), m.end(), {"outcome": "failed"}, _target(text, m.start(), m.end()))
        )
    for m in lx.ADOPTED.finditer(text):
        if _about_a_text(text, m.start()) and not any(f.start() <= m.start() < f.end() for f in every_failed):
            out.append(
                Claim(
                    "outcome", m.start(), m.end(), {"outcome": "adopted"}, _target(text, m.start(), m.end())
                )
            )
    for m in lx.VETOED.finditer(text):
        out.append(
            Claim("outcome", m.start(), m.end(), {"outcome": "vetoed"}, _target(text, m.start(), m.end()))
        )
    for m in lx.TWO_THIRDS.finditer(text):
        met = not lx.SHORT_OF.search(text[max(0, m.start() - 40) : m.start()])
        out.append(Claim("outcome", m.start(), m.end(), {"outcome": "two-thirds", "met": met}))
    return out


def _names_a_text(words: str) -> bool:
    """Whether an outcome phrase names what failed ("failed to get its amendment adopted", "the Council
    rejected")."""
    return bool(lx.AMENDMENT_NOUN.search(words) or any(p.search(words) for p in lx.ORGANS.values()))


def _about_a_text(text: str, offset: int) -> bool:
    """Whether an outcome word has a text voted on, or the organ, for its subject: "the resolution was
    adopted", "the Assembly adopted", "it passed" (not "the talks failed")."""
    before = text[max(0, offset - 90) : offset]
    return bool(
        lx.DRAFT.search(before)
        or lx.AMENDMENT_NOUN.search(before)
        or any(p.search(before) for p in lx.ORGANS.values())
        or re.search(r"\b(?:it|which|that|they|both|all)\b[\s\w]{0,20}$", before, re.IGNORECASE)
        or lx.DRAFT.match(text[offset:].split(" ", 1)[-1])
    )


def vetoes(text: str, found: list[Mention]) -> list[Claim]:
    """Who vetoed ("Russia vetoed", "vetoed by Russia", "Russia's veto"), and who holds a veto."""
    out = []
    power = list(lx.VETO_POWER.finditer(text))
    for m in power:
        holder = _nearest(found, m, text)
        if holder:
            out.append(
                Claim(
                    "veto", min(holder.start, m.start()), max(holder.end, m.end()), {"holder": holder.state}
                )
            )
    for m in lx.VETO_WORD.finditer(text):
        if any(p.start() <= m.start() < p.end() for p in power):
            continue
        vetoer = _vetoer(text, found, m)
        if vetoer:
            out.append(
                Claim(
                    "veto",
                    min(vetoer.start, m.start()),
                    max(vetoer.end, m.end()),
                    {"vetoer": vetoer.state},
                    _target(text, m.start(), m.end()),
                )
            )
    for m in lx.PERMANENT.finditer(text):
        member = _nearest(found, m, text)
        if member:
            permanent = m.group(0).lower().startswith("permanent")
            out.append(
                Claim(
                    "veto",
                    min(member.start, m.start()),
                    max(member.end, m.end()),
                    {"member": member.state, "permanent": permanent},
                )
            )
    return out


def _vetoer(text: str, found: list[Mention], m: re.Match[str]) -> Mention | None:
    """Who a veto word names as vetoing: "vetoed by Russia", "a Russian veto", "Russia vetoed"; a passive
    "was vetoed" without "by" names no one."""
    by = re.match(r"\s+by\s+", text[m.end() :])
    if by:
        return next((f for f in found if f.start == m.end() + by.end()), None)
    adjective = next((f for f in found if f.kind == "demonym" and 0 <= m.start() - f.end <= 1), None)
    if adjective:
        return adjective
    if re.search(r"\b(?:was|were|been|be)\s+$", text[: m.start()]):
        return None
    return _subject_before(found, m.start(), text)


def _nearest(found: list[Mention], m: re.Match[str], text: str) -> Mention | None:
    """The state named closest to a phrase, within a few words, not across a clause break."""
    close = [
        f
        for f in found
        if (0 <= m.start() - f.end <= 25 or 0 <= f.start - m.end() <= 12) and f.kind != "demonym"
    ]
    close = [f for f in close if not re.search(r"[;.]", text[min(f.end, m.end()) : max(f.start, m.start())])]
    return min(close, key=lambda f: min(abs(m.start() - f.end), abs(f.start - m.end())), default=None)


def _subject_before(found: list[Mention], offset: int, text: str) -> Mention | None:
    """The state that is the subject of a verb at `offset`: the last voter named before it, in the sentence."""
    before = [
        f for f in found if f.end <= offset and (f.kind != "demonym" or lx.GOVERNMENT.match(text[f.end :]))
    ]
    before = [f for f in before if not lx.SPONSOR.match(text[f.end :])]
    return before[-1] if before else None


def membership(text: str, found: list[Mention]) -> list[Claim]:
    """ "the 193-member General Assembly", "the 15-member council"."""
    out = []
    pattern = (
        rf"(?P<n>{NUM})[- ](?:members?|nations?|seats?|strong)(?:\s+(?:UN|United Nations))?\s+"
        r"(?P<body>General Assembly|Assembly|Security Council|[Cc]ouncil|body|world body|UN)\b"
    )
    found_ = list(re.finditer(pattern, text, re.IGNORECASE))
    found_ += re.finditer(
        rf"(?P<body>Assembly|Council|UN)['’]s (?P<n>{NUM}) (?:member states|members)\b", text, re.IGNORECASE
    )
    for m in found_:
        body = m["body"].lower()
        organ = (
            "SC"
            if "council" in body
            else "GA"
            if "assembly" in body or body in ("un", "world body")
            else None
        )
        out.append(Claim("membership", m.start(), m.end(), {"n": value(m["n"]), "organ": organ}))
    return out


def changes(text: str, found: list[Mention]) -> list[Claim]:
    """ "in contrast to the previous administration", "a stunning turnaround": the state voted otherwise before."""
    m = lx.CHANGE.search(text)
    if not m:
        return []
    subject = next(
        (
            f
            for f in found
            if f.kind != "demonym"
            and not lx.SPONSOR.match(text[f.end :])
            or text[f.end : f.end + 2] in ("'s", "’s")
        ),
        None,
    )
    if subject is None:
        return []
    return [Claim("change", m.start(), m.end(), {"state": subject.state})]


EXTRACTORS: tuple[Extractor, ...] = (
    membership,
    unanimous,
    the_only,
    count_with,
    among_total,
    counts_around_list,
    counts,
    outcomes,
    vetoes,
    lists,
    changes,
)
