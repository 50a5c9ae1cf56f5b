"""UN document symbols: one canonical spelling, and the keys that every usual spelling is looked up by.

`A/RES/ES-11/7`, `ES-11/7`, `a/res/es-11/7` meet; so do `S/RES/2774 (2025)`, `S/RES/2774(2025)`,
`S/RES/2774/2025`, `2774 (2025)` and plain `2774`.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_SC_RES = re.compile(r"^S/RES/(\d+)(?:\((\d{4})\)|/(\d{4}))?$")
_GA_SHORT = re.compile(r"^(?:ES-\d+|S-\d+|\d+)/\d+[A-Z]?(?:-[A-Z])?$")
_SC_SHORT = re.compile(r"^(\d+)(?:\((\d{4})\))?$")
_SUFFIX = re.compile(r"(?<=/)(ADD|REV|CORR|AMEND)\.")
_GA_ROMAN = re.compile(r"^(A/RES/\d+)\(([IVXL]+|ES-[IVXL]+|S-[IVXL]+)\)([A-Z])?$")
_GA_SPLIT_LETTER = re.compile(r"^(A/RES/[\w-]+/\d+)([A-Z](?:-[A-Z])?)$")


def key(symbol: str) -> str:
    """The lookup key of a symbol: upper case, no spaces, SC years in brackets (`S/RES/2774(2025)`)."""
    compact = _SPACE.sub("", symbol.replace("\u00a0", " ")).upper()
    sc = _SC_RES.match(compact)
    if sc:
        year = sc.group(2) or sc.group(3)
        return f"S/RES/{sc.group(1)}({year})" if year else f"S/RES/{sc.group(1)}"
    return compact


def canonical(symbol: str) -> str:
    """The symbol as the UN prints it: `S/RES/2774 (2025)`, `A/RES/75/254 A`, `A/ES-11/L.10`."""
    k = key(symbol)
    sc = _SC_RES.match(k)
    if sc:
        return f"S/RES/{sc.group(1)} ({sc.group(2)})" if sc.group(2) else f"S/RES/{sc.group(1)}"
    roman = _GA_ROMAN.match(k)
    if roman:
        return f"{roman.group(1)} ({roman.group(2)}){' ' + roman.group(3) if roman.group(3) else ''}"
    split = _GA_SPLIT_LETTER.match(k)
    if split:
        return f"{split.group(1)} {split.group(2)}"
    return _SUFFIX.sub(lambda m: m.group(1).capitalize() + ".", k)


def query_keys(text: str) -> list[str]:
    """Keys to try for what a user typed; a key ending in `(` matches by prefix (an SC number without its year)."""
    k = key(text)
    if k.startswith(("A/", "S/", "E/")):
        return [k, f"{k}("] if _SC_RES.match(k) and "(" not in k else [k]
    sc = _SC_SHORT.match(k)
    keys: list[str] = []
    if sc:
        keys += [f"S/RES/{sc.group(1)}({sc.group(2)})"] if sc.group(2) else [f"S/RES/{sc.group(1)}("]
        keys.append(f"A/RES/{sc.group(1)}")
        keys.append(f"A/RES/{sc.group(1)}(")
    if _GA_SHORT.match(k):
        keys.append(f"A/RES/{k}")
    if k.startswith("RES/"):
        keys.append(f"A/{k}")
    return keys or [k]


def split_multi(value: str | None) -> tuple[str, ...]:
    """A pipe-separated multi-value field (the UN Digital Library's `draft`, `subjects`) as a tuple."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split("|") if part.strip())


_ORGANS = ("A", "S", "E", "T", "ST", "UNEP", "TD", "DP")
_PART = r"(?:[A-Z]+\d*|\d+)(?:[.\-](?:[A-Z]+\d*|\d+))*"  # `RES`, `79`, `ES-11`, `L.5`, `C.1`, `PV.20`; never `L.1ANDA`
_SESSION = r"\d{4}|[IVXL]+|(?:ES|S)-(?:[IVXL]+|\d+)"
_TAIL = rf"(?:\((?:{_SESSION})\))?(?:[A-Z](?:-[A-Z]+)?|[IVXL]+|\[[A-Z0-9.\-]{{1,12}}\])?"
_SHAPE = re.compile(rf"^(?:{'|'.join(_ORGANS)})(?:/{_PART}){{1,6}}{_TAIL}$")
_IN_TEXT = re.compile(rf"\b(?:{'|'.join(_ORGANS)})/[A-Za-z0-9./\-]*[A-Za-z0-9](?:\s?\(\d{{4}}\))?")


def is_symbol(text: str) -> bool:
    """Whether text has the shape of a UN document symbol: an organ prefix (`A/`, `S/`, `E/`, `T/`, `ST/` …) and
    parts such as `RES`, `ES-11`, `L.5`, `Rev.1`, `PV.9866`, with an SC year or a GA session in roman numerals
    (`S/RES/2774 (2025)`, `A/RES/1740(XVI)`) and a letter of a split resolution (`A/RES/75/254 A`, or a part in
    brackets as one scrape writes it: `A/RES/113(II)[C]`)."""
    return len(text) <= 80 and bool(_SHAPE.match(key(text)))


def split_symbols(text: str) -> tuple[str, ...]:
    """The symbols a field names, in order: `A/ES-11/L.1 and A/ES-11/L.1/Add.1` gives both, and
    `A/75/L.59 (as amended in A/75/L.60)` gives A/75/L.59 and A/75/L.60; a field naming none gives ()."""
    return tuple(dict.fromkeys(found.group(0) for found in _IN_TEXT.finditer(text)))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts L.9 before L.10: digits compare as numbers, and a number before text."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)
