import json

import pytest

from devstack.stack import Stack, free_port


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The real processes: dagster-webserver + dagster-daemon on 127.0.0.1, temp DAGSTER_HOME.
    Provider faults come from a plan file the tests rewrite (it is re-read on every call)."""
    tmp = tmp_path_factory.mktemp("stack")
    plan = tmp / "faults.json"
    plan.write_text("{}")
    s = Stack(
        home=tmp / "dagster_home",
        outputs=tmp / "outputs",
        port=free_port(),
        env_extra={"MORETALE_FAULT_PLAN": f"@{plan}"},
    )
    s.fault_plan = plan  # type: ignore[attr-defined]
    s.start()
    try:
        yield s
    finally:
        plan.write_text("{}")
        s.stop()


def set_faults(stack, plan: dict) -> None:
    stack.fault_plan.write_text(json.dumps(plan))
