"""Request bodies of the POST operations, as Jira's request beans define them."""

# Field names are Jira's camelCase wire names.

from __future__ import annotations

import msgspec


class SearchJqlBody(msgspec.Struct, forbid_unknown_fields=True):
    """SearchAndReconcileRequestBean (POST search/jql); ``expand`` is a comma string here."""

    jql: str | None = None
    nextPageToken: str | None = None
    maxResults: int | None = None
    fields: list[str] | None = None
    expand: str | list[str] | None = None
    properties: list[str] | None = None
    fieldsByKeys: bool | None = None
    failFast: bool | None = None
    reconcileIssues: list[int] | None = None


class CountBody(msgspec.Struct, forbid_unknown_fields=True):
    """JQLCountRequestBean (POST search/approximate-count)."""

    jql: str | None = None


class BulkFetchBody(msgspec.Struct, forbid_unknown_fields=True):
    """BulkFetchIssueRequestBean (POST issue/bulkfetch); ``expand`` is a list here."""

    issueIdsOrKeys: list[str | int]
    fields: list[str] | None = None
    expand: list[str] | str | None = None
    properties: list[str] | None = None
    fieldsByKeys: bool | None = None


class ChangelogBulkBody(msgspec.Struct, forbid_unknown_fields=True):
    """BulkChangelogRequestBean (POST changelog/bulkfetch)."""

    issueIdsOrKeys: list[str | int]
    fieldIds: list[str] | None = None
    maxResults: int | None = None
    nextPageToken: str | None = None


class ServerSearchBody(msgspec.Struct, forbid_unknown_fields=True):
    """SearchRequestBean (POST /rest/api/2/search on Server/DC)."""

    jql: str | None = None
    startAt: int | None = None
    maxResults: int | None = None
    fields: list[str] | None = None
    expand: list[str] | str | None = None
    validateQuery: bool | str | None = None
    properties: list[str] | None = None
    fieldsByKeys: bool | None = None
