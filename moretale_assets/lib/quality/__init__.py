"""Quality gates for a book: story, narration and picture checks with per-page results.

Dagster-free: `defs/quality` wires them as partitioned asset checks; the bench calls them too.
"""
