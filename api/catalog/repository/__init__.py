"""Every SQL statement of the API, one module per resource: stories, runs (and their events),
sets, webhook deliveries. Nothing else in api/ writes SQL (tests/api/test_repository.py).

Functions take the `Catalog` and open their own reads and transactions, so a caller never sees
a cursor; what must commit together (a run's events and its log cursor, a cancel's runs and
story) is one function, one transaction. Writes go through `Catalog.write`, the process's
single writer, naming the stories they touch so the read cache stays exact."""
