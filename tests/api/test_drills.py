"""Issue 17's fast fault drills as tests, on the real stack (embedded instance only: the drills
restart the API and read pool slots from the SQLite instance). The drills themselves live in
`bench/drills.py`, which also prints their figures."""

import pytest

from bench import drills

pytestmark = pytest.mark.parametrize("api_stack", ["sqlite"], indirect=True)


@pytest.fixture
def ctx(api_stack, api):
    return drills.Ctx(api_stack.stack, api, api_stack.plan)


def test_killed_worker_frees_its_slot_keeps_its_pages_and_a_ui_repair_shows(ctx):
    drills.drill_killed_worker(ctx)
    assert ctx.figures["repair_visible_in_api_s"] <= 2.0
    assert ctx.figures.get("slots_leaked", 0) == 0


def test_two_concurrent_regenerates_launch_once(ctx):
    drills.drill_concurrent_regenerate(ctx)
    assert ctx.figures.get("pages_made_twice", 0) == 0


def test_two_concurrent_repairs_launch_once(ctx):
    drills.drill_concurrent_regenerate(ctx, action="repair", body={"pages": [1]})
    assert ctx.figures.get("pages_made_twice", 0) == 0


def test_cancel_in_queued_and_starting_is_definite(ctx):
    drills.drill_cancel_early(ctx, delays=(0.0, 0.9, 1.6))


def test_purge_while_running_leaves_nothing(ctx):
    drills.drill_purge_running(ctx)


def test_batch_retry_with_idempotency_key_makes_no_duplicates(ctx):
    drills.drill_batch_retry(ctx)
    assert ctx.figures.get("duplicate_stories", 0) == 0


def test_one_unreadable_manifest_does_not_stall_the_catalog(ctx):
    drills.drill_unreadable_manifest(ctx)


def test_crash_inside_create_is_reconciled_and_replayed(ctx):
    drills.drill_crash_in_create(ctx)
    assert ctx.figures.get("duplicate_stories", 0) == 0
