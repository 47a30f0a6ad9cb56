import dagster as dg

# One partition per story; keys are story ids (slug-safe, see lib/story_ids.py).
stories = dg.DynamicPartitionsDefinition(name="stories")
