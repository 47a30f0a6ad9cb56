"""The embedded quota file: run workers that start together all open it."""

import threading

from moretale_assets.lib.quota import Pacer


def test_workers_opening_a_new_quota_file_at_once_all_get_it(tmp_path):
    # Before the retry, 7 of 200 such four-way races failed with "database is locked".
    failures: list[BaseException] = []
    for i in range(200):
        path = tmp_path / f"pacing-{i}.sqlite"
        gate = threading.Barrier(4)

        def open_it(path=path, gate=gate) -> None:
            gate.wait()
            try:
                Pacer(path, rpm={"m": 10})
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert failures == []
