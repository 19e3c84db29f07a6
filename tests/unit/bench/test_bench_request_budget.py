"""The minimum request count of a complete Cloud export, and the simulator-stats summary."""

from request_budget import MinimumRequests, minimum_requests, summarise_stats, truth_totals


def issue(comments: int = 0, histories: int = 0, worklogs: int = 0, attachments: int = 0) -> dict:
    return {
        "key": "K-1", "id": "1", "comments": comments, "histories": histories, "worklogs": worklogs,
        "attachments": [{"id": str(n), "size": 10, "sha256": "x"} for n in range(attachments)],
    }


def test_embedded_lists_cost_nothing_and_truncated_ones_cost_the_rest_in_pages() -> None:
    issues = [
        issue(comments=20, worklogs=20),  # fully embedded
        issue(comments=21, worklogs=21),  # one more page each
        issue(comments=220, worklogs=5020),  # 200 more comments = 2 pages; 5000 more worklogs = 1 page
        issue(comments=221, attachments=3),  # 201 more comments = 3 pages
    ]
    assert minimum_requests(issues) == MinimumRequests(
        id_pages=1, bulkfetch_pages=1, changelog_pages=1, comment_pages=6, worklog_pages=2, attachments=3
    )


def test_pages_follow_the_bulk_limits() -> None:
    issues = [issue(histories=25) for _ in range(5001)]
    found = minimum_requests(issues)
    assert found.id_pages == 2
    assert found.bulkfetch_pages == 51
    # Six batches of 1,000 ids: five with 25,000 histories (3 pages each) and one with 25 (1 page).
    assert found.changelog_pages == 16
    assert found.total == 2 + 51 + 16
    assert found.as_dict()["total"] == found.total


def test_truth_totals_are_the_manifest_counts() -> None:
    assert truth_totals([issue(1, 2, 3, 2), issue(4, 5, 6, 0)]) == {
        "issues_exported": 2, "comments": 5, "histories": 7, "worklogs": 9, "attachments": 2,
        "attachment_bytes": 20,
    }


def test_stats_summary_separates_media_requests_and_measures_the_active_window() -> None:
    stats = {
        "by_endpoint": {
            "POST /rest/api/3/issue/bulkfetch": {"200": 30, "429": 1},
            "GET /rest/api/3/attachment/content/{id}": {"303": 9},
            "media GET /file/{id}/binary": {"200": 9},
        },
        "by_status": {"200": 39, "303": 9, "429": 1},
        "early_retries": 1,
        "early_retries_same_connection": 1,
        "arrivals_within_retry_after": 4,
        "per_second": [
            {"second": 3, "requests": 20, "429": 1},
            {"second": 4, "requests": 0, "429": 0},
            {"second": 5, "requests": 29, "429": 0},
        ],
    }
    summary = summarise_stats(stats)
    assert (summary.jira_requests, summary.media_requests, summary.status_429) == (40, 9, 1)
    assert summary.active_seconds == 3
    assert (summary.early_retries, summary.early_same_connection, summary.within_retry_after) == (1, 1, 4)
    assert summary.rate == 39 / 3  # the 429 is not useful work
    assert summary.per_second == [(3, 20, 1), (4, 0, 0), (5, 29, 0)]
    assert summary.share_429 == 1 / 40


def test_an_idle_phase_has_no_rate() -> None:
    summary = summarise_stats({"by_endpoint": {}, "by_status": {}, "early_retries": 0, "per_second": []})
    assert (summary.rate, summary.share_429, summary.active_seconds) == (0.0, 0.0, 0)
