"""The check: claims about UN votes found in an article and verified against the record, with evidence.

`check(con, text, date=…, organ=…)` returns the `Check` shape of `factcheck/shapes.py`; `docs/check.md` explains
what is checked and how.
"""

from unvotes.factcheck.check import BadArticle, check

__all__ = ["BadArticle", "check"]
