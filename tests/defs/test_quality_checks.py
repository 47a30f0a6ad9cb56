"""The quality gates as partitioned asset checks on a real Dagster instance."""

import hashlib
import io

import dagster as dg
from PIL import Image

from moretale_assets.defs.quality.redo import redo_failing_pages
from moretale_assets.lib.layout import ILLUSTRATION_MANIFEST, illustration_path


def test_quality_checks_run_per_story_with_per_page_results(runner, make_request):
    book = runner.new_book(make_request(page_count=6, theme="the sea"))
    result = runner.run(book)
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    for name in ("story_quality", "narration_quality", "picture_quality"):
        e = evaluations[name]
        assert e.passed, (name, e.metadata["failed_checks"].value)
        assert e.partition == book.story_id  # one result per story, not one shared status
        assert e.metadata["checks_ran"].value
        assert "| page | status |" in e.metadata["pages"].value
    story = evaluations["story_quality"].metadata
    assert "theme_present" in story["checks_ran"].value
    # Break a page's text: the blocking story check now fails with ERROR severity.
    broken = book.story().model_copy(deep=True)
    broken.pages[1].text_primary = broken.pages[1].text_secondary  # English where Korean belongs
    book.put_model("story.json", broken)
    again = runner.run(book, selection=["story"])
    failed = {e.check_name: e for e in again.get_asset_check_evaluations()}["story_quality"]
    assert not failed.passed and failed.severity == dg.AssetCheckSeverity.ERROR
    assert "language_script" in failed.metadata["failed_checks"].value


def _blank_page(book, page: int) -> None:
    """Replace a page's picture with a blank one the manifest vouches for (as a model might
    return): the page asset keeps it, only the quality check can tell."""
    png = io.BytesIO()
    Image.new("RGB", (1024, 1024), (250, 250, 250)).save(png, "PNG")
    data = png.getvalue()
    book.put(illustration_path(page), data, "image/png")
    manifest = book.illustration_manifest()
    for e in manifest.entries:
        if e.page_number == page and e.asset_type == "page":
            e.sha256, e.bytes = hashlib.sha256(data).hexdigest(), len(data)
    book.put_model(ILLUSTRATION_MANIFEST, manifest)


def _sensor(runner, run):
    event = runner.instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)[0]
    context = dg.build_run_status_sensor_context(
        sensor_name=redo_failing_pages.name,
        dagster_event=event.dagster_event,
        dagster_instance=runner.instance,
        dagster_run=runner.instance.get_run_by_id(run.run_id),
    )
    return redo_failing_pages(context)


def test_pages_failing_a_check_are_redone_once(runner, make_request):
    book = runner.new_book(make_request(page_count=6))
    assert runner.run(book).success
    _blank_page(book, 2)
    flagged = runner.run(book, selection=["page_illustrations"])
    assert flagged.success  # picture checks warn and flag; they do not fail the run
    check = {e.check_name: e for e in flagged.get_asset_check_evaluations()}["picture_quality"]
    assert not check.passed and "not_blank" in check.metadata["failed_checks"].value
    request = _sensor(runner, flagged)
    assert isinstance(request, dg.RunRequest) and request.partition_key == book.story_id
    assert request.run_config == {
        "ops": {"page_illustrations": {"config": {"pages": [2], "force": True}}}
    }
    redo = runner.run(book, selection=["page_illustrations"], run_config=request.run_config,
                      tags=request.tags)  # fmt: skip
    check = {e.check_name: e for e in redo.get_asset_check_evaluations()}["picture_quality"]
    assert check.passed  # page 2 drawn again
    assert isinstance(_sensor(runner, redo), dg.SkipReason)
    # A redo that still fails is not redone again: the page stays flagged.
    _blank_page(book, 2)
    still = runner.run(book, selection=["page_illustrations"], tags=request.tags)
    check = {e.check_name: e for e in still.get_asset_check_evaluations()}["picture_quality"]
    assert not check.passed
    assert isinstance(_sensor(runner, still), dg.SkipReason)
