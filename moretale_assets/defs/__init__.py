# No `from __future__ import annotations` in defs/: Dagster reads config and resource types
# from the annotations when the definitions load.
