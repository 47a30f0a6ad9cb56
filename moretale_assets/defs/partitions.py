import warnings

import dagster as dg

from moretale_assets.lib import contract

# One partition per story; keys are story ids (slug-safe, see lib/story_ids.py).
stories = dg.DynamicPartitionsDefinition(name=contract.PARTITIONS_DEF)

# Checks are partitioned like their assets so every story has its own check results; Dagster
# 1.13 marks `partitions_def` on a check as preview and warns on every load of the code location.
warnings.filterwarnings(
    "ignore",
    message="Specifying a partitions_def on an AssetCheckSpec",
    category=dg.PreviewWarning,
)
