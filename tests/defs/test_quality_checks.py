"""The quality gates as partitioned asset checks on a real Dagster instance."""

import hashlib
import io

import dagster as dg
from PIL import Image

from moretale_assets.defs.quality.redo import redo_failing_pages
from moretale_assets.lib.layout import ILLUSTRATION_MANIFEST, illustration_path, quality_path
from moretale_assets.lib.quality.record import CheckRecord


def _entry(book, page: int):
    manifest = book.illustration_manifest()
    return next(e for e in manifest.entries if e.asset_type == "page" and e.page_number == page)


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
    config = request.run_config["ops"]["page_illustrations"]["config"]
    assert list(request.run_config["ops"]) == ["page_illustrations"]
    assert (config["pages"], config["force"], config["redo_of"]) == ([2], True, flagged.run_id)
    assert config["redo_reasons"]["2"].startswith("not_blank: blank")
    # The check's report beside the book says the same (what the API serves).
    record = book.get_model(quality_path("picture_quality"), CheckRecord)
    assert record.run_id == flagged.run_id and record.status == "fail"
    assert "not_blank" in {c.name for c in record.report.checks if 2 in c.failing_pages()}
    redo = runner.run(book, selection=["page_illustrations"], run_config=request.run_config,
                      tags=request.tags)  # fmt: skip
    check = {e.check_name: e for e in redo.get_asset_check_evaluations()}["picture_quality"]
    assert check.passed  # page 2 drawn again
    assert _sensor(runner, redo) is None
    # The manifest records the redo on the page it redid, and on no other.
    entry = _entry(book, 2)
    assert entry.redo is not None and entry.redo.reason == config["redo_reasons"]["2"]
    assert (entry.redo.attempt, entry.redo.of_run, entry.run_id) == (1, flagged.run_id, redo.run_id)
    assert _entry(book, 3).redo is None
    record = book.get_model(quality_path("picture_quality"), CheckRecord)
    assert record.run_id == redo.run_id and record.status != "fail"
    # A redo that still fails is not redone again: the page stays flagged.
    _blank_page(book, 2)
    still = runner.run(book, selection=["page_illustrations"], tags=request.tags)
    check = {e.check_name: e for e in still.get_asset_check_evaluations()}["picture_quality"]
    assert not check.passed
    assert _sensor(runner, still) is None


def test_a_second_check_redo_of_a_page_counts_its_attempt(runner, make_request):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book).success
    attempts = []
    for _ in range(2):
        _blank_page(book, 3)
        flagged = runner.run(book, selection=["page_illustrations"])
        request = _sensor(runner, flagged)
        assert isinstance(request, dg.RunRequest)
        assert runner.run(book, selection=["page_illustrations"], run_config=request.run_config,
                          tags=request.tags).success  # fmt: skip
        attempts.append(_entry(book, 3).redo.attempt)
    assert attempts == [1, 2]
    # A page the operator forces is made anew, not by the checks: no redo recorded.
    forced = {"ops": {"page_illustrations": {"config": {"pages": [3], "force": True}}}}
    assert runner.run(book, selection=["page_illustrations"], run_config=forced).success
    assert _entry(book, 3).redo is None


def test_checks_of_outputs_not_requested_pass_with_nothing_to_judge(runner, make_request):
    request = make_request(page_count=4)
    request.generation.enable_tts = False
    book = runner.new_book(request)
    result = runner.run(book)
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["narration_quality"].passed
    record = book.get_model(quality_path("narration_quality"), CheckRecord)
    assert record.report.checks == [] and record.status == "pass"
    assert _sensor(runner, result) is None


def test_a_forced_redraw_draws_anew_and_a_repair_keeps_or_restores_the_recorded_one(
    runner, make_request
):
    book = runner.new_book(make_request(page_count=4))
    assert runner.run(book).success
    first, entry = book.get(illustration_path(2)), _entry(book, 2)
    assert entry.regeneration == 0
    pages = ["page_illustrations"]

    def run(config: dict) -> None:
        ops = {"ops": {"page_illustrations": {"config": config}}}
        assert runner.run(book, selection=pages, run_config=ops).success

    run({"pages": [2], "force": True})
    forced, entry = book.get(illustration_path(2)), _entry(book, 2)
    assert forced != first, "a forced redraw returned the same picture"
    assert entry.regeneration == 1 and entry.seed != _entry(book, 1).seed
    assert book.get(illustration_path(1)) is not None
    # A repair of the unchanged page keeps it.
    run({"pages": [2]})
    assert book.get(illustration_path(2)) == forced and _entry(book, 2).regeneration == 1
    # A lost file is drawn again from the recorded regeneration: the same bytes.
    (runner.root / book.story_id / illustration_path(2)).unlink()
    run({"pages": [2]})
    assert book.get(illustration_path(2)) == forced
    # Forcing again moves on again.
    run({"pages": [2], "force": True})
    assert book.get(illustration_path(2)) not in (first, forced)
    assert _entry(book, 2).regeneration == 2
