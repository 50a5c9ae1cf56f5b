"""The rules: pure functions that decide votes as the Charter and the rules of procedure do. No I/O, no database.

- `decision`: the vocabulary (Question, Tally, Options, Decision).
- `ga`: General Assembly plenary and Main Committees; Art. 19; reconsideration; elections.
- `sc`: Security Council: procedural and non-procedural questions, the veto, council size and permanent seats
  by date, obligatory abstention, the preliminary question.
- `sequence`: a whole voting sequence (motions, amendments in the chair's order, parts, the draft) replayed.
"""
