"""The sources unvotes reads: what each is, where it lies under a data folder, its terms, and its precedence.

Precedence decides which source's version of a vote the queries show when several sources hold it
(lower first: official files before research datasets before scrapes and hand-curated files).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    patterns: tuple[str, ...]  # globs under the data folder (`../shared/data`)
    precedence: int
    terms: str
    url: str
    version: str | None = None  # for files that carry no version of their own: the upstream commit and date


UN_TERMS = "© United Nations; non-commercial use with attribution to the United Nations"

SOURCES: tuple[Source, ...] = (
    Source(
        "undl_ga",
        "UN Digital Library, General Assembly Voting Data",
        ("**/*_ga_voting.csv", "raw/undl_official_samples/ga_voting_sample.csv"),
        10,
        UN_TERMS,
        "https://digitallibrary.un.org/record/4060887",
    ),
    Source(
        "undl_sc",
        "UN Digital Library, Security Council Voting Data",
        ("**/*_sc_voting.csv", "raw/undl_official_samples/*_sc_voting_EXCERPT.csv"),
        10,
        UN_TERMS,
        "https://digitallibrary.un.org/record/4055387",
    ),
    Source(
        "unxml_ga",
        "UN DGACM machine-readable GA resolutions",
        ("raw/unxml_ga/*.json",),
        20,
        UN_TERMS,
        "https://github.com/UNxml/GAresolutions",
        "GAresolutions@42a69b6 (2026-07-10)",
    ),
    Source(
        "unxml_sc",
        "UN DGACM machine-readable SC resolutions",
        ("raw/unxml_sc/*.json",),
        20,
        UN_TERMS,
        "https://github.com/UNxml/SCresolutions",
        "SCresolutions@6c4072a (2026-07-21)",
    ),
    Source(
        "voeten",
        "Voeten, United Nations General Assembly Voting Data (published table 1946–2015)",
        ("unvotes/voeten_unvotes_published_1946_2015.csv.gz",),
        30,
        "CC0",
        "https://hdl.handle.net/1902.1/12379",
        "unvotes data-raw (Voeten, published 1946–2015)",
    ),
    Source(
        "unvotes_r",
        "unvotes R package (Robinson), GA roll calls 1946–2019",
        ("unvotes/un_votes.csv.gz",),
        35,
        "MIT",
        "https://github.com/dgrtwo/unvotes",
        "unvotes R package data (to Jan 2020)",
    ),
    Source(
        "voeten_matrix",
        "Voeten UNGA votes as a wide matrix, 1946–2024",
        ("raw/voeten_pigeon/ungaVoting_003.csv",),
        40,
        "CC0 (upstream)",
        "https://github.com/Pigeon-Effect/Mapping-UNGA-Voting-Alliances",
        "Mapping-UNGA-Voting-Alliances@4a2353a (2025-06-24)",
    ),
    Source(
        "oliverunv_sc",
        "SC votes incl. failed and vetoed drafts, 1994–2025",
        ("raw/oliverunv_sc/sc_voting.xlsx",),
        40,
        "none stated",
        "https://github.com/oliverunv/Voting-Agent",
        "Voting-Agent@50cbeca (2025-07-03)",
    ),
    Source(
        "hzloto_2025",
        "UN Digital Library scrape for 2025 (GA and SC)",
        ("raw/hzloto_unga2025/*.csv",),
        45,
        UN_TERMS,
        "https://github.com/HZloto/unga-2025",
        "unga-2025@46fa27e (2026-02-11)",
    ),
    Source(
        "witwicki",
        "UN Digital Library scrape, GA 2020–2021",
        ("raw/undl_scrape_witwicki/*_RAW_COIN.csv",),
        50,
        UN_TERMS,
        "https://github.com/jacqueline-witwicki/UNGA_Voting_Coincidences_Over_Time",
        "UNGA_Voting_Coincidences_Over_Time@a546432 (2022-08-08)",
    ),
    Source(
        "wpdl_vetoes",
        "World Politics Data Lab, SC vetoes 1946–2022",
        ("raw/wpdl_vetoes/*.csv",),
        50,
        "MIT",
        "https://github.com/world-politics-datalab/vetoes-un-security-council",
        "vetoes-un-security-council@661c524 (2023-09-13)",
    ),
    Source(
        "curated",
        "Hand-curated vote events (Ukraine 2022–2025)",
        ("votes/*.json",),
        60,
        "see each file's sources",
        "../shared/data/votes/README.md",
        "shared/data/votes (November 2026)",
    ),
    Source(
        "navya",
        "UN Digital Library scrape, GA and SC 1946–2021",
        ("raw/navya_undata/*.zip",),
        70,
        UN_TERMS,
        "https://github.com/navyanawal0310/un-votes-intelligence-platform",
        "un-votes-intelligence-platform@b1a33e9 (2026-08-05)",
    ),
    Source(
        "statedept",
        "US State Department, Voting Practices in the United Nations: the votes each report counts, 2019–2023",
        ("statedept/votes_*.csv",),
        90,
        "US Government work (public domain)",
        "https://github.com/markschaver/UN",
        "markschaver/UN@cf5e937 (report PDFs 2019–2023)",
    ),
)

BY_KEY = {source.key: source for source in SOURCES}
