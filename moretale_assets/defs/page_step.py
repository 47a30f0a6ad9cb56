"""What the page-by-page assets share: the operator's page selection, the retry policy, and
turning per-page outcomes into metadata or a Failure that names the pages."""

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import dagster as dg
from pydantic import Field

from moretale_assets.lib import causes as failure_causes
from moretale_assets.lib import contract
from moretale_assets.lib.item_runner import Item, Outcome, RetrySettings, run_items
from moretale_assets.lib.schemas import Provenance, Story

T = TypeVar("T")
E = TypeVar("E", bound=Provenance)

# A step that still has failed pages after its in-step retries is retried as a whole; the retry
# skips every page already done, so only the failed ones are redone.
RETRY = dg.RetryPolicy(
    max_retries=2, delay=1.0, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


_PAGE_FIELDS = contract.PageSelection.model_fields


class PageSelection(dg.Config):
    """Operators: regenerate chosen pages with `pages: [3, 7]` and `force: true`. The fields of
    `contract.PageSelection`, which the API builds run config from (a test keeps them equal)."""

    pages: list[int] = Field(default_factory=list, description=_PAGE_FIELDS["pages"].description)
    force: bool = Field(False, description=_PAGE_FIELDS["force"].description)
    redo_of: str = Field("", description=_PAGE_FIELDS["redo_of"].description)
    redo_reasons: dict[str, str] = Field(
        default_factory=dict, description=_PAGE_FIELDS["redo_reasons"].description
    )


class CoverConfig(dg.Config):
    """The fields of `contract.ForceOnly`: redo the item even if a valid file exists."""

    force: bool = False


def selected_pages(story: Story, config: PageSelection) -> list[int]:
    n = len(story.pages)
    bad = sorted({p for p in config.pages if not 1 <= p <= n})
    if bad:
        raise dg.Failure(
            description=f"pages {bad} do not exist: this story has pages 1..{n}",
            allow_retries=False,
        )
    return sorted(set(config.pages)) or list(range(1, n + 1))


def retry_settings(attempts: int) -> RetrySettings:
    return RetrySettings(max_attempts=attempts)


def counts(outcomes: Sequence[Outcome[Any]]) -> dict[str, int]:
    return {
        "generated": sum(o.status == "generated" for o in outcomes),
        "skipped": sum(o.status == "skipped_exists" for o in outcomes),
        "failed": sum(o.status == "failed" for o in outcomes),
    }


def outcome_metadata(outcomes: Sequence[Outcome[Any]], elapsed_s: float) -> dict[str, Any]:
    c = counts(outcomes)
    durations = sorted(o.elapsed_ms for o in outcomes if o.status == "generated")
    return {
        contract.ITEMS_GENERATED: dg.MetadataValue.int(c["generated"]),
        contract.ITEMS_SKIPPED: dg.MetadataValue.int(c["skipped"]),
        contract.ITEMS_FAILED: dg.MetadataValue.int(c["failed"]),
        contract.STEP_SECONDS: dg.MetadataValue.float(round(elapsed_s, 3)),
        contract.ITEM_MS_MEDIAN: dg.MetadataValue.float(
            round(durations[len(durations) // 2], 1) if durations else 0.0
        ),
        contract.ITEM_MS_MAX: dg.MetadataValue.float(round(durations[-1], 1) if durations else 0.0),
    }


def fail_if_any(
    kind: str,
    outcomes: Sequence[Outcome[Any]],
    metadata: dict[str, Any],
    *,
    final: bool = False,
) -> None:
    """Raise a Failure naming every failed item and its cause, with the step's metadata (the
    page table among it). `final`: no step retry follows, whatever the causes."""
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return
    # Each cause is cut short: the whole message must stay readable with every page failing.
    causes = "; ".join(f"{o.label}: {(o.error or 'unknown error')[:200]}" for o in failed)
    groups = failure_causes.by_cause((o.label, o.page, o.error) for o in failed)
    extra = {
        contract.FAILED_ITEMS: dg.MetadataValue.json([o.label for o in failed]),
        "failure_causes": dg.MetadataValue.json(groups),
    }
    if any(g["cause"] == "quota" for g in groups):  # the day block, its reset and next probe
        extra["quota_block"] = next(g["example"] for g in groups if g["cause"] == "quota")
    raise dg.Failure(
        description=f"{len(failed)} {kind} item(s) failed ({failure_causes.summary(groups)}): "
        f"{', '.join(o.label for o in failed)}. {causes}",
        metadata={**metadata, **extra},
        # Retrying helps only if some failure could pass on a second try.
        allow_retries=not final and any(o.retryable for o in failed),
    )


def page_table(rows: list[dict[str, Any]]) -> dg.MetadataValue:
    columns = [
        dg.TableColumn("item", "string"),
        dg.TableColumn("page", "int"),
        dg.TableColumn("status", "string"),
        dg.TableColumn("attempts", "int"),
        dg.TableColumn("ms", "float"),
        dg.TableColumn("uri", "string"),
        dg.TableColumn("error", "string"),
    ]
    return dg.MetadataValue.table(
        records=[dg.TableRecord(r) for r in rows], schema=dg.TableSchema(columns=columns)
    )


def row(outcome: Outcome[Any], uri: str | None) -> dict[str, Any]:
    return {
        "item": outcome.label,
        "page": outcome.page or 0,
        "status": outcome.status,
        "attempts": outcome.attempts,
        "ms": round(outcome.elapsed_ms, 1),
        "uri": uri or "",
        "error": outcome.error or "",
    }


def kept_entry(old: E | None, path: str) -> E | None:
    """The manifest entry of a file this run found done, marked skipped, keeping the provenance
    of the run that made it. None when the old entry does not describe that file (a failure, or
    another path): another run of the partition made it after this run read the manifest, and
    the caller describes the file itself."""
    if old is None or old.status == "failed" or old.path != path:
        return None
    return old.model_copy(update={"status": "skipped_exists", "error": None})


class ProgressReporter:
    """Emits throttled AssetObservations while pages finish: done/failed/total and the files
    made so far (`progress_ready`, comma-separated, cumulative), so readers of the event log
    (the API's catalog) see progress, and each finished page, during a step rather than only
    when its manifest is written at the end."""

    def __init__(
        self,
        context: dg.AssetExecutionContext,
        total: int,
        paths: Mapping[str, str] | None = None,
        every_s: float = 0.25,
    ):
        self.context, self.total, self.every_s = context, total, every_s
        self.paths = paths or {}
        self.done = self.failed = 0
        self.ready: list[str] = []
        self._seen: set[str] = set()
        # The first finished page is reported at once, later ones at most every `every_s`.
        self._last = time.monotonic() - every_s

    def __call__(self, outcome: Outcome[Any]) -> None:
        # An item reported twice (a page narrated in a batch, then skipped by the per-page pass)
        # counts once.
        if outcome.label in self._seen:
            return
        self._seen.add(outcome.label)
        if outcome.status == "failed":
            self.failed += 1
        else:
            self.done += 1
            # Only new files: a skipped page is already in the manifest, with its own status.
            if outcome.status == "generated" and outcome.label in self.paths:
                self.ready.append(self.paths[outcome.label])
        if time.monotonic() - self._last >= self.every_s:
            self.emit()

    def emit(self) -> None:
        self._last = time.monotonic()
        progress = contract.Progress(
            done=self.done,
            failed=self.failed,
            total=self.total,
            ready=list(self.ready) if self.paths else None,
        )
        self.context.log_event(
            dg.AssetObservation(
                asset_key=self.context.asset_key,
                partition=self.context.partition_key,
                metadata=progress.to_metadata(),
            )
        )


def stop_if_canceled(context: dg.AssetExecutionContext) -> None:
    """Fail the step for good once the run has been asked to stop.

    With the in-process executor Dagster turns a cancel's interrupt into a retry of any op that
    has a RetryPolicy, then runs the remaining steps as if nothing happened
    (dagster-io/dagster#15026). A Failure that forbids retries ends each step instead, and a
    run that is CANCELING with failed steps is reported CANCELED."""
    run = context.instance.get_run_by_id(context.run.run_id)
    if run is not None and run.status in (
        dg.DagsterRunStatus.CANCELING,
        dg.DagsterRunStatus.CANCELED,
    ):
        raise dg.Failure("the run was canceled", allow_retries=False)


@contextmanager
def stop_on_cancel(context: dg.AssetExecutionContext) -> Iterator[None]:
    """Provider work inside a step: a cancel stops the step without a retry (stop_if_canceled)."""
    stop_if_canceled(context)
    try:
        yield
    except (KeyboardInterrupt, dg.DagsterExecutionInterruptedError) as exc:
        raise dg.Failure("the run was canceled", allow_retries=False) from exc


def run_pages(
    context: dg.AssetExecutionContext,
    items: Sequence[Item[T]],
    *,
    workers: int,
    retry: RetrySettings,
    on_outcome: Callable[[Outcome[T]], None] | None = None,
) -> list[Outcome[T]]:
    with stop_on_cancel(context):
        return run_items(items, workers=workers, retry=retry, on_outcome=on_outcome)
