"""Signed webhooks (Standard Webhooks): story.completed / story.partial / story.failed and
set.completed, delivered at least once with a stable id by the API process (issue 16)."""
