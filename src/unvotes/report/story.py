"""The news story of a vote or a day, written from `views.story.story_facts`: plain, neutral news English, each
sentence with the evidence it rests on (the vote, its counts, the states it names, the rule). Nothing is written
that the facts do not hold; where the record is incomplete the story says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from unvotes.models import VOTE_WORDS
from unvotes.refdata import blocs, council
from unvotes.report.names import bare_name, by_name, capital, listed, short_name

ORGANS = {"GA": "General Assembly", "SC": "Security Council"}
NOTABLE = 6  # states named "among them" when a group is larger than LIST_ALL
LIST_ALL = 20  # a group this small is named in full
BLOC_SENTENCES = 5
ALWAYS_SPLIT = ("eu", "nato", "g7", "brics")
CAVEAT_AFTERWARDS = (
    "States sometimes tell the Secretariat after a vote that they had meant to vote otherwise; such statements "
    "are noted in the meeting record but do not change the vote as recorded."
)
SPELLINGS = ("british", "american")
SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
BARE_BLOCS = ("nato", "brics")  # names that take no article


class Writer:
    """Writes the sentences of one story in one spelling."""

    def __init__(self, facts: dict[str, Any], spelling: str = "british") -> None:
        if spelling not in SPELLINGS:
            raise ValueError(f"unknown spelling {spelling!r}: use british or american")
        self.facts = facts
        self.spelling = spelling
        self.day = dt.date.fromisoformat(facts["date"])

    # ---- words ---------------------------------------------------------------------------------------------
    def favour(self) -> str:
        return "favor" if self.spelling == "american" else "favour"

    def date(self, day: dt.date | str | None = None) -> str:
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day or self.day
        if self.spelling == "american":
            return f"{day:%B} {day.day}, {day.year}"
        return f"{day.day} {day:%B} {day.year}"

    def tally(self, counts: dict[str, int]) -> str:
        """ "93 votes to 18, with 65 abstentions"."""
        against = counts["no"] or "none"
        text = f"{counts['yes']} votes to {against}"
        abstain = counts["abstain"]
        if abstain:
            text += f", with {abstain} abstention{'s' if abstain != 1 else ''}"
        return text

    def by(self, vote: dict[str, Any]) -> str:
        """ " by 93 votes to 18, with 65 abstentions", or what the record lacks; and whether the rules, not the
        record, give the outcome."""
        text = (
            f" by {self.tally(vote['counts'])}"
            if vote["counts_known"]
            else "; the record does not give its full count"
        )
        if not vote["outcome_recorded"] and vote["outcome"]:
            text += " (the record states no outcome: this is the rules' decision from the count)"
        return text

    def cast(self, counts: dict[str, int]) -> str:
        """ "9 votes in favour, 1 against and 5 abstentions"."""
        return (
            f"{counts['yes']} vote{'s' if counts['yes'] != 1 else ''} in {self.favour()}, {counts['no']} against "
            f"and {counts['abstain']} abstention{'s' if counts['abstain'] != 1 else ''}"
        )

    # ---- the story -----------------------------------------------------------------------------------------
    def story(self) -> dict[str, Any]:
        paragraphs: list[dict[str, Any]] = []
        caveats: list[str] = []
        for organ in self.facts["organs"]:
            section = self._organ(organ, caveats)
            paragraphs += section
        lead = self._lead_vote()
        caveats.append(CAVEAT_AFTERWARDS)
        return {
            "target": self.facts["target"],
            "date": self.facts["date"],
            "spelling": self.spelling,
            "headline": self._headline(lead) if lead else f"No recorded vote on {self.date()}",
            "lead": lead["id"] if lead else None,
            "paragraphs": [p for p in paragraphs if p["sentences"]],
            "box": [
                self._box(v, o["organ"]) for o in self.facts["organs"] for v in o["votes"] if v["per_state"]
            ],
            "caveats": list(dict.fromkeys(caveats)),
        }

    def _lead_vote(self) -> dict[str, Any] | None:
        for organ in self.facts["organs"]:
            if organ["votes"]:
                return {**organ["votes"][0], "organ": organ["organ"], "members": organ["members"]}
        return None

    def _headline(self, vote: dict[str, Any]) -> str:
        organ = ORGANS.get(vote["organ"], vote["organ"])
        what = _short_title(vote) or _name(vote)
        counts = vote["counts"]
        numbers = f"{counts['yes']}–{counts['no']}–{counts['abstain']}"
        verb = {"adopted": "adopts", "rejected": "rejects", "vetoed": "fails to adopt"}.get(
            vote["outcome"] or "", "votes on"
        )
        if vote["outcome"] == "vetoed":
            return f"Veto in the UN Security Council: {what} fails, {numbers}"
        return f"UN {organ} {verb} {what}, {numbers}"

    def _organ(self, organ: dict[str, Any], caveats: list[str]) -> list[dict[str, Any]]:
        votes = organ["votes"]
        if not votes:
            return []
        main = votes[0]
        write = self._general_assembly if organ["organ"] != "SC" else self._security_council
        return write(organ, main, votes[1:], caveats)

    # ---- the General Assembly ------------------------------------------------------------------------------
    def _general_assembly(
        self, organ: dict[str, Any], main: dict[str, Any], rest: list[dict[str, Any]], caveats: list[str]
    ) -> list[dict[str, Any]]:
        name = ORGANS.get(organ["organ"], organ["organ"])
        out = [_paragraph("lede", [self._lede(organ, main)])]
        if main["per_state"]:
            out.append(_paragraph("alignment", self._alignment(main)))
            out.append(_paragraph("blocs", self._blocs(main)))
            out.append(_paragraph("turn", self._turns(main)))
        else:
            caveats.append(
                f"The record holds no per-state votes for {_name(main)}: who voted how is not known here."
            )
        amendments = _in_order([v for v in rest if v["kind"] == "amendment"], organ["order"])
        others = [v for v in rest if v["kind"] != "amendment"]
        out.append(_paragraph("amendments", self._amendments(name, amendments, caveats)))
        out.append(_paragraph("others", [self._other(name, v) for v in others]))
        out.append(_paragraph("order", [self._order(organ)] if len(organ["order"]) > 1 else []))
        return out

    def _lede(self, organ: dict[str, Any], vote: dict[str, Any]) -> dict[str, Any]:
        name = ORGANS.get(organ["organ"], organ["organ"])
        verb = {"adopted": "adopted", "rejected": "rejected"}.get(vote["outcome"] or "", "voted on")
        what = _described(vote)
        text = f"The United Nations {name} on {self.date()} {verb} {what}{self.by(vote)}."
        absent = vote["counts"]["non_voting"] if vote["per_state"] or vote["counts_printed"] else None
        if absent:
            text += f" Of its {organ['members']} members, {absent} did not vote."
        return _sentence(text, vote, counts=vote["counts"], members=organ["members"])

    def _alignment(self, vote: dict[str, Any]) -> list[dict[str, Any]]:
        """The permanent members' votes, then the camp of the first notable state in the minority."""
        permanent = council.permanent_on(self.day)
        sentences = [self._permanent(vote, permanent)]
        minority = "no" if vote["counts"]["no"] <= vote["counts"]["yes"] else "yes"
        camp = vote["states"][minority]
        turned = [t["state"] for t in vote["turns"] if t["state"] in camp]
        leader = next((s for s in [*turned, *permanent] if s in camp), camp[0] if camp else None)
        if leader and len(camp) > 1:
            sentences.append(self._camp(vote, leader, minority))
        notable = [s for s in blocs.notable_states(self.day) if s not in permanent]
        abstainers = [s for s in notable if s in vote["states"]["abstain"]][:NOTABLE]
        if abstainers:
            text = f"Among those abstaining were {listed(abstainers, self.day)}."
            sentences.append(_sentence(text, vote, named=dict.fromkeys(abstainers, "abstain")))
        return sentences

    def _permanent(self, vote: dict[str, Any], permanent: list[str]) -> dict[str, Any]:
        parts = []
        words = {
            "yes": f"voted in {self.favour()}",
            "no": "voted against",
            "abstain": "abstained",
            "absent": "did not vote",
        }
        named: dict[str, str] = {}
        for word, phrase in words.items():
            chosen = [s for s in permanent if s in vote["states"][word]]
            if chosen:
                parts.append(f"{listed(chosen, self.day)} {phrase}")
                named |= dict.fromkeys(chosen, word)
        text = "Among the permanent members of the Security Council, " + "; ".join(parts) + "."
        return _sentence(text, vote, named=named)

    def _camp(self, vote: dict[str, Any], leader: str, word: str) -> dict[str, Any]:
        camp = vote["states"][word]
        others = [s for s in camp if s != leader]
        phrase = "voted against" if word == "no" else f"voted in {self.favour()}"
        if len(others) <= LIST_ALL:
            named = by_name(others, self.day)
            text = f"{capital(short_name(leader, self.day))} {phrase}, with {len(others)} other members: {listed(named, self.day)}."
        else:
            named = [s for s in blocs.notable_states(self.day) if s in others][:NOTABLE]
            text = f"{capital(short_name(leader, self.day))} {phrase}, with {len(others)} other members"
            text += f", among them {listed(named, self.day)}." if named else "."
        return _sentence(text, vote, named=dict.fromkeys(camp, word))

    def _blocs(self, vote: dict[str, Any]) -> list[dict[str, Any]]:
        chosen = [
            b
            for b in vote["blocs"]
            if b["bloc"] in ALWAYS_SPLIT or sum(len(x) for x in b["others"].values()) <= 3
        ]
        return [self._bloc(vote, b) for b in chosen[:BLOC_SENTENCES]]

    def _bloc(self, vote: dict[str, Any], bloc: dict[str, Any]) -> dict[str, Any]:
        words = {"yes": f"voted in {self.favour()}", "no": "voted against", "abstain": "abstained"}
        cast = sum(bloc["counts"].values())
        name = bloc["name"] if bloc["bloc"] in BARE_BLOCS else f"the {bloc['name']}"
        majority = bloc["majority"]
        text = f"{capital(name)} was divided: of its {cast} members that voted, {bloc['counts'][majority]} {words[majority]}"
        named: dict[str, str] = {}
        for word, states in bloc["others"].items():
            if len(states) <= NOTABLE:
                text += f"; {listed(by_name(states, self.day), self.day)} {words[word]}"
                named |= dict.fromkeys(states, word)
            else:
                text += f"; {len(states)} {words[word]}"
        return _sentence(text + ".", vote, named=named, bloc=bloc["bloc"], bloc_counts=bloc["counts"])

    def _turns(self, vote: dict[str, Any]) -> list[dict[str, Any]]:
        """Notable states that changed their vote since the previous vote on the question, grouped by change."""
        groups: dict[tuple[str, str, str, str], list[str]] = {}
        for t in vote["turns"]:
            key = (t["from"], t["to"], t["before"]["symbol"], t["before"]["date"])
            groups.setdefault(key, []).append(t["state"])
        ordered = sorted(groups.items(), key=lambda g: (g[0][0] == "A" or g[0][1] == "A", g[0]))
        return [self._turn(vote, key, states) for key, states in ordered]

    def _turn(
        self, vote: dict[str, Any], key: tuple[str, str, str, str], states: list[str]
    ) -> dict[str, Any]:
        was, now, symbol, day = key
        verbs = {"Y": f"voted in {self.favour()}", "N": "voted against", "A": "abstained"}
        earlier = {
            "Y": f"had voted in {self.favour()} of",
            "N": "had voted against",
            "A": "had abstained on",
        }[was]
        they = "it" if len(states) == 1 else "they"
        text = (
            f"{capital(listed(states, self.day))} {verbs[now]} this time; on {self.date(day)} {they} {earlier} "
            f"{symbol}, the Assembly's previous vote on the same question."
        )
        return _sentence(
            text,
            vote,
            named=dict.fromkeys(states, VOTE_WORDS[now]),
            earlier={"symbol": symbol, "date": day, "vote": was},
        )

    def _amendments(
        self, name: str, amendments: list[dict[str, Any]], caveats: list[str]
    ) -> list[dict[str, Any]]:
        if not amendments:
            return []
        sentences = []
        drafts = sorted({a["amends"] for a in amendments if a["amends"]})
        target = f" to {', '.join(drafts)}" if drafts else ""
        count = len(amendments)
        number = SMALL[count] if count < len(SMALL) else str(count)
        intro = f"The {name} also voted on {number} amendment{'s' if count != 1 else ''}{target}."
        sentences.append(_sentence(intro, None, votes=[a["id"] for a in amendments]))
        for a in amendments:
            verb = {"adopted": "was adopted", "rejected": "was rejected"}.get(
                a["outcome"] or "", "was put to the vote"
            )
            text = capital(f"{_name(a)} {verb}{self.by(a)}.")
            sentences.append(_sentence(text, a, counts=a["counts"], symbol_inferred=a["symbol_inferred"]))
        inferred = [_name(a) for a in amendments if a["symbol_inferred"]]
        if inferred:
            caveats.append(
                f"The totals given for {', '.join(inferred)} are assigned to these documents by inference from the "
                "order of voting: the source gives them without their symbols."
            )
        missing = [a for a in amendments if not a["per_state"]]
        if missing:
            caveats.append(
                f"The record gives the totals of {len(missing)} amendment{'s' if len(missing) != 1 else ''} "
                f"({', '.join(_name(a) for a in missing)}) but not how each state voted on them."
            )
        return sentences

    def _other(self, name: str, vote: dict[str, Any]) -> dict[str, Any]:
        verb = {"adopted": "adopted", "rejected": "rejected"}.get(vote["outcome"] or "", "voted on")
        text = f"The {name} also {verb} {_described(vote)}{self.by(vote)}."
        return _sentence(text, vote, counts=vote["counts"])

    def _order(self, organ: dict[str, Any]) -> dict[str, Any]:
        names = {v["id"]: _name(v) for v in organ["votes"]}
        ordered = [names.get(i, i) for i in organ["order"]]
        text = f"The votes were taken in this order: {', '.join(ordered)}."
        return _sentence(text, None, votes=organ["order"], order_basis=organ["order_basis"])

    # ---- the Security Council ------------------------------------------------------------------------------
    def _security_council(
        self, organ: dict[str, Any], main: dict[str, Any], rest: list[dict[str, Any]], caveats: list[str]
    ) -> list[dict[str, Any]]:
        votes = [main, *rest]
        finals = [v for v in votes if v["kind"] != "amendment"]
        amendments = _in_order([v for v in votes if v["kind"] == "amendment"], organ["order"])
        sentences = [self._council_vote(v, first=i == 0) for i, v in enumerate(finals)]
        sentences += [self._council_vote(v, first=not finals and i == 0) for i, v in enumerate(amendments)]
        vetoed = next((v for v in votes if v["outcome"] == "vetoed" and v["earlier_vetoes"]), None)
        context = [self._earlier_vetoes(vetoed)] if vetoed else []
        order = [self._order(organ)] if len(organ["order"]) > 1 else []
        if not all(v["per_state"] for v in votes):
            caveats.append("The record holds no per-state votes for some of the Council's votes of the day.")
        return [_paragraph("council", sentences), _paragraph("vetoes", context), _paragraph("order", order)]

    def _council_vote(self, vote: dict[str, Any], first: bool) -> dict[str, Any]:
        where = f"In the Security Council on {self.date()}, " if first else ""
        what = _described(vote)
        counts = vote["counts"]
        decision = vote["decision"] or {}
        if vote["outcome"] == "adopted":
            text = f"{where}{what} was adopted{self.by(vote)}"
            abstainers = vote["states"]["abstain"]
            if abstainers and vote["per_state"]:
                text += f": {listed(by_name(abstainers, self.day), self.day)} abstained"
            return _sentence(
                capital(text) + ".", vote, counts=counts, named=dict.fromkeys(abstainers, "abstain")
            )
        vetoed_by = decision.get("vetoed_by") or []
        if vote["outcome"] == "vetoed" and vetoed_by:
            who = listed(vetoed_by, self.day)
            members = "a permanent member" if len(vetoed_by) == 1 else "permanent members"
            text = (
                f"{where}{what} received {self.cast(counts)} but was not adopted: it had the {decision['required']} "
                f"votes it needed, but {who}, {members}, voted against it — a veto."
            )
            return _sentence(
                capital(text), vote, counts=counts, named=dict.fromkeys(vetoed_by, "no"), rule=decision
            )
        received = f" received {self.cast(counts)} and" if vote["counts_known"] else ""
        text = f"{where}{what}{received} was not adopted"
        if not vote["counts_known"]:
            text += f"{self.by(vote)}"
        if decision.get("insufficient_votes"):
            text += f", short of the {decision['required']} votes required"
        known = counts if vote["counts_known"] else None
        return _sentence(capital(text) + ".", vote, counts=known, rule=decision or None)

    def _earlier_vetoes(self, vote: dict[str, Any]) -> dict[str, Any]:
        earlier = vote["earlier_vetoes"]
        last = earlier[0]
        who = listed(last["vetoed_by"], self.day) if last["vetoed_by"] else "a permanent member"
        text = (
            f"It was not the first veto under this agenda item: {who} had vetoed {last['symbol']} on "
            f"{self.date(last['date'])}"
        )
        if len(earlier) > 1:
            text += f", one of {len(earlier)} drafts on the same item vetoed before"
        return _sentence(text + ".", None, votes=[e["id"] for e in earlier], states=last["vetoed_by"])

    # ---- how each state voted ------------------------------------------------------------------------------
    def _box(self, vote: dict[str, Any], organ: str) -> dict[str, Any]:
        return {
            "id": vote["id"],
            "name": _name(vote),
            "organ": organ,
            "counts": vote["counts"],
            "states": {
                word: [{"state": s, "name": bare_name(s, self.day)} for s in by_name(ids, self.day)]
                for word, ids in vote["states"].items()
            },
            "sources": vote["sources"],
        }


def _in_order(votes: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Votes in the order they were taken (those the order does not name last)."""
    rank = {vote_id: i for i, vote_id in enumerate(order)}
    return sorted(votes, key=lambda v: rank.get(v["id"], len(rank)))


def _name(vote: dict[str, Any]) -> str:
    return str(vote["resolution"] or vote["symbol"] or vote["document"] or vote["id"])


def _short_title(vote: dict[str, Any]) -> str:
    """The title without the library's cataloguing tail (" : resolution / adopted by …") or bracketed notes."""
    title = (vote["title"] or "").split(" : ")[0].split(" [")[0].strip()
    generic = title.startswith(("Security Council resolution", "General Assembly resolution"))
    return f"“{title}”" if title and len(title) <= 120 and not generic and vote["kind"] != "amendment" else ""


def _described(vote: dict[str, Any]) -> str:
    """ "resolution A/RES/ES-11/7 (draft A/ES-11/L.10), “Title”"."""
    kind = {"amendment": "amendment", "draft decision": "decision"}.get(vote["kind"], "resolution")
    if vote["resolution"]:
        text = f"{kind} {vote['resolution']}"
        if vote["document"] and vote["document"] != vote["resolution"]:
            text += f" (draft {vote['document']})"
    else:
        text = f"draft {kind} {_name(vote)}" if kind != "amendment" else f"amendment {_name(vote)}"
    title = _short_title(vote)
    return f"{text}, {title}," if title else text


def _sentence(text: str, vote: dict[str, Any] | None, **evidence: Any) -> dict[str, Any]:
    """A sentence and what it rests on: the vote (id and symbol) and whatever else it states (`named`: each state
    the sentence names, with the vote it says that state cast)."""
    if vote is not None:
        evidence = {"vote": vote["id"], "symbol": _name(vote), "outcome": vote["outcome"], **evidence}
    return {"text": text.replace(",.", ".").replace(",:", ":"), "evidence": evidence}


def _paragraph(section: str, sentences: list[dict[str, Any]]) -> dict[str, Any]:
    return {"section": section, "sentences": sentences}


def write(facts: dict[str, Any], spelling: str = "british") -> dict[str, Any]:
    """The story of `views.story.story_facts`, as a dict: headline, paragraphs of sentences with their evidence,
    the "how each state voted" box and the caveats."""
    return Writer(facts, spelling).story()


# ---- renderings -------------------------------------------------------------------------------------------------


def text(story: dict[str, Any]) -> str:
    """The story as plain text: headline, paragraphs, how each state voted, caveats and sources."""
    lines = [story["headline"], "=" * len(story["headline"]), ""]
    lines += [" ".join(s["text"] for s in p["sentences"]) + "\n" for p in story["paragraphs"]]
    lines += _box_lines(
        story, lambda h: f"{h}\n{'-' * len(h)}", lambda w, n: f"  {w} ({len(n)}): {', '.join(n)}"
    )
    return "\n".join(lines).rstrip() + "\n"


def markdown(story: dict[str, Any]) -> str:
    lines = [f"# {story['headline']}", ""]
    lines += [" ".join(s["text"] for s in p["sentences"]) + "\n" for p in story["paragraphs"]]
    lines += _box_lines(story, lambda h: f"## {h}", lambda w, n: f"- **{w}** ({len(n)}): {', '.join(n)}")
    return "\n".join(lines).rstrip() + "\n"


def _box_lines(
    story: dict[str, Any], heading: Callable[[str], str], item: Callable[[str, list[str]], str]
) -> list[str]:
    lines = []
    if story["box"]:
        lines += [heading("How each state voted"), ""]
        for vote in story["box"]:
            lines.append(f"{vote['name']}:")
            lines += [item(w, [s["name"] for s in states]) for w, states in vote["states"].items() if states]
            lines.append("")
    if story["caveats"]:
        lines += [heading("Caveats"), ""] + [f"- {c}" for c in story["caveats"]] + [""]
    sources = sorted({_source(s) for vote in story["box"] for s in vote["sources"]})
    if sources:
        lines += [heading("Sources"), ""] + [f"- {s}" for s in sources] + [""]
    return lines


def _source(source: dict[str, Any]) -> str:
    where = f"{source['file']}" + (f":{source['line']}" if source["line"] else "")
    return f"{source['source']}: {where}" + (f" <{source['url']}>" if source["url"] else "")


def html(story: dict[str, Any], vote_href: Callable[[str], str] | None = None, figure: str = "") -> str:
    """The story as an HTML fragment (escaped), each sentence a span carrying its vote's address; `figure` (HTML
    the caller vouches for, e.g. the map) goes after the first paragraph."""
    from html import escape

    parts = [f'<article class="story"><h1>{escape(story["headline"])}</h1>']
    for p in story["paragraphs"]:
        spans = []
        for s in p["sentences"]:
            vote = s["evidence"].get("vote")
            attr = f' data-vote="{escape(vote)}"' if vote else ""
            spans.append(f'<span class="sentence"{attr}>{escape(s["text"])}</span>')
        parts.append(f'<p class="{escape(p["section"])}">{" ".join(spans)}</p>')
        if figure and len(parts) == 2:
            parts.append(figure)
    if story["box"]:
        parts.append("<section><h2>How each state voted</h2>")
        for vote in story["box"]:
            link = escape(vote_href(vote["id"])) if vote_href else ""
            title = f'<a href="{link}">{escape(vote["name"])}</a>' if link else escape(vote["name"])
            parts.append(f"<h3>{title}</h3><dl>")
            for word, states in vote["states"].items():
                if states:
                    names = ", ".join(escape(s["name"]) for s in states)
                    parts.append(f"<dt>{escape(word)} ({len(states)})</dt><dd>{names}</dd>")
            parts.append("</dl>")
        parts.append("</section>")
    if story["caveats"]:
        parts.append(
            "<section><h2>Caveats</h2><ul>"
            + "".join(f"<li>{escape(c)}</li>" for c in story["caveats"])
            + "</ul></section>"
        )
    parts.append("</article>")
    return "\n".join(parts)
