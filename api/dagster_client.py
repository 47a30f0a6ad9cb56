"""The one place the API speaks Dagster's GraphQL API.

The public `DagsterGraphQLClient` covers launching, status and termination; partitions have no
client method, so those go through the same client's transport with the mutations the Dagster
UI itself sends. Only what the API uses lives here; the queries tests and benchmarks add
(timings, partition statuses, backfills) are in `devstack/graphql_probe.py`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from dagster import DagsterRunStatus
from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError

from moretale_assets.lib import contract

LOCATION = contract.LOCATION
REPOSITORY = "__repository__"
PARTITIONS_DEF = contract.PARTITIONS_DEF
BOOK_JOB = contract.BOOK_JOB

_ADD_PARTITION = """
mutation Add($sel: RepositorySelector!, $def: String!, $key: String!) {
  addDynamicPartition(repositorySelector: $sel, partitionsDefName: $def, partitionKey: $key) {
    __typename
    ... on DuplicateDynamicPartitionError { partitionName }
    ... on PythonError { message }
    ... on UnauthorizedError { message }
  }
}"""

_DELETE_PARTITIONS = """
mutation Delete($sel: RepositorySelector!, $def: String!, $keys: [String!]!) {
  deleteDynamicPartitions(repositorySelector: $sel, partitionsDefName: $def,
                          partitionKeys: $keys) {
    __typename
    ... on PythonError { message }
    ... on UnauthorizedError { message }
  }
}"""

_RUNS = """
query Runs($filter: RunsFilter, $cursor: String, $limit: Int) {
  runsOrError(filter: $filter, cursor: $cursor, limit: $limit) {
    __typename
    ... on Runs { results { runId status jobName creationTime updateTime
      tags { key value } } }
    ... on PythonError { message }
  }
}"""

_LOGS = """
query Logs($id: ID!, $after: String, $limit: Int) {
  logsForRun(runId: $id, afterCursor: $after, limit: $limit) {
    __typename
    ... on EventConnection {
      cursor hasMore
      events { __typename
        ... on MessageEvent { timestamp stepKey message eventType }
        ... on ObservationEvent { assetKey { path } partition metadataEntries { ...Meta } }
        ... on MaterializationEvent { assetKey { path } partition metadataEntries { ...Meta } }
        ... on ExecutionStepFailureEvent { error { message } failureMetadata { description } }
      }
    }
    ... on RunNotFoundError { message }
    ... on PythonError { message }
  }
}
fragment Meta on MetadataEntry { label
  ... on IntMetadataEntry { intValue }
  ... on FloatMetadataEntry { floatValue }
  ... on TextMetadataEntry { text }
  ... on BoolMetadataEntry { boolValue }
}"""

_TERMINATE = """
mutation Terminate($id: String!) {
  terminateRun(runId: $id) {
    __typename
    ... on TerminateRunFailure { message run { status } }
    ... on RunNotFoundError { message }
    ... on PythonError { message }
    ... on UnauthorizedError { message }
  }
}"""

_PING = """
query Ping { repositoriesOrError { __typename
  ... on RepositoryConnection { nodes { name location { name } } } } }"""


class DagsterUnavailable(RuntimeError):
    """Dagster could not be reached or refused the request."""


FINAL_STATUSES = frozenset({"SUCCESS", "FAILURE", "CANCELED"})
ACTIVE_STATUSES = frozenset(
    {"QUEUED", "NOT_STARTED", "STARTING", "STARTED", "MANAGED", "CANCELING"}
)


class DagsterClient:
    def __init__(self, host: str = "127.0.0.1", port: int = 3000, timeout: int = 30) -> None:
        self._host, self._port, self._timeout = host, port, timeout
        self._local = threading.local()
        self._selector = {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY}

    @property
    def _gql(self) -> DagsterGraphQLClient:
        # gql's sync transport refuses concurrent use ("already connected"), and the API calls
        # Dagster from request threads and the ingest thread at once: one client per thread.
        client = getattr(self._local, "client", None)
        if client is None:
            client = DagsterGraphQLClient(self._host, port_number=self._port, timeout=self._timeout)
            self._local.client = client
        return client

    def _execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        try:
            return self._gql._execute(query, dict(variables or {}))
        except DagsterGraphQLClientError as exc:
            cause = f" ({exc.__cause__!r})" if exc.__cause__ else ""
            raise DagsterUnavailable(f"{exc}{cause}") from exc

    def ping(self) -> bool:
        """True when the webserver answers and has loaded the moretale code location."""
        try:
            data = self._execute(_PING)
        except DagsterUnavailable:
            return False
        nodes = data.get("repositoriesOrError", {}).get("nodes", [])
        return any(n["location"]["name"] == LOCATION for n in nodes)

    def add_partition(self, key: str) -> bool:
        """Add a story partition; False if it already existed (the mutation is idempotent)."""
        result = self._execute(
            _ADD_PARTITION, {"sel": self._selector, "def": PARTITIONS_DEF, "key": key}
        )["addDynamicPartition"]
        kind = result["__typename"]
        if kind == "AddDynamicPartitionSuccess":
            return True
        if kind == "DuplicateDynamicPartitionError":
            return False
        raise DagsterUnavailable(f"addDynamicPartition: {kind}: {result.get('message', '')}")

    def delete_partition(self, key: str) -> None:
        result = self._execute(
            _DELETE_PARTITIONS, {"sel": self._selector, "def": PARTITIONS_DEF, "keys": [key]}
        )["deleteDynamicPartitions"]
        if result["__typename"] != "DeleteDynamicPartitionsSuccess":
            raise DagsterUnavailable(f"deleteDynamicPartitions: {result}")

    def launch(
        self,
        partition: str,
        *,
        job: str = BOOK_JOB,
        run_config: Mapping[str, Any] | None = None,
        assets: Sequence[str] | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> str:
        """Launch `job` for one story partition; returns the run id."""
        try:
            return self._gql.submit_job_execution(
                job,
                repository_location_name=LOCATION,
                repository_name=REPOSITORY,
                run_config=dict(run_config or {}),
                tags={**(tags or {}), contract.TAG_PARTITION: partition},
                asset_selection=list(assets) if assets else None,
            )
        except DagsterGraphQLClientError as exc:
            raise DagsterUnavailable(str(exc)) from exc

    def run_status(self, run_id: str) -> DagsterRunStatus:
        try:
            return self._gql.get_run_status(run_id)
        except DagsterGraphQLClientError as exc:
            raise DagsterUnavailable(str(exc)) from exc

    def terminate(self, run_id: str) -> str:
        """Ask Dagster to stop a run. Returns "terminating" when it accepted, or the run's
        status when it refused: a final status (nothing to stop) or STARTING (the launcher is
        still starting the worker and Dagster cannot terminate it yet: ask again shortly).
        The client's `terminate_run` turns every refusal into an exception, so a cancel in
        STARTING looked like an outage (503)."""
        data = self._execute(_TERMINATE, {"id": run_id})["terminateRun"]
        kind = data["__typename"]
        if kind == "TerminateRunSuccess":
            return "terminating"
        if kind == "TerminateRunFailure" and data.get("run"):
            return str(data["run"]["status"])
        if kind == "RunNotFoundError":
            return "NOT_FOUND"
        raise DagsterUnavailable(f"terminateRun: {kind}: {data.get('message', '')}")

    def runs_updated_after(
        self, after: float, job: str | None = None, page: int = 200
    ) -> list[dict[str, Any]]:
        """Every run whose status changed after `after` (epoch seconds), newest first: of any
        job unless `job` is given (repairs from the UI and backfills run as `__ASSET_JOB`)."""
        run_filter: dict[str, Any] = {"updatedAfter": after}
        if job:
            run_filter["pipelineName"] = job
        return self._runs(run_filter, page)

    def runs_for_partition(self, partition: str, page: int = 200) -> list[dict[str, Any]]:
        """Every run tagged with this story partition, whoever launched it, newest first."""
        return self._runs({"tags": [{"key": contract.TAG_PARTITION, "value": partition}]}, page)

    def run_info(self, run_id: str) -> dict[str, Any] | None:
        """The run's status and tags (None if it no longer exists)."""
        runs = self._runs({"runIds": [run_id]}, 1)
        return runs[0] if runs else None

    def active_runs_for_partition(self, partition: str) -> list[dict[str, Any]]:
        return [r for r in self.runs_for_partition(partition) if r["status"] in ACTIVE_STATUSES]

    def _runs(self, run_filter: dict[str, Any], page: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        cursor = None
        while True:
            data = self._execute(
                _RUNS,
                {"filter": run_filter, "cursor": cursor, "limit": page},
            )["runsOrError"]
            if data["__typename"] != "Runs":
                raise DagsterUnavailable(f"runsOrError: {data}")
            batch = data["results"]
            out.extend(batch)
            if len(batch) < page:
                return out
            cursor = batch[-1]["runId"]

    def run_logs(
        self, run_id: str, after: str | None, limit: int = 1000
    ) -> tuple[list[dict[str, Any]], str | None, bool]:
        """(events, cursor, has_more) of a run's event log after `after`."""
        data = self._execute(_LOGS, {"id": run_id, "after": after, "limit": limit})["logsForRun"]
        if data["__typename"] != "EventConnection":
            raise DagsterUnavailable(f"logsForRun: {data}")
        return data["events"], data["cursor"], data["hasMore"]
