"""Views: one function per answer, each returning a plain JSON-ready dict of one published shape (`shapes.py`).

The CLI, the web app, the story writer and the fact checker render these dicts; none builds its own. A view takes
an open read-only connection (where it needs the store) and plain parameters. `record` answers about the record
(vote, with, votes, day, state, search, stats, about), `rules` applies the rules (decision, replay, audit),
`analysis` analyses it (coincidence, agreement, compare, allies, blocs, ideal points, shifts); `errors` builds the
one error envelope. Modules load NumPy and SciPy only where the answer needs them.
"""
