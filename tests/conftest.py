import os

import pytest

from moretale_assets.lib.schemas import StoryRequest

# Runs must never pick up a developer's provider settings.
for _name in list(os.environ):
    if _name.startswith("MORETALE_"):
        del os.environ[_name]


@pytest.fixture
def make_request():
    def make(**kw) -> StoryRequest:
        base = {
            "child_name": "Mina",
            "child_age": 5,
            "primary_lang": "Korean",
            "secondary_lang": "English",
            "theme": "friendship",
            "page_count": 6,
        }
        return StoryRequest.model_validate({**base, **kw})

    return make


def _require(reason: str) -> None:
    """Skip with a reason on a developer machine; under CI a missing service is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 HTTP endpoint on 127.0.0.1 (moto in server mode)."""
    from moto.server import ThreadedMotoServer

    from devstack.stack import free_port

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAMORETALETEST",
    "AWS_SECRET_ACCESS_KEY": "moretale-test-secret-9f3c2a",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def make_bucket(endpoint: str, name: str) -> None:
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=AWS_TEST_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_TEST_ENV["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket=name)


@pytest.fixture(scope="session")
def postgres_server():
    """The machine's PostgreSQL (127.0.0.1:5432, trust auth); a fresh database per use."""
    import psycopg2

    try:
        psycopg2.connect(
            host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=3
        ).close()
    except psycopg2.OperationalError as exc:
        _require(f"no PostgreSQL on 127.0.0.1:5432 ({str(exc).strip()[:120]})")
    created: list[str] = []

    def new_database() -> str:
        import secrets

        name = f"moretale_test_{secrets.token_hex(4)}"
        con = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        con.autocommit = True
        con.cursor().execute(f'CREATE DATABASE "{name}"')
        con.close()
        created.append(name)
        # dagster-postgres ships psycopg2; SQLAlchemy 2.1 defaults postgresql:// to psycopg 3.
        return f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"

    yield new_database
    con = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    con.autocommit = True
    for name in created:
        con.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    con.close()


# --- test tiers -----------------------------------------------------------------------------
# Every test gets its tier(s) from where it lives and what it uses, so new test files are tiered
# without anyone remembering to: `pytest -m unit` is the seconds-long inner loop. A test module
# or test that sets a tier marker itself keeps exactly what it set.
TIERS = ("unit", "dagster", "stack", "postgres", "browser")
_STACK_FIXTURES = {"api_stack", "stack", "s3_stack", "api"}
_DIR_TIERS = {"e2e": {"browser", "stack"}, "integration": {"stack"}, "defs": {"dagster"}}
# Tests that start processes or a Dagster instance without one of the fixtures above.
_MODULE_TIERS = {
    "tests/api/test_process.py": {"stack"},
    "tests/production/test_deploy_config.py": {"dagster"},
    "tests/providers/test_gemini.py::test_pacing_holds_across_eight_processes": {"stack"},
    "tests/emulators/test_gemini_emulator.py::test_module_entry_point_serves_in_a_subprocess": {
        "stack"
    },
}


def _tiers(item: pytest.Item) -> set[str]:
    tiers: set[str] = set()
    rel = item.nodeid.split("::")[0]
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == "tests":
        tiers |= _DIR_TIERS.get(parts[1], set())
    tiers |= _MODULE_TIERS.get(rel, set()) | _MODULE_TIERS.get(item.nodeid.split("[")[0], set())
    names = set(getattr(item, "fixturenames", ()))
    if names & {"browser", "tab", "keyless_tab"}:
        tiers |= {"browser", "stack"}
    if names & _STACK_FIXTURES:
        tiers.add("stack")
    if "runner" in names:
        tiers.add("dagster")
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "postgres_server" in names or params.get("api_stack") == "postgres":
        tiers.add("postgres")
    return tiers or {"unit"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(t) for t in TIERS):
            continue
        for tier in sorted(_tiers(item)):
            item.add_marker(tier)
