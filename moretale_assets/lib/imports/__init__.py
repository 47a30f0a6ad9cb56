"""Bring books made elsewhere into MoreTale's layout (Dagster-free: the API and CLI use it)."""
