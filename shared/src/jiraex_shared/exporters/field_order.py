"""Which fields an export shows, in which order: decided once, up front, so streamed columns stay fixed."""

from collections.abc import Iterable, Sequence

from jiraex_shared.exporters.field_names import FieldDictionary

# Shown in their own files or columns, never as a field column.
SEPARATE_FIELDS = frozenset({"comment", "worklog", "issuekey"})
# Jira's own exports lead with these; everything else follows by name, system fields before custom ones.
LEADING_FIELDS = (
    "summary",
    "issuetype",
    "status",
    "priority",
    "resolution",
    "assignee",
    "reporter",
    "creator",
    "created",
    "updated",
    "resolutiondate",
    "duedate",
    "project",
    "parent",
    "labels",
    "components",
    "versions",
    "fixVersions",
    "description",
    "environment",
    "timeoriginalestimate",
    "timeestimate",
    "timespent",
    "aggregatetimeoriginalestimate",
    "aggregatetimeestimate",
    "aggregatetimespent",
    "timetracking",
    "workratio",
    "progress",
    "aggregateprogress",
    "issuelinks",
    "subtasks",
    "attachment",
    "votes",
    "watches",
    "security",
    "statuscategorychangedate",
    "lastViewed",
)
_LEADING_RANK = {field_id: rank for rank, field_id in enumerate(LEADING_FIELDS)}


def _natural_order(dictionary: FieldDictionary, ids: Iterable[str]) -> list[str]:
    def sort_key(field_id: str) -> tuple[int, int, str, str]:
        info = dictionary.get(field_id)
        custom = info.custom if info else field_id.startswith("customfield_")
        rank = _LEADING_RANK.get(field_id, len(_LEADING_RANK))
        return (int(custom), rank, dictionary.label(field_id).casefold(), field_id)

    return sorted(ids, key=sort_key)


def ordered_field_ids(dictionary: FieldDictionary, selected: Sequence[str] | None) -> list[str]:
    """Field ids to show, without the ones exported separately (comments, worklogs, key).

    ``selected`` follows Jira's ``fields`` parameter: ids, ``*all``, ``*navigable`` and ``-id``
    exclusions; names are accepted too and resolve to every field bearing them. None means all
    fields. An explicit list keeps the user's order; ``*all``/``*navigable`` use Jira's natural order.
    """
    tokens = [t.strip() for t in (selected if selected is not None else ["*all"]) if t and t.strip()]
    excluded = {t[1:] for t in tokens if t.startswith("-")}
    chosen: list[str] = []
    for entry in tokens:
        if entry.startswith("-"):
            continue
        if entry in ("*all", "*navigable"):
            everything = [i.id for i in dictionary if entry == "*all" or i.navigable]
            chosen.extend(_natural_order(dictionary, everything))
        elif entry in dictionary:
            chosen.append(entry)
        else:
            # An unknown entry is kept as an id: Jira may return a field the dictionary lacks.
            chosen.extend(dictionary.ids_named(entry) or [entry])
    result: list[str] = []
    seen: set[str] = set()
    for field_id in chosen:
        if field_id not in seen and field_id not in excluded and field_id not in SEPARATE_FIELDS:
            seen.add(field_id)
            result.append(field_id)
    return result


def present_field_ids(
    dictionary: FieldDictionary, ordered: Sequence[str], fields: dict[str, object]
) -> list[str]:
    """Fields of one issue to show: the ordered ones it has, then any others it carries, in natural order."""
    known = set(ordered)
    shown = [f for f in ordered if f in fields]
    extra = [f for f in fields if f not in known and f not in SEPARATE_FIELDS]
    return shown + _natural_order(dictionary, extra)
