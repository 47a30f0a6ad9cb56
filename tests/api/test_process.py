"""Properties of the API process itself (run in a child process: they are process-wide)."""

import subprocess
import sys
import textwrap


def test_startup_freezes_what_it_loaded_so_full_collections_stay_short(tmp_path):
    # A full collection walked Dagster's GraphQL client and everything else loaded at start
    # (~80 ms, every request waiting); after start-up those objects must be frozen.
    code = textwrap.dedent(
        f"""
        import gc
        from fastapi.testclient import TestClient
        from api.main import create_app
        from api.settings import ApiSettings

        settings = ApiSettings(
            catalog_path={str(tmp_path / "catalog.duckdb")!r},
            storage_root={str(tmp_path / "out")!r},
            dagster_port=9,  # nothing listens: the ingest loop just retries
            api_keys="k",
        )
        before = gc.get_freeze_count()
        with TestClient(create_app(settings)) as client:
            assert client.get("/healthz").status_code == 200
            print(before, gc.get_freeze_count(), len(gc.get_objects()))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    before, frozen, live = map(int, out.stdout.split()[-3:])
    assert before == 0
    assert frozen > 100_000 and frozen > 10 * live, (frozen, live)
