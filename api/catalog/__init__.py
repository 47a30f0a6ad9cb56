"""The DuckDB catalog: a projection of Dagster's event log plus the books in storage.

Only the API process opens the file (DuckDB allows one writer process and no other readers)."""
