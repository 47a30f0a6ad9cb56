"""The quality gates as partitioned asset checks on a real Dagster instance."""

import dagster as dg


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
