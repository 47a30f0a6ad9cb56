"""Pool limits are defined once (lib/contract.py); devstack applies them and the docs quote them."""

import re
from pathlib import Path

import yaml

from devstack.stack import EMBEDDED, PRODUCTION, Stack
from moretale_assets.lib import contract

ROOT = Path(__file__).resolve().parents[2]


def test_every_pool_has_a_limit_in_both_shapes():
    for limits in (contract.POOL_LIMITS_EMBEDDED, contract.POOL_LIMITS_PRODUCTION):
        assert set(limits) == set(contract.POOLS)
        assert all(isinstance(n, int) and n >= 1 for n in limits.values())


def test_devstack_sets_the_embedded_limits(tmp_path):
    stack = Stack(home=tmp_path / "home", outputs=tmp_path / "out")
    assert dict(stack.pool_limits) == contract.POOL_LIMITS_EMBEDDED


def test_the_deploy_guide_sets_the_production_limits():
    text = (ROOT / "docs" / "deploy.md").read_text()
    found = re.findall(r"dagster instance concurrency set (\w+) (\d+)", text)
    assert {pool: int(n) for pool, n in found} == contract.POOL_LIMITS_PRODUCTION
    assert len(found) == len(contract.POOL_LIMITS_PRODUCTION)  # none listed twice


def test_the_architecture_notes_quote_the_embedded_limits():
    text = " ".join((ROOT / "docs" / "architecture.md").read_text().split())
    quoted = dict(re.findall(r"`(\w+)` (\d+)", text.split("op-granularity pools (")[1][:120]))
    assert {pool: int(n) for pool, n in quoted.items()} == contract.POOL_LIMITS_EMBEDDED


def test_both_instances_limit_pools_per_step():
    # Op granularity is what makes a pool limit count steps (a book's narration step holds one
    # `speech` slot), which is what the numbers above are sized for.
    for path in (EMBEDDED, PRODUCTION):
        pools = yaml.safe_load(path.read_text())["concurrency"]["pools"]
        assert pools["granularity"] == "op", path
