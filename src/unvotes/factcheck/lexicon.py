"""The words of vote reporting: how a vote, its side, its organ, its outcome and its date are written."""

from __future__ import annotations

import re

from unvotes.factcheck.text import MONTH

STATES_WORD = r"(?:countries|states|nations|members|member states|governments|delegations)"
# The side a state took, by how reporters write it; a match preceded by a negation is no side.
SIDES = {
    "Y": re.compile(
        r"(?<!-)\b(?:vot(?:ed|ing|es?) (?:in favou?r|for|yes)|in favou?r|support(?:ed|ing)|support of|"
        r"back(?:ed|ing)|endors(?:ed|ing)|approv(?:ed|ing) it)\b",
        re.IGNORECASE,
    ),
    "N": re.compile(
        r"(?<!-)\b(?:vot(?:ed|ing|es?) (?:against|no)|against|oppos(?:ed|ing)|rejected|rejecting|"
        r"opponents?)\b|(?<=['’]s )opposition\b",
        re.IGNORECASE,
    ),
    "A": re.compile(r"\babstain(?:ed|ing|s)?\b|(?<=['’]s )abstention\b", re.IGNORECASE),
    "X": re.compile(
        r"\b(?:did not (?:vote|take part)|didn't vote|(?:was|were) absent|not voting)\b", re.IGNORECASE
    ),
}
# What a state's possessive may name for the state to be a voter: "America's opposition", not "Ukraine's sovereignty".
POSSESSED = frozenset(
    [
        "government",
        "delegation",
        "ambassador",
        "envoy",
        "representative",
        "mission",
        "administration",
        "opposition",
        "abstention",
        "vote",
        "votes",
        "support",
        "backing",
        "veto",
        "diplomats",
        "officials",
    ]
)
# Words between a state and a side word that show the side is not the state's: a veto, a relative clause.
NOT_SUBJECT = re.compile(
    r"\b(?:veto\w*|that|which|who|whose|to demand|to suspend|to condemn)\b", re.IGNORECASE
)
# Asides between commas: a relative clause (", which holds a seat,"), or a short apposition (", an EU member,").
RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose)\b[^,;]*,")
APPOSITION = re.compile(r",\s*(?:an?|the|one of|itself|also|both)\b[^,;]{0,60},")
NEGATION = re.compile(r"\b(?:not|never|n't|refused to|declined to|instead of)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Where a list of voters starts: "including Australia", "joined Russia", "supported by Russia".
LIST_START = re.compile(
    r"(?:\bincluding|\bsuch as|\bamong them|\bnotably|\blike|\bjoined|\balongside|\balong with|"
    r"\btogether with|\bwith|\b(?:supported|backed|opposed|rejected|endorsed) by|[:—–(])\s*$",
    re.IGNORECASE,
)
LIST_GAP = re.compile(r"^[\s,—–]*(?:(?:and|or|as well as)\s+)?(?:[\w'’-]+\s+){0,3}?$", re.IGNORECASE)
GOVERNMENT = re.compile(
    r"^\s+(?:government|delegation|ambassador|envoy|representative|mission|diplomats?|officials?|administration)\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r";|,\s*(?:while|whereas|but|and)\s|\s(?:while|whereas|but)\s|\s(?:after|before)\s")

ORGANS = {
    "GA": re.compile(r"\bGeneral Assembly\b|\bAssembly\b|\bUNGA\b|\bGA\b"),
    "SC": re.compile(
        r"\bSecurity Council\b|(?<!Rights )(?<!European )(?<!Economic and Social )\b[Cc]ouncil\b(?! of Europe)|\bUNSC\b"
    ),
}
AMENDMENT = re.compile(
    r"\bamend(?:ment|ments|ing|ed)?\b|\bbids? to (?:add|change|insert|remove)\b", re.IGNORECASE
)
DRAFT = re.compile(r"\b(?:resolution|draft|text|motion|measure|proposal)s?\b", re.IGNORECASE)
VOTE_WORDS = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|adopt(?:ed|ion)|resolution|abstain(?:ed|ing)?|abstentions?|veto(?:ed|es|ing)?|"
    r"in favou?r|passed|approved|rejected|failed|permanent members?|sided with|\d+-member|[a-z]+-member)\b",
    re.IGNORECASE,
)
SPONSOR = re.compile(
    r"^(?:(?:'s|’s|-drafted|-backed|-sponsored|-led|-proposed|-authored)\s+(?:[\w-]+\s+){0,2}?|\s+)"
    r"(?:draft\s+)?(?:resolution|draft|text|motion|amendment|proposal|bid)s?\b",
    re.IGNORECASE,
)
GROUP_SPONSOR = re.compile(
    r"\b(European)(?:-drafted|-backed|-sponsored|-led|-proposed)?\s+(?:\w+\s+){0,1}?(?:draft|text|amendment|proposal|bid)s?\b"
)
DRAFTED_BY = re.compile(
    r"\b(?:drafted|sponsored|put forward|proposed|tabled|submitted|presented|authored|written) by\s+$",
    re.IGNORECASE,
)
OWN_TEXT = re.compile(
    r"\b(?:its|their) own (?:draft )?(?:resolution|draft|text|motion|proposal)\b", re.IGNORECASE
)
AMENDMENT_NOUN = re.compile(r"\bamendments?\b|\bbids?\b", re.IGNORECASE)

ADOPTED = re.compile(r"\b(?:adopted|passed|approved|carried)\b", re.IGNORECASE)
FAILED = re.compile(
    r"\b(?:was not adopted|were not adopted|not adopted|failed to pass|did not pass|failed(?! to)|"
    r"failed to (?:win|get|secure|receive|garner|obtain|muster|gain|draw)(?:[\s\w'’]{0,40}?\b(?:adopted|passed|approved))?|"
    r"(?:was|were) rejected|(?:Assembly|Council)\s+(?:\w+\s+)?rejected|defeated|voted down|fell)\b",
    re.IGNORECASE,
)
WITHOUT_VOTE = re.compile(r"\b(?:without a vote|by consensus)\b", re.IGNORECASE)
VETOED = re.compile(r"\b(?:was|were|been) vetoed\b", re.IGNORECASE)
TWO_THIRDS = re.compile(r"\btwo[- ]thirds\b", re.IGNORECASE)
SHORT_OF = re.compile(
    r"\b(?:short|fail(?:ed|ing)? to|not|miss(?:ed|ing)?|without|lacked)\b[^.;]*$", re.IGNORECASE
)

VETO_WORD = re.compile(r"\bveto(?:ed|es|ing)?\b", re.IGNORECASE)
VETO_POWER = re.compile(
    r"\bveto[- ]wielding\b|\b(?:hold|holds|held|has|have|had|wields?|wielded|possess(?:es)?|with)\s+"
    r"(?:a |the |its |their )?veto(?:[- ]powers?| rights?)?\b|\bright of veto\b|\bveto powers?\b",
    re.IGNORECASE,
)
PERMANENT = re.compile(r"\b(?:non-permanent|elected|permanent)\s+(?:member|seat)s?\b", re.IGNORECASE)
CHANGE = re.compile(
    r"\b(?:turnaround|U-turn|reversal|reversed|reversing|shift(?:ed)? (?:its|their) (?:position|stance|vote)|"
    r"in contrast (?:to|with)(?= [^.;]{0,60}\b(?:previous|former|past|earlier|predecessor|last|administration|"
    r"position|stance|record|votes?)\b)|departure from|broke with|breaking with|change of (?:position|stance|course)|"
    r"switched|previous administration|former administration|had previously voted|flip(?:ped)?)\b",
    re.IGNORECASE,
)
SAME_AS_BEFORE = re.compile(
    r"\b(?:as it did|as before|again voted|once again|consistent with|in line with its)\b", re.IGNORECASE
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?P<m1>{MONTH})(?:,? (?P<y1>\d{{4}}))?|"
    rf"(?P<m2>{MONTH}) (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{{4}}))?)\b"
)
VOTE_VERB_BEFORE = r"\b(?:vot(?:ed|e|ing)|adopted|passed|approved|vetoed|rejected|endorsed|backed|abstained)\b(?:\s+[\w,'’-]+){0,8}?\s+on\s+$"
WEEKDAY = re.compile(r"\b(?:[Oo]n|[Ll]ast) (?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
RELATIVE = re.compile(r"\b(?P<r>yesterday|today)\b", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\b[Ii]n (?P<m>{MONTH}) (?P<y>\d{{4}})\b")
YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|of|[Ff]rom) (?P<y>19[4-9]\d|20\d\d)\b")
SYMBOL = re.compile(
    r"\b(?:A/RES/[\w./-]+|S/RES/\d+(?: \(\d{4}\))?|A/ES-\d+/L\.\d+|S/\d{4}/\d+|ES-\d+/\d+)"
    r"|\b(?:[Rr]esolution|RESOLUTION) (?P<sc>\d{3,4})(?: \((?P<year>\d{4})\))?",
)
