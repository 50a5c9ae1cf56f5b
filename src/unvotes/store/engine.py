"""DuckDB as the readers use it: the compiled engine (`_duckdb`, which the `duckdb` package re-exports unchanged).

The package's own Python layer (relations, expressions, Arrow and pandas glue) takes about 0.09 s to import, a third
of a whole `unvotes show`; reading the record needs only `connect`, `execute` and the exceptions. The writer imports
the package itself, which completes these same classes. Where a DuckDB release lays its modules out otherwise, the
package is imported instead: slower to start, the same results."""

try:
    import _duckdb as duckdb
except ImportError:  # pragma: no cover - another DuckDB layout
    import duckdb  # type: ignore[no-redef]

__all__ = ["duckdb"]
