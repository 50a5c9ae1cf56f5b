"""The analysis: pure NumPy/SciPy functions over a states × votes matrix (`matrix.VoteMatrix`).

`matrix.load()` is the one adapter from the store; every other module works on arrays and labels only.
"""
