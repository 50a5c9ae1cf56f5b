-- The one schema of the unvotes database (DuckDB). Changes after release go in migrations.py, by name.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT current_timestamp
);

-- Member states: a stable identity across renames and successions (refdata/data/*.csv).
CREATE TABLE IF NOT EXISTS states (
    state_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    iso3 VARCHAR, iso2 VARCHAR, m49 INTEGER, cow INTEGER, undl_code VARCHAR,
    admitted DATE, ended DATE
);

CREATE TABLE IF NOT EXISTS state_names (
    state_id VARCHAR NOT NULL, name VARCHAR NOT NULL, valid_from DATE, valid_to DATE
);

CREATE TABLE IF NOT EXISTS successions (
    predecessor VARCHAR NOT NULL, successor VARCHAR NOT NULL, date DATE NOT NULL, kind VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS organs (
    organ VARCHAR PRIMARY KEY, name VARCHAR NOT NULL
);

-- Security Council seats by date; permanent seats too (ROC → PRC 1971, USSR → Russian Federation 1991).
CREATE TABLE IF NOT EXISTS sc_seats (
    state_id VARCHAR NOT NULL, seat_from DATE NOT NULL, seat_to DATE, permanent BOOLEAN NOT NULL
);

-- The sources and their precedence (from unvotes.sources; lower wins).
CREATE TABLE IF NOT EXISTS source_precedence (
    source VARCHAR PRIMARY KEY, precedence INTEGER NOT NULL, title VARCHAR NOT NULL, terms VARCHAR, url VARCHAR
);

-- Every file imported: which source, which version, what it held.
CREATE TABLE IF NOT EXISTS source_files (
    source VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    version VARCHAR,
    sha256 VARCHAR NOT NULL,
    events INTEGER NOT NULL,
    votes INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    citation VARCHAR,  -- as the file's own documentation asks to be cited
    path VARCHAR,  -- the absolute path it was read from: the same file spelled otherwise is the same file
    PRIMARY KEY (source, file)
);
-- A file is known by its content too: the same bytes under another path or name are the same file.
CREATE INDEX IF NOT EXISTS source_files_sha256 ON source_files (sha256);

-- Ids that once named a vote and no longer do (its sources came to name it otherwise): they resolve through the
-- event that was the vote's main one.
CREATE TABLE IF NOT EXISTS retired_ids (
    symbol_key VARCHAR PRIMARY KEY,
    vote_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    key VARCHAR NOT NULL
);

-- One recorded vote on one thing, as one source reports it.
CREATE TABLE IF NOT EXISTS events (
    event_id INTEGER PRIMARY KEY,
    source VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    line INTEGER,
    version VARCHAR,
    url VARCHAR,
    organ VARCHAR NOT NULL,
    date DATE NOT NULL,
    session VARCHAR,
    meeting VARCHAR,
    kind VARCHAR NOT NULL,
    document VARCHAR,
    resolution VARCHAR,
    amends VARCHAR,
    title VARCHAR,
    agenda VARCHAR,
    subjects VARCHAR[],
    yes INTEGER, no INTEGER, abstain INTEGER, non_voting INTEGER,
    outcome VARCHAR,
    important BOOLEAN,
    complete BOOLEAN NOT NULL,
    extra JSON,
    fingerprint VARCHAR NOT NULL,
    record_id INTEGER,
    UNIQUE (source, key)
);

-- No key index: a state votes once per event (the parsers check it), and an index would slow bulk loads.
CREATE TABLE IF NOT EXISTS votes (
    event_id INTEGER NOT NULL,
    state_id VARCHAR NOT NULL,
    vote VARCHAR NOT NULL
);

-- Reconciled votes: the events of several sources that are one vote. `main_event` is the one of the
-- highest precedence (official first); `matched_by` says how the events were joined.
CREATE TABLE IF NOT EXISTS records (
    record_id INTEGER PRIMARY KEY,
    vote_id VARCHAR NOT NULL,  -- the vote's permanent address (store/identity.py), e.g. A/RES/ES-11/7
    main_event INTEGER NOT NULL,
    organ VARCHAR NOT NULL,
    date DATE NOT NULL,
    kind VARCHAR NOT NULL,
    amends VARCHAR,  -- for an amendment: the draft it amends (from a source, or a hand-entered link)
    matched_by VARCHAR NOT NULL
);

-- Every spelling a user may type for a vote, as a lookup key (see unvotes.symbols.key). Roles: `id` (the vote's
-- address), `resolution`, `document`, `roll call on` (another vote on a resolution's text), `alias` (a Voeten
-- roll-call id as written, a hand-entered link's symbol).
CREATE TABLE IF NOT EXISTS symbols (
    symbol_key VARCHAR NOT NULL,
    record_id INTEGER NOT NULL,
    role VARCHAR NOT NULL
);

-- Votes of a record, state by state, from the highest-precedence event that names the state (written by
-- reconciliation, see reconcile.py).
CREATE TABLE IF NOT EXISTS record_votes (
    record_id INTEGER NOT NULL,
    state_id VARCHAR NOT NULL,
    vote VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    event_id INTEGER NOT NULL
);

-- Where sources disagree about one state's vote on one record: every source's vote, best first (written by
-- reconciliation with record_votes).
CREATE TABLE IF NOT EXISTS vote_disagreements (
    record_id INTEGER NOT NULL,
    state_id VARCHAR NOT NULL,
    votes STRUCT(source VARCHAR, vote VARCHAR)[] NOT NULL
);

-- The State Department's lists of the votes its coincidence report counts (statedept/votes_<year>.csv), row by
-- row: the symbol as printed and canonical, the US vote and the tally as printed. Written by load(); a second
-- source to check the record against (`unvotes audit --statedept YEAR`), never a vote of the record.
CREATE TABLE IF NOT EXISTS statedept_votes (
    year INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    symbol VARCHAR NOT NULL,
    symbol_key VARCHAR NOT NULL,
    printed VARCHAR NOT NULL,
    title VARCHAR,
    us_vote VARCHAR NOT NULL,
    yes INTEGER NOT NULL, no INTEGER NOT NULL, abstain INTEGER NOT NULL, absent INTEGER NOT NULL,
    important BOOLEAN NOT NULL,
    note VARCHAR
);
