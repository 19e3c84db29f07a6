"""The baseline: the export a user writes with the PyPI `jira` library — one request at a time."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jira import JIRA

COMMENT_PAGE = 100  # Cloud's cap; asking for more returns 100 anyway
CHANGELOG_PAGE = 100
DOWNLOAD_CHUNK = 64 * 1024


@dataclass(frozen=True)
class NaiveResult:
    issues: int
    comments: int
    histories: int
    worklogs: int
    attachments: int
    attachment_bytes: int
    wall_s: float
    cpu_s: float
    digests: dict[str, dict[str, Any]]  # per issue key: counts and attachment SHA-256s, to check completeness


def _all_comments(jira: JIRA, key: str) -> list[dict]:
    comments: list[dict] = []
    while True:
        page = jira.comments(key, start_at=len(comments), max_results=COMMENT_PAGE)
        comments += [comment.raw for comment in page]
        if len(page) < COMMENT_PAGE:
            return comments


def _all_histories(jira: JIRA, key: str) -> list[dict]:
    # The library has no changelog method; `_get_json` is its own way of calling any REST path.
    histories: list[dict] = []
    while True:
        params = {"startAt": len(histories), "maxResults": CHANGELOG_PAGE}
        page = jira._get_json(f"issue/{key}/changelog", params=params)
        histories += page["values"]
        if page.get("isLast", True) or not page["values"]:
            return histories


def _download(attachment: Any, folder: Path) -> tuple[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    # By id: two attachments of one issue may share a file name.
    with (folder / str(attachment.id)).open("wb") as out:
        for chunk in attachment.iter_content(DOWNLOAD_CHUNK):
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def naive_export(url: str, email: str, token: str, jql: str, out: Path) -> NaiveResult:
    """Every issue of `jql` with all fields, comments, history, worklogs and attachment files, into `out`."""
    started, cpu = time.perf_counter(), time.process_time()
    jira = JIRA(server=url, basic_auth=(email, token))
    issues = jira.enhanced_search_issues(jql, maxResults=False)  # all fields, every page
    digests: dict[str, dict[str, Any]] = {}
    totals = {"comments": 0, "histories": 0, "worklogs": 0, "attachments": 0, "attachment_bytes": 0}
    out.mkdir(parents=True, exist_ok=True)
    with (out / "issues.ndjson").open("w", encoding="utf-8") as ndjson:
        for issue in issues:
            comments = _all_comments(jira, issue.key)
            histories = _all_histories(jira, issue.key)
            worklogs = [worklog.raw for worklog in jira.worklogs(issue.key)]
            files = {
                str(attachment.id): _download(attachment, out / "attachments" / issue.key)
                for attachment in issue.fields.attachment
            }
            record = {**issue.raw, "comments": comments, "changelog": histories, "worklogs": worklogs}
            ndjson.write(json.dumps(record) + "\n")
            digests[issue.key] = {
                "comments": len(comments), "histories": len(histories), "worklogs": len(worklogs),
                "attachments": {attachment_id: sha for attachment_id, (sha, _) in files.items()},
            }
            totals["comments"] += len(comments)
            totals["histories"] += len(histories)
            totals["worklogs"] += len(worklogs)
            totals["attachments"] += len(files)
            totals["attachment_bytes"] += sum(size for _, size in files.values())
    return NaiveResult(
        issues=len(issues), wall_s=time.perf_counter() - started, cpu_s=time.process_time() - cpu,
        digests=digests, **totals,
    )


def completeness_gaps(result: NaiveResult, truth: Sequence[dict[str, Any]]) -> list[str]:
    """How the baseline's data differs from the ground truth (empty when it is complete)."""
    gaps = []
    if set(result.digests) != {issue["key"] for issue in truth}:
        gaps.append(f"issue keys differ: {len(result.digests)} exported, {len(truth)} expected")
    for issue in truth:
        got = result.digests.get(issue["key"])
        if got is None:
            continue
        for name in ("comments", "histories", "worklogs"):
            if got[name] != issue[name]:
                gaps.append(f"{issue['key']}: {got[name]} {name}, expected {issue[name]}")
        expected = {a["id"]: a["sha256"] for a in issue["attachments"]}
        if got["attachments"] != expected:
            gaps.append(f"{issue['key']}: attachment digests differ")
    return gaps
