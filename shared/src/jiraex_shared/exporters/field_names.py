"""The fields dictionary: each field id's facts and a human name that is unique across the dictionary."""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# Column headers the writers use themselves; a field with the same name is disambiguated by its id.
RESERVED_HEADERS = frozenset({"issue key", "issue id"})
_RICH_SYSTEM_FIELDS = frozenset({"description", "environment"})


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One entry of ``GET /field``, reduced to what the writers use."""

    id: str
    name: str
    custom: bool
    type: str | None = None
    items: str | None = None
    system: str | None = None
    custom_type: str | None = None
    custom_id: int | None = None
    navigable: bool = True
    clause_names: tuple[str, ...] = ()

    @property
    def rich_text(self) -> bool:
        """True for fields Jira stores as rich text: wiki markup on REST v2, ADF on v3."""
        if self.id in _RICH_SYSTEM_FIELDS or self.system in _RICH_SYSTEM_FIELDS:
            return True
        return bool(self.custom_type and self.custom_type.endswith(":textarea"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_field(raw: dict[str, Any]) -> FieldInfo | None:
    """A FieldInfo from a FieldDetails object, or None when it has no id."""
    field_id = _text(raw.get("id"))
    if field_id is None:
        return None
    found_schema, found_clauses = raw.get("schema"), raw.get("clauseNames")
    schema: dict[str, Any] = found_schema if isinstance(found_schema, dict) else {}
    clause_names: list[Any] = found_clauses if isinstance(found_clauses, list) else []
    custom_id = schema.get("customId")
    return FieldInfo(
        id=field_id,
        name=(_text(raw.get("name")) or field_id).strip() or field_id,
        custom=bool(raw.get("custom", field_id.startswith("customfield_"))),
        type=_text(schema.get("type")),
        items=_text(schema.get("items")),
        system=_text(schema.get("system")),
        custom_type=_text(schema.get("custom")),
        custom_id=custom_id if isinstance(custom_id, int) and not isinstance(custom_id, bool) else None,
        navigable=raw.get("navigable") is not False,
        clause_names=tuple(c for c in clause_names if isinstance(c, str)),
    )


class FieldDictionary:
    """Field facts by id, in dictionary order, with labels like ``Team [customfield_10100]`` for duplicates.

    Labels are decided over the whole dictionary, not the selection, so a column keeps its header
    whichever fields an export picks.
    """

    def __init__(self, raw_fields: Iterable[dict[str, Any]]) -> None:
        self._fields: dict[str, FieldInfo] = {}
        for raw in raw_fields:
            info = parse_field(raw) if isinstance(raw, dict) else None
            if info is not None and info.id not in self._fields:
                self._fields[info.id] = info
        seen = Counter(info.name.casefold() for info in self._fields.values())
        self._labels = {
            info.id: self._label(info, seen[info.name.casefold()] > 1) for info in self._fields.values()
        }

    @staticmethod
    def _label(info: FieldInfo, duplicated: bool) -> str:
        if duplicated or info.name.casefold() in RESERVED_HEADERS:
            return f"{info.name} [{info.id}]"
        return info.name

    def __iter__(self) -> Iterator[FieldInfo]:
        return iter(self._fields.values())

    def __len__(self) -> int:
        return len(self._fields)

    def __contains__(self, field_id: object) -> bool:
        return field_id in self._fields

    def get(self, field_id: str) -> FieldInfo | None:
        return self._fields.get(field_id)

    def label(self, field_id: str) -> str:
        """The unique human name of a field; the id itself for a field the dictionary does not know."""
        return self._labels.get(field_id, field_id)

    def ids_named(self, name: str) -> list[str]:
        """Ids whose name (or unique label) matches ``name`` case-insensitively, in dictionary order."""
        wanted = name.strip().casefold()
        return [
            i
            for i, info in self._fields.items()
            if wanted in (info.name.casefold(), self._labels[i].casefold())
        ]
