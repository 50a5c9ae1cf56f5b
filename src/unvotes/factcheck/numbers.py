"""Numbers as reporters write them: digits, or words ("ninety-three", "a hundred and forty-one", "just five")."""

from __future__ import annotations

import re

UNITS = {
    "none": 0,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_BELOW_HUNDRED = rf"(?:(?:{_TEN})(?:[- ](?:{_UNIT}))?|{_UNIT})"
WORDS = rf"(?:(?:a|one) hundred(?: and {_BELOW_HUNDRED})?|{_BELOW_HUNDRED})"
NUM = rf"(?:(?<![\d,.])\d{{1,3}}(?!\d|[,.]\d)|\b(?i:{WORDS})\b)"


def value(text: str) -> int:
    """The number a matched NUM stands for."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    total = 0
    if "hundred" in text:
        total, text = 100, text.partition("hundred")[2].replace("and", " ")
    for word in re.split(r"[- ]+", text):
        total += UNITS.get(word, 0) + TENS.get(word, 0)
    return total
