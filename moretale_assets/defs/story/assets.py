"""The story: request.json (recorded when the story was created) → story.json."""

import time

import dagster as dg
from pydantic import ValidationError

from moretale_assets.defs.page_step import stop_on_cancel
from moretale_assets.defs.partitions import stories
from moretale_assets.defs.resources import StorageResource, StoryWriterResource
from moretale_assets.lib import contract, layout
from moretale_assets.lib.layout import Book
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.schemas import Story
from moretale_assets.lib.storage import NotFound

STORY_RETRY = dg.RetryPolicy(
    max_retries=3, delay=1.0, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


class StoryConfig(dg.Config):
    """The fields of `contract.ForceOnly`."""

    force: bool = False  # rewrite story.json even if a valid one exists (pages become stale)


def load_request(book: Book):  # type: ignore[no-untyped-def]
    try:
        return book.request()
    except NotFound as exc:
        raise dg.Failure(
            description=(
                f"no request recorded for story {book.story_id!r} ({layout.REQUEST} is missing); "
                "create stories through the API or `python -m devstack new`"
            ),
            allow_retries=False,
        ) from exc
    except ValidationError as exc:
        raise dg.Failure(
            description=f"request.json of {book.story_id!r} is invalid: {exc}", allow_retries=False
        ) from exc


def existing_story(book: Book, page_count: int) -> Story | None:
    try:
        return book.get_model(layout.STORY, Story, page_count=page_count)
    except (NotFound, ValidationError):
        return None


@dg.asset(
    name=contract.STORY,
    partitions_def=stories,
    group_name=contract.GROUP_STORY,
    kinds={"python", "json"},
    pool=contract.POOL_STORY_WRITER,
    retry_policy=STORY_RETRY,
    description="The bilingual story JSON (MoreTale's schema), written from the recorded request.",
)
def story(
    context: dg.AssetExecutionContext,
    config: StoryConfig,
    storage: StorageResource,
    story_writer: StoryWriterResource,
) -> dg.MaterializeResult:
    book = Book(storage.open(), context.partition_key)
    request = load_request(book)
    writer = story_writer.get()
    started = time.perf_counter()
    current = None if config.force else existing_story(book, request.page_count)
    status = "skipped_exists"
    if current is None:
        try:
            writer.check(request)
            with stop_on_cancel(context):
                current = writer.write(request)
            current = Story.model_validate(
                current.model_dump(), context={"page_count": request.page_count}
            )
        except ProviderError as exc:
            raise dg.Failure(
                description=f"story for {book.story_id!r} failed [{exc.code}]: {exc}",
                allow_retries=exc.retryable,
                metadata={"error_code": exc.code},
            ) from exc
        book.put_model(layout.STORY, current)
        status = "generated"
    elapsed = time.perf_counter() - started
    context.log.info(f"story {book.story_id}: {status}, {len(current.pages)} pages")
    return dg.MaterializeResult(
        metadata={
            "status": status,
            "title_primary": current.title_primary,
            "title_secondary": current.title_secondary,
            "languages": f"{current.primary_language} / {current.secondary_language}",
            "page_count": dg.MetadataValue.int(len(current.pages)),
            contract.PROVIDER: writer.provider,
            contract.MODEL: writer.model,
            "rewording": getattr(writer, "last_rewording", "") or "none",
            "seconds": dg.MetadataValue.float(round(elapsed, 3)),
            contract.STORY_URI: dg.MetadataValue.url(book.uri(layout.STORY)),
            "request": dg.MetadataValue.json(request.model_dump(mode="json")),
            "preview": dg.MetadataValue.md(
                f"### {current.title_primary}\n\n*{current.title_secondary}*\n\n"
                f"> {current.pages[0].text_primary}\n>\n> {current.pages[0].text_secondary}"
            ),
        }
    )


@dg.asset_check(
    asset=story,
    blocking=True,
    description="story.json matches the request.",
    partitions_def=stories,  # one result per story
)
def story_matches_request(
    context: dg.AssetCheckExecutionContext, storage: StorageResource
) -> dg.AssetCheckResult:
    book = Book(storage.open(), context.partition_key)
    request = book.request()
    try:
        s = book.get_model(layout.STORY, Story, page_count=request.page_count)
    except (NotFound, ValidationError) as exc:
        return dg.AssetCheckResult(passed=False, metadata={"error": str(exc)[:2000]})
    langs_ok = (s.primary_language, s.secondary_language) == (
        request.primary_lang,
        request.secondary_lang,
    )
    return dg.AssetCheckResult(
        passed=langs_ok,
        metadata={"pages": len(s.pages), "languages_match": langs_ok},
    )
