"""What tests and benchmarks ask Dagster besides what the API asks: run and step timings,
partition statuses as the UI shows them, and asset backfills as the UI sends them.

Kept out of `api/dagster_client.py` so the API's client holds only what the API uses; this is
the same client (same transport, same error type) with the extra queries. Dev tooling: it may
import Dagster, and `Stack.client()` hands it out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from api.dagster_client import DagsterClient, DagsterUnavailable

_BACKFILL = """
mutation Backfill($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on InvalidStepError { invalidStepKey }
    ... on InvalidOutputError { stepKey invalidOutputName }
    ... on UnauthorizedError { message }
    ... on PartitionSetNotFoundError { message }
    ... on RunConflict { message }
    ... on ConflictingExecutionParamsError { message }
    ... on PresetNotFoundError { message }
    ... on InvalidSubsetError { message }
  }
}"""

_BACKFILL_STATUS = """
query Status($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill { id status runs(limit: 100) { runId status } }
    ... on PythonError { message }
  }
}"""

_PARTITION_STATUS = """
query Status($key: AssetKeyInput!) {
  assetNodeOrError(assetKey: $key) {
    __typename
    ... on AssetNode { assetPartitionStatuses { __typename
      ... on DefaultPartitionStatuses {
        materializedPartitions failedPartitions materializingPartitions
      } } }
  }
}"""

_RUN_STEPS = """
query Steps($id: ID!) {
  runOrError(runId: $id) {
    __typename
    ... on Run { status creationTime startTime endTime
      stepStats { stepKey status startTime endTime } }
    ... on PythonError { message }
  }
}"""


@dataclass(frozen=True)
class Backfill:
    id: str
    status: str
    runs: list[tuple[str, str]]


class ProbeClient(DagsterClient):
    def run_timing(self, run_id: str) -> dict[str, Any]:
        """Run status, timestamps (epoch seconds) and per-step start/end, as the UI shows them."""
        data = self._execute(_RUN_STEPS, {"id": run_id})["runOrError"]
        if data["__typename"] != "Run":
            raise DagsterUnavailable(f"runOrError: {data}")
        return data

    def partition_statuses(self, asset: str) -> dict[str, list[str]]:
        """What the UI shows per partition of an asset: materialized, failed, materializing."""
        data = self._execute(_PARTITION_STATUS, {"key": {"path": [asset]}})["assetNodeOrError"]
        statuses = data.get("assetPartitionStatuses") or {}
        return {
            "materialized": statuses.get("materializedPartitions", []),
            "failed": statuses.get("failedPartitions", []),
            "materializing": statuses.get("materializingPartitions", []),
        }

    def launch_backfill(
        self, partitions: Sequence[str], assets: Sequence[str], *, from_failure: bool = False
    ) -> str:
        """What the UI's "Materialize → backfill" sends: an asset backfill over story keys."""
        params: dict[str, Any] = {
            "partitionNames": list(partitions),
            "assetSelection": [{"path": [a]} for a in assets],
            "fromFailure": from_failure,
        }
        result = self._execute(_BACKFILL, {"params": params})["launchPartitionBackfill"]
        if result["__typename"] != "LaunchBackfillSuccess":
            raise DagsterUnavailable(f"launchPartitionBackfill: {result}")
        return result["backfillId"]

    def backfill(self, backfill_id: str) -> Backfill:
        data = self._execute(_BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]
        if data["__typename"] != "PartitionBackfill":
            raise DagsterUnavailable(f"partitionBackfillOrError: {data}")
        return Backfill(
            data["id"], data["status"], [(r["runId"], r["status"]) for r in data["runs"]]
        )
