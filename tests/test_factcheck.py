"""The check's parts that need no record: the article as text, numbers in words, names of states, claims found
in a sentence, the verdict rule."""

from __future__ import annotations

import datetime as dt

import pytest

from unvotes.factcheck import BadArticle, check, claims, dates, names, text
from unvotes.factcheck.check import verdict
from unvotes.factcheck.numbers import value

DAY = dt.date(2025, 2, 24)


def _claims(sentence: str, on: dt.date = DAY) -> list[tuple[str, dict]]:
    found = names.mentions(sentence, on=on)
    return [(c.kind, c.data) for c in claims.claims(text.Sentence(sentence, 0, len(sentence)), found)]


def test_html_loses_tags_scripts_and_navigation():
    """An HTML page becomes its prose: scripts, styles and menus dropped, entities decoded, one block a line."""
    page = (
        "<html><head><style>p{}</style><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        "<p>The Assembly adopted it by 93 votes to 18.</p><p>Russia &amp; Belarus voted against.</p></body></html>"
    )
    assert text.plain(page) == "The Assembly adopted it by 93 votes to 18.\nRussia & Belarus voted against."


def test_plain_text_is_kept_as_it_is():
    """Plain text is not taken for HTML: its offsets are the text's own."""
    article = "Menu\n  • Home\nThe Assembly voted 93-18 on Monday."
    assert text.plain(article) == article


def test_sentences_skip_chrome_and_keep_offsets():
    """Menu lines give no sentences; each sentence's offsets point at its words; U.S. does not end one."""
    article = "  • Start Page\n  • Sport\n    The U.S. voted no. Russia voted no too.\nTop Stories"
    found = text.sentences(article)
    assert [s.text for s in found] == ["The U.S. voted no.", "Russia voted no too."]
    assert all(article[s.start : s.end] == s.text for s in found)


def test_first_date_reads_a_dateline():
    """The first full date of a page, in either order, is its dateline."""
    assert text.first_date("News\n25 Feb 2025 14:33\nMore") == dt.date(2025, 2, 25)
    assert text.first_date("Posted February 24, 2025 by staff") == dt.date(2025, 2, 24)
    assert text.first_date("no date here") is None


@pytest.mark.parametrize(
    ("written", "number"),
    [("93", 93), ("ninety-three", 93), ("Eighteen", 18), ("a hundred and forty-one", 141), ("none", 0)],
)
def test_numbers_in_words(written, number):
    """Numbers are read as digits or words."""
    assert value(written) == number


@pytest.mark.parametrize(
    ("written", "state"),
    [
        ("the US", "USA"),
        ("America", "USA"),
        ("Washington", "USA"),
        ("Britain", "GBR"),
        ("the UAE", "ARE"),
        ("North Korea", "PRK"),
        ("Moscow", "RUS"),
        ("Beijing", "CHN"),
        ("Türkiye", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("the Soviet Union", "SUN"),
    ],
)
def test_names_resolve_to_states(written, state):
    """Short names, capitals and former names resolve to the state they stand for."""
    assert [m.state for m in names.mentions(f"Then {written} voted.", on=DAY)] == [state]


def test_russia_before_1992_is_the_soviet_seat():
    """ "Russia" in a 1956 vote is the USSR's seat."""
    assert [m.state for m in names.mentions("Russia vetoed it.", on=dt.date(1956, 11, 4))] == ["SUN"]


def test_a_demonym_is_a_state_and_a_region_is_not():
    """ "Australian" names Australia; "Latin America" names no state; lower-case "us" is not the US."""
    found = names.mentions("The Australian envoy and Latin America told us.", on=DAY)
    assert [(m.state, m.kind) for m in found] == [("AUS", "demonym")]


def test_a_count_a_list_and_a_membership_in_one_sentence():
    """The seed's GA sentence gives an outcome, the Assembly's size, a count and a list with its side."""
    found = _claims(
        "Despite America's opposition, the motion was adopted by the 193-member General Assembly "
        "with the support of 93 countries, including Australia and most of Europe."
    )
    assert ("membership", {"n": 193, "organ": "GA"}) in found
    assert ("count", {"fields": ["yes"], "values": [93]}) in found
    assert ("outcome", {"outcome": "adopted"}) in found
    assert ("list", {"states": ["AUS"], "side": "Y", "anchor": None}) in found
    assert ("list", {"states": ["USA"], "side": "N", "anchor": None}) in found


def test_voted_with_counts_the_others():
    """ "voted with 17 countries" counts the others that voted as the US did; the listed states take the side."""
    found = _claims(
        "The US voted with 17 countries, including North Korea and Belarus, against the resolution."
    )
    assert ("count", {"n": 17, "anchor": "USA", "side": "N"}) in found
    assert ("list", {"states": ["USA", "PRK", "BLR"], "side": "N", "anchor": None}) in found


def test_a_state_named_as_the_subject_of_a_resolution_is_not_a_voter():
    """In "a resolution that blamed Russia for the war in Ukraine", neither Russia nor Ukraine is a voter."""
    found = _claims("The US voted against a resolution that blamed Russia for the war in Ukraine.")
    assert found == [("list", {"states": ["USA"], "side": "N", "anchor": None})]


def test_who_vetoed_and_who_holds_the_veto():
    """ "Russia vetoed" names a vetoer; "Russia holds veto powers" a holder; "a Russian veto" a vetoer."""
    assert ("veto", {"vetoer": "RUS"}) in _claims("Russia vetoed the draft.")
    assert ("veto", {"holder": "RUS"}) in _claims(
        "The Council is deadlocked because Russia holds veto powers."
    )
    assert ("veto", {"vetoer": "RUS"}) in _claims("The draft was blocked by a Russian veto.")
    assert ("veto", {"vetoer": "RUS"}) in _claims("The draft was vetoed by Russia.")


def test_a_sentence_without_vote_words_has_no_claims():
    """A sentence about something else gives nothing to check."""
    assert _claims("Mr Macron said France was prepared to provide security guarantees to Ukraine.") == []


def test_a_date_is_a_vote_date_only_where_written_as_one():
    """ "On 23 February, …" dates the vote; "since 24 February 2022" does not."""
    assert dates.explicit_day("On 23 February, the Assembly voted.", DAY) == (dt.date(2025, 2, 23), 3, 14)
    assert dates.explicit_day("On Monday, the Assembly voted.", dt.date(2025, 2, 25))[0] == DAY
    assert dates.explicit_day("Since 24 February 2022, the Assembly has voted often.", DAY) is None


@pytest.mark.parametrize(
    ("verdicts", "overall"),
    [
        (["true", "true"], "true"),
        (["true", "unverifiable"], "true"),
        (["true", "false", "unverifiable"], "false"),
        (["unverifiable"], "unverifiable"),
        ([], "unverifiable"),
    ],
)
def test_the_verdict_rule(verdicts, overall):
    """False if any claim is false; true if one was checked and all checked are true; else unverifiable."""
    assert verdict([{"verdict": v} for v in verdicts]) == overall  # type: ignore[misc]


@pytest.mark.parametrize(("article", "organ"), [("   ", None), ("Russia vetoed.", "UNGA")])
def test_an_empty_text_or_an_unknown_organ_is_refused(article, organ):
    """Nothing to check, or an organ hint that names no organ, is an error with a hint."""
    with pytest.raises(BadArticle) as error:
        check(None, article, date=DAY, organ=organ)  # type: ignore[arg-type]
    assert error.value.hint
